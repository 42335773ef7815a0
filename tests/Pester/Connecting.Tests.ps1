# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Connecting: Connect-ZtAccount in every parameter set (token, credential, global key, environment variables,
# -Emulator), what it refuses before any request (-AccountId, -RateLimit, plain http, -Proxy), contexts
# (Get-ZtContext, -Context, Disconnect-ZtAccount, runspaces) and the context's view and JSON. Against both emulators
# where it matters: the in-process one and zt-emulator on loopback. What -Emulator and -EmulatorShape do is in
# Emulator.Tests.ps1; secrets in the context are also checked in SafetyAndSecrets.Tests.ps1.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    # The hostile server is C# 8 (Add-Type); Windows PowerShell 5.1 compiles C# 5 only, so those scenarios run on PowerShell 7.
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

# Connect-ZtAccount as a user types it, against both emulators.
Describe 'Connect-ZtAccount (<Mode>)' -ForEach $EmulatorModes {
    It 'returns the context with -PassThru and makes it the runspace default' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $ctx.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtContext'
        $ctx.IsConnected | Should -BeTrue
        $ctx.AccountId | Should -Be $EmulatorAccountId
        $ctx.ZoneId | Should -Be $EmulatorZoneId
        (Get-ZtContext).PSObject.BaseObject | Should -Be $ctx.PSObject.BaseObject
    }

    It 'writes nothing to the pipeline without -PassThru' {
        if ($Mode -eq 'InProcess') {
            @(Connect-ZtAccount -Emulator).Count | Should -Be 0
        }
        else {
            $server = Get-ZtSharedTestServer
            $token = ConvertTo-SecureString $EmulatorToken -AsPlainText -Force
            @(Connect-ZtAccount -BaseUri $server.BaseUri -ApiToken $token -AccountId $EmulatorAccountId).Count | Should -Be 0
        }
        Get-ZtContext | Should -Not -BeNullOrEmpty
    }

    It 'checks the token when it connects, and -SkipVerification does not' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        @(Get-ZtTestJournal -Context $ctx | Where-Object Operation -EQ 'VerifyToken').Count | Should -Be 1
        $ctx.TokenStatus | Should -Be 'active'

        $skipped = Connect-ZtTestEmulator -Mode $Mode -Connect @{ SkipVerification = $true }
        @(Get-ZtTestJournal -Context $skipped | Where-Object Operation -EQ 'VerifyToken').Count | Should -Be 0
        $skipped.TokenStatus | Should -Not -Be 'active'
    }

    It 'refuses an account id that is not 32 hex characters before any request' {
        $record = Get-ErrorRecord { Connect-ZtTestEmulator -Mode $Mode -Connect @{ AccountId = 'not-an-id' } }
        Assert-ErrorRecord $record 'ZtInvalidArgument.AccountId' InvalidArgument
    }

    It 'refuses a rate limit it cannot read, naming the parameter' {
        $record = Get-ErrorRecord { Connect-ZtTestEmulator -Mode $Mode -Connect @{ RateLimit = 'lots' } }
        Assert-ErrorRecord $record 'ZtInvalidArgument.RateLimit' InvalidArgument
    }
}

Describe 'Connect-ZtAccount parameter sets over loopback' {
    BeforeAll {
        $server = Get-ZtSharedTestServer
        Invoke-RestMethod -Method Post -Uri "$($server.Root)/__emulator/reset" | Out-Null
    }

    It 'ApiToken: a SecureString token by name' {
        $token = ConvertTo-SecureString $EmulatorToken -AsPlainText -Force
        $ctx = Connect-ZtAccount -ApiToken $token -BaseUri $server.BaseUri -AccountId $EmulatorAccountId -PassThru
        $ctx.AuthType | Should -Be 'ApiToken'
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
    }

    It 'Credential: a PSCredential whose password is the token (Get-AutomationPSCredential)' {
        $credential = [pscredential]::new('cloudflare', (ConvertTo-SecureString $EmulatorToken -AsPlainText -Force))
        $ctx = Connect-ZtAccount -Credential $credential -BaseUri $server.BaseUri -AccountId $EmulatorAccountId -PassThru
        $ctx.IsConnected | Should -BeTrue
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
    }

    It 'ApiKey: a global API key with -Email' {
        $key = ConvertTo-SecureString '0123456789abcdef0123456789abcdef01234' -AsPlainText -Force
        $ctx = Connect-ZtAccount -ApiKey $key -Email 'admin@example.com' -BaseUri $server.BaseUri -AccountId $EmulatorAccountId -PassThru
        $ctx.AuthType | Should -Be 'GlobalApiKey'
        $ctx.Email | Should -Be 'admin@example.com'
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
    }

    It 'Environment: CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_BASE_URL with no parameters' {
        $saved = @{}
        $names = 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_BASE_URL', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_ZONE_ID'
        foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $null) }
            $env:CLOUDFLARE_API_TOKEN = $EmulatorToken
            $env:CLOUDFLARE_ACCOUNT_ID = $EmulatorAccountId
            $env:CLOUDFLARE_BASE_URL = $server.BaseUri
            $ctx = Connect-ZtAccount -PassThru
            $ctx.AccountId | Should -Be $EmulatorAccountId
            $ctx.BaseUri | Should -Be $server.BaseUri
            (Get-ZtOrganization).Name | Should -Be 'Example Team'
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It 'a token the API refuses ends with an authentication error before anything else is sent' {
        $token = ConvertTo-SecureString 'not-the-emulator-token' -AsPlainText -Force
        $record = Get-ErrorRecord { Connect-ZtAccount -ApiToken $token -BaseUri $server.BaseUri -AccountId $EmulatorAccountId }
        $record.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $record.FullyQualifiedErrorId | Should -BeLike 'Zt*'
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        ($record | Out-String) | Should -Not -Match 'not-the-emulator-token'
    }

    It 'plain http is refused for a host other than loopback' {
        $token = ConvertTo-SecureString $EmulatorToken -AsPlainText -Force
        $record = Get-ErrorRecord { Connect-ZtAccount -ApiToken $token -BaseUri 'http://api.example.com/client/v4' -AccountId $EmulatorAccountId }
        Assert-ErrorRecord $record 'ZtInvalidArgument.BaseUri' InvalidArgument
    }
}

Describe 'Connecting to the emulator' {
    It 'makes an emulator context the runspace default and returns it with -PassThru' {
        $ctx = Connect-ZtAccount -Emulator -PassThru
        $ctx.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtContext'
        $ctx.IsEmulator | Should -BeTrue
        $ctx.AccountId | Should -Be $EmulatorAccountId
        $ctx.ZoneId | Should -Be $EmulatorZoneId
        $ctx.IsConnected | Should -BeTrue
        $ctx.TokenStatus | Should -Be 'active'
        (Get-ZtContext).PSObject.BaseObject | Should -Be $ctx.PSObject.BaseObject
    }
}

Describe 'Connect-ZtAccount' {
    It 'a plain string for -ApiToken gets a hint to ConvertTo-SecureString or Read-Host -AsSecureString, without echoing it' {
        $secret = 'plain-text-token-5c1f0e9a'
        $failure = { Connect-ZtAccount -ApiToken $secret -SkipVerification } | Should -Throw -PassThru
        "$failure" | Should -Match 'ConvertTo-SecureString'
        "$failure" | Should -Match 'Read-Host -AsSecureString'
        ($failure | Out-String -Width 4096) | Should -Not -Match $secret
    }

    It 'closes the default context it replaces' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $first = Get-ZtContext
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $first.IsConnected | Should -BeFalse
        (Get-ZtContext).IsConnected | Should -BeTrue
    }

    It 'leaves open a replaced context that was handed out with -PassThru' {
        $kept = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $kept.IsConnected | Should -BeTrue
        (Get-ZtOrganization -Context $kept).Name | Should -Be 'Example Team'
        Disconnect-ZtAccount -Context $kept
    }

    It 'gives no version warning on a supported PowerShell' {
        Connect-ZtAccount -Emulator -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object { "$_" -match 'not supported on PowerShell' }).Count | Should -Be 0
    }
}

Describe '-Proxy follows the rules of -BaseUri' -Skip:$OnWindowsPowerShell {
    It 'refuses a plain-http proxy on another machine' {
        $failure = try {
            Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://10.0.0.5:3128' -SkipVerification -PassThru -ErrorAction Stop
            $null
        } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Proxy,*'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'AllowInsecureProxy'
    }

    It 'accepts a plain-http proxy on another machine with -AllowInsecureProxy, on loopback, or in front of an https API' {
        $token = ConvertTo-SecureString $HostileToken -AsPlainText -Force

        $optedIn = Connect-ZtAccount -ApiToken $token -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://10.0.0.5:3128' -AllowInsecureProxy -SkipVerification -PassThru
        $loopback = Connect-ZtAccount -ApiToken $token -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://127.0.0.1:3128' -SkipVerification -PassThru
        $tunnelled = Connect-ZtAccount -ApiToken $token -Proxy 'http://10.0.0.5:3128' -SkipVerification -PassThru

        @($optedIn, $loopback, $tunnelled).IsConnected | Should -Be @($true, $true, $true)
    }
}

# Contexts: the runspace default, -Context, Disconnect-ZtAccount.
Describe 'Get-ZtContext and Disconnect-ZtAccount (<Mode>)' -ForEach $EmulatorModes {
    It 'Get-ZtContext returns the default context' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $got = Get-ZtContext
        $got.PSObject.BaseObject | Should -Be $ctx.PSObject.BaseObject
    }

    It 'Disconnect-ZtAccount -PassThru returns the closed context' {
        Connect-ZtTestEmulator -Mode $Mode | Out-Null
        $closed = Disconnect-ZtAccount -PassThru
        $closed.IsConnected | Should -BeFalse
    }

    It 'Disconnect-ZtAccount takes a context from the pipeline and leaves the default alone' {
        $default = Connect-ZtTestEmulator -Mode $Mode
        $other = Connect-ZtAccount -Emulator -PassThru
        Connect-ZtTestEmulator -Mode $Mode | Out-Null
        $default = Get-ZtContext
        $other | Disconnect-ZtAccount
        $other.IsConnected | Should -BeFalse
        (Get-ZtContext).IsConnected | Should -BeTrue
    }

    It 'after Disconnect-ZtAccount a cmdlet fails with ZtNotConnected, category ConnectionError or similar, and a fix' {
        Connect-ZtTestEmulator -Mode $Mode | Out-Null
        Disconnect-ZtAccount
        $record = Get-ErrorRecord { Get-ZtOrganization -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'ZtNotConnected*'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Connect-ZtAccount'
    }

    It 'the context view shows where it is connected at 80 and 120 columns' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        foreach ($width in 80, 120) {
            $text = $ctx | Out-String -Width $width
            $text | Should -Match ([regex]::Escape($EmulatorAccountId)) -Because "the account id shows at $width columns"
        }
    }

    It 'the context converts to JSON with no credential in it' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $json = $ctx | ConvertTo-Json -Depth 4
        $json | Should -Not -Match ([regex]::Escape($EmulatorToken))
        $back = $json | ConvertFrom-Json
        $back.AccountId | Should -Be $EmulatorAccountId
        $back.IsConnected | Should -BeTrue
    }
}

Describe 'Contexts' {
    It 'Disconnect-ZtAccount forgets the default, and then cmdlets fail with ZtNotConnected' {
        Connect-ZtAccount -Emulator
        Get-ZtContext | Should -Not -BeNullOrEmpty
        Disconnect-ZtAccount
        Get-ZtContext | Should -BeNullOrEmpty
        { Get-ZtOrganization } | Should -Throw -ErrorId 'ZtNotConnected*'
        { Disconnect-ZtAccount } | Should -Not -Throw
    }

    It 'a closed context cannot be used again' {
        $ctx = Connect-ZtAccount -Emulator -PassThru
        $closed = $ctx | Disconnect-ZtAccount -PassThru
        $closed.IsConnected | Should -BeFalse
        { Get-ZtOrganization -Context $ctx } | Should -Throw -ErrorId 'ZtNotConnected*'
    }

    It '-Context keeps two connections apart' {
        $first = Connect-ZtAccount -Emulator -PassThru
        $second = Connect-ZtAccount -Emulator -PassThru

        Set-ZtOrganization -Context $first -SessionDuration 2h

        (Get-ZtOrganization -Context $first).SessionDuration | Should -Be '2h'
        (Get-ZtOrganization -Context $second).SessionDuration | Should -Be '24h'
        (Get-ZtOrganization).SessionDuration | Should -Be '24h' -Because 'the second connection is the runspace default'
        (Get-ZtContext).PSObject.BaseObject | Should -Be $second.PSObject.BaseObject
        Disconnect-ZtAccount -Context $first
    }

    It 'the default context belongs to the runspace, and -Context crosses runspaces' {
        $ctx = Connect-ZtAccount -Emulator -PassThru
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($ManifestPath, $Context)
                    Import-Module -Name $ManifestPath
                    $withoutContext = try { Get-ZtOrganization -ErrorAction Stop; 'connected' } catch { $_.FullyQualifiedErrorId }
                    [pscustomobject]@{
                        HasDefault     = [bool](Get-ZtContext)
                        WithoutContext = $withoutContext
                        WithContext    = (Get-ZtOrganization -Context $Context).Name
                    }
                }).AddArgument($ManifestPath).AddArgument($ctx)
            $result = $shell.Invoke() | Select-Object -First 1
        }
        finally {
            $shell.Dispose()
        }

        $result.HasDefault | Should -BeFalse
        $result.WithoutContext | Should -BeLike 'ZtNotConnected*'
        $result.WithContext | Should -Be 'Example Team'
    }
}
