# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Safety and secrets. The credential must never show: not in any output stream with -Verbose and -Debug, not in
# error records, not in the context object however it is printed or converted (the emulator's connection uses the
# development token 'zt-emulator-dev-token', which is what those tests look for). Against misbehaving loopback servers
# (tests/Shared/HostileServer.cs): redirects are never followed, header values are checked before anything is sent,
# secrets a server echoes are masked, and numbers and input with control characters cannot forge a header or a log
# line. Each server binds 127.0.0.1:0 and stops itself.

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

    function Assert-NoSecret {
        param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] [string] $Where)
        $Text | Should -Not -Match ([regex]::Escape($EmulatorToken)) -Because "$Where must not show the API token"
        # The header form would leak it too, if anything ever printed the request headers.
        $Text | Should -Not -Match 'Bearer\s+[A-Za-z0-9._~+/=-]{8,}' -Because "$Where must not show an Authorization header"
    }

    # Everything a record can show: its text, its properties, and for errors the exception chain and details.
    function ConvertTo-FullText {
        param([Parameter(ValueFromPipeline)] $Record)
        process {
            if ($Record -is [System.Management.Automation.ErrorRecord]) {
                $Record | Format-List * -Force | Out-String -Width 4096
                $Record.Exception.ToString()
                "$($Record.ErrorDetails.Message) $($Record.ErrorDetails.RecommendedAction)"
                $Record.InvocationInfo | Out-String -Width 4096
            }
            elseif ($null -ne $Record) {
                $Record | Out-String -Width 4096
                $Record | Format-List * -Force | Out-String -Width 4096
            }
        }
    }

    # -Debug prompts on Windows PowerShell 5.1 (Inquire); $DebugPreference = 'Continue' gets the same records there.
    $debugSwitch = @{}
    if ($PSVersionTable.PSVersion.Major -ge 7) { $debugSwitch = @{ Debug = $true } }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

Describe 'The API token stays secret' {
    BeforeEach {
        $Error.Clear()
    }

    It 'appears in no stream of any cmdlet run with -Verbose and -Debug' {
        $DebugPreference = 'Continue'
        $records = & {
            Connect-ZtAccount -Emulator -Verbose @debugSwitch
            Get-ZtContext -Verbose @debugSwitch
            Get-ZtOrganization -Verbose @debugSwitch
            Get-ZtOrganization -ZoneId $EmulatorZoneId -Verbose @debugSwitch
            Set-ZtOrganization -SessionDuration 11h -LoginDesign @{ HeaderText = 'Secret test' } -Verbose @debugSwitch -Confirm:$false -PassThru
            Set-ZtOrganization -DenyUnmatchedRequests:$false -WhatIf -Verbose @debugSwitch
            New-ZtOrganization -Name 'Example Team' -AuthDomain 'secret-test.cloudflareaccess.com' -Verbose @debugSwitch -Force -ErrorAction Continue
            'a@x.com', 'b@x.com' | Revoke-ZtUser -Force -Verbose @debugSwitch
            Get-ZtDohSetting -Verbose @debugSwitch
            Set-ZtDohSetting -DohJwtDuration 36h -ServiceTokenId $EmulatorDohServiceTokenId -PassThru -Verbose @debugSwitch -Confirm:$false
            Disconnect-ZtAccount -Verbose @debugSwitch -PassThru
        } *>&1

        # The capture must have worked, or the checks below would pass on nothing.
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 5
        @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 0
        ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match '(GET|PUT) \S+ -> 200'

        Assert-NoSecret -Text (($records | ConvertTo-FullText) -join "`n") -Where 'the output, verbose, debug, warning and error streams'
        Assert-NoSecret -Text ($Error | Out-String -Width 4096) -Where '$Error'
    }

    It 'appears nowhere in the context, however it is shown' {
        Connect-ZtAccount -Emulator
        $ctx = Get-ZtContext
        $ctx | Should -Not -BeNullOrEmpty

        Assert-NoSecret -Text ($ctx | Out-String -Width 4096) -Where 'Get-ZtContext | Out-String'
        Assert-NoSecret -Text ($ctx | Format-List * -Force | Out-String -Width 4096) -Where 'Get-ZtContext | Format-List *'
        Assert-NoSecret -Text ($ctx | ConvertTo-Json -Depth 5) -Where 'Get-ZtContext | ConvertTo-Json'
        Assert-NoSecret -Text $ctx.ToString() -Where '(Get-ZtContext).ToString()'
        Assert-NoSecret -Text (($ctx.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join "`n") -Where 'the context properties'
        $ctx.PSObject.Properties.Name | Should -Not -Contain 'Credential'
        $ctx.PSObject.Properties.Name | Should -Not -Contain 'ApiToken'
    }

    It 'appears in no error record on failure paths' {
        $DebugPreference = 'Continue'
        Connect-ZtAccount -Emulator
        $records = & {
            # Cloudflare refuses: the service token does not exist (non-terminating).
            Set-ZtDohSetting -ServiceTokenId '00000000-0000-0000-0000-000000000000' -Verbose @debugSwitch -Confirm:$false -ErrorAction Continue
            # Bad input, caught before anything is sent (terminating).
            try { Set-ZtOrganization -SessionDuration '3 days' -Verbose @debugSwitch -Confirm:$false } catch { $_ }
            try { Set-ZtDohSetting -DohJwtDuration 'forever' -Verbose @debugSwitch -Confirm:$false } catch { $_ }
            # A field the zone organization does not have.
            try { Set-ZtOrganization -ZoneId $EmulatorZoneId -SessionDuration 1h -Verbose @debugSwitch -Confirm:$false } catch { $_ }
        } *>&1

        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterOrEqual 4
        @($errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ' ' | Should -Match 'ZtServiceTokenNotFound'
        @($errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ' ' | Should -Match 'ZtInvalidArgument\.SessionDuration'
        @($errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ' ' | Should -Match 'ZtInvalidArgument\.DohJwtDuration'

        Assert-NoSecret -Text (($records | ConvertTo-FullText) -join "`n") -Where 'the failure output'
        Assert-NoSecret -Text ($Error | Out-String -Width 4096) -Where '$Error after failures'
        Assert-NoSecret -Text (($Error | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString() } }) -join "`n") -Where 'the exception chains in $Error'
    }

    It 'the check itself notices a leaked token' {
        { Assert-NoSecret -Text "Authorization: Bearer $EmulatorToken" -Where 'a deliberate leak' } | Should -Throw
        { Assert-NoSecret -Text 'GET https://api.cloudflare.com/client/v4/accounts -> 200 (Bearer ***)' -Where 'a masked header' } | Should -Not -Throw
    }
}

Describe 'Secrets the connection holds are masked wherever they show up' -Skip:$OnWindowsPowerShell {
    BeforeEach { $Error.Clear() }

    It 'masks the global key and email header echoed by a server in the error, $Error and the debug body' {
        $echo = New-Object ZeroTrustOrg.TestSupport.HostileReply
        $echo.EchoRequestHeaders = $true
        $api = $Server::Start($echo)
        try {
            $ctx = Connect-Hostile -Server $api -GlobalKey
            $records = Get-ZtOrganization -Context $ctx -Debug -ErrorAction SilentlyContinue 5>&1
        }
        finally { $api.Dispose() }

        $text = ($records | Out-String -Width 4096) + ($Error | Get-ErrorText | Out-String -Width 4096)
        $text | Should -Match 'X-Auth-Key' -Because 'the echo must have come back, or this test proves nothing'
        $text | Should -Not -Match $HostileKey
    }

    It 'masks a bare token that a server repeats in its error message' {
        $api = $Server::Start($Reply::Failure(403, 10000, "token $HostileToken is not allowed here"))
        try {
            $ctx = Connect-Hostile -Server $api
            Get-ZtOrganization -Context $ctx -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $text = $Error | Get-ErrorText | Out-String -Width 4096
        $text | Should -Match 'is not allowed here'
        $text | Should -Not -Match $HostileToken
    }

    It 'does not repeat a token pasted into -AccountId' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -AccountId $HostileToken -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.AccountId,*'
        ($failure | Get-ErrorText | Out-String) | Should -Not -Match $HostileToken
    }

    It 'does not repeat a password given in the -BaseUri user info' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri 'http://admin:hunter2secret@10.0.0.5/client/v4' -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.BaseUri,*'
        ($failure | Get-ErrorText | Out-String) | Should -Not -Match 'hunter2secret'
    }
}

Describe 'Redirects are never followed' -Skip:$OnWindowsPowerShell {
    BeforeEach {
        $target = $Server::Start()
        $elsewhere = "http://localhost:$($target.Port)/client/v4/accounts/$HostileAccountId/access/organizations"
    }
    AfterEach {
        $target.Dispose()
        $api.Dispose()
    }

    It 'a 302 on a GET ends with ZtRedirectRefused naming the target host, and the key reaches no one there' {
        $api = $Server::Start($Reply::Redirect(302, $elsewhere))
        $ctx = Connect-Hostile -Server $api -GlobalKey

        Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $failures[0].Exception.Message | Should -Match "localhost:$($target.Port)"
        $target.Requests.Count | Should -Be 0
        $api.CountRequests('GET') | Should -Be 1
    }

    It 'a 307 on the PUT of Set-ZtOrganization sends neither body nor credential to the target' {
        $api = $Server::Start($Reply::Success($OrganizationJson), $Reply::Redirect(307, $elsewhere))
        $ctx = Connect-Hostile -Server $api -GlobalKey

        Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $target.Requests.Count | Should -Be 0
        $api.CountRequests('PUT') | Should -Be 1
    }

    It 'a 307 on the revoke POST is reported for that user and nothing reaches the target' {
        $api = $Server::Start($Reply::Redirect(307, $elsewhere))
        $ctx = Connect-Hostile -Server $api

        $result = Revoke-ZtUser -Context $ctx -Email 'jane@example.com' -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Revoked | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $target.Requests.Count | Should -Be 0
    }
}

Describe 'Header values are checked before anything is sent' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $key = ConvertTo-SecureString $HostileKey -AsPlainText -Force
    }
    AfterAll {
        $api.Dispose()
    }

    It 'refuses -Email with CR/LF at Connect-ZtAccount, so no forged header reaches the wire' {
        $failure = try {
            Connect-ZtAccount -ApiKey $key -Email "a@b.com`r`nX-Evil: 1" -BaseUri $api.BaseUri.AbsoluteUri -AccountId $HostileAccountId -PassThru -ErrorAction Stop | ForEach-Object { Get-ZtOrganization -Context $_ }
            $null
        } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failure.Exception.Message | Should -Match 'control character'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
        @($api.Requests | Where-Object { $_.HeaderLines -like 'X-Evil*' }).Count | Should -Be 0
    }

    It 'refuses a non-ASCII -Email at Connect-ZtAccount with its own message' {
        $failure = try { Connect-ZtAccount -ApiKey $key -Email 'jürgen@example.com' -BaseUri $api.BaseUri.AbsoluteUri -PassThru -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failure.Exception.Message | Should -Match 'ASCII'
    }

    It 'refuses CLOUDFLARE_EMAIL with a line break on the environment-variable path' {
        $saved = @{ key = $env:CLOUDFLARE_API_KEY; email = $env:CLOUDFLARE_EMAIL; token = $env:CLOUDFLARE_API_TOKEN }
        try {
            $env:CLOUDFLARE_API_TOKEN = $null
            $env:CLOUDFLARE_API_KEY = $HostileKey
            $env:CLOUDFLARE_EMAIL = "a@b.com`nX-Evil: 1"
            $failure = try { Connect-ZtAccount -BaseUri $api.BaseUri.AbsoluteUri -PassThru -ErrorAction Stop; $null } catch { $_ }
        }
        finally {
            $env:CLOUDFLARE_API_KEY = $saved.key; $env:CLOUDFLARE_EMAIL = $saved.email; $env:CLOUDFLARE_API_TOKEN = $saved.token
        }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.CLOUDFLARE_EMAIL,*'
    }

    It 'refuses an email to revoke that carries <Name>, and sends nothing for it' -ForEach @(
        @{ Name = 'a zero-width space'; Email = "jane`u{200B}@example.com" }
        @{ Name = 'a NUL'; Email = "jane`0@example.com" }
    ) {
        $ctx = Connect-Hostile -Server $api
        $before = $api.Requests.Count

        $result = Revoke-ZtUser -Context $ctx -Email $Email -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Revoked | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $api.Requests.Count | Should -Be $before
    }
}

Describe 'Numbers are ASCII, invariant and in range' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $ctx = Connect-Hostile -Server $api
    }
    AfterAll { $api.Dispose() }

    It 'refuses the duration <Text> with a validation error before any request' -ForEach @(
        @{ Text = '１２h' }
        @{ Text = '٣h' }
    ) {
        $before = $api.Requests.Count

        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration $Text -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $api.Requests.Count | Should -Be $before
    }

    It 'refuses -RateLimit 100/١٠s with a validation error' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -RateLimit '100/١٠s' -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.RateLimit,*'
    }

    It 'refuses InactivityThresholdDays <Value> with a validation error' -ForEach @(
        @{ Value = 1e30 }
        @{ Value = [double]::NaN }
    ) {
        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -ServiceTokenInactivity @{ Action = 'disable'; Enabled = $true; InactivityThresholdDays = $Value } -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.ServiceTokenInactivity,*'
    }

    It 'clamps an absurd Ratelimit t=1e13 header instead of failing' {
        $hostile = $Server::Start($Reply::Success($OrganizationJson).WithHeader('Ratelimit', '"default";r=5;t=1e13'))
        try {
            $hostileCtx = Connect-Hostile -Server $hostile
            $org = Get-ZtOrganization -Context $hostileCtx
        }
        finally { $hostile.Dispose() }

        $org.Name | Should -Be 'Hostile'
    }

    It 'reads Retry-After-Ms: Infinity on a 429 as a capped wait and reports ZtRateLimited' {
        $hostile = $Server::Start($Reply::Failure(429, 971, 'Please wait and consider throttling your request speed').WithHeader('Retry-After-Ms', 'Infinity'))
        try {
            $hostileCtx = Connect-Hostile -Server $hostile
            Get-ZtOrganization -Context $hostileCtx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $hostile.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRateLimited,*'
    }
}

Describe 'Input with control characters' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $ctx = Connect-Hostile -Server $api
    }
    AfterAll { $api.Dispose() }

    It 'escapes CR/LF from an id in the error message, so no log line can be forged' {
        $failure = Get-FirstError { Get-ZtOrganization -Context $ctx -AccountId "abc`r`nWARNING: forged line" }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.AccountId,*'
        $failure.Exception.Message | Should -Match ([regex]::Escape('abc\r\nW'))
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }

    It 'escapes CR/LF from a duration in the error message' {
        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration "12x`r`nWARNING: forged" -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }

    It 'escapes CR/LF from a server-sent name and from a new header text in the verbose lines of a change' {
        $evil = $Server::Start($Reply::Success('{"name":"Evil\r\nWARNING: forged","auth_domain":"evil.cloudflareaccess.com"}'))
        try {
            $evilCtx = Connect-Hostile -Server $evil
            $verbose = Set-ZtOrganization -Context $evilCtx -LoginDesign @{ HeaderText = "Hi`r`nWARNING: forged too" } -Confirm:$false -Verbose 4>&1
        }
        finally { $evil.Dispose() }

        $lines = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $lines | Where-Object { $_ -like 'Updated*' } | Should -Match ([regex]::Escape('Evil\r\nWARNING'))
        $lines | Where-Object { $_ -like 'Updated*' } | Should -Match ([regex]::Escape('Hi\r\nWARNING'))
        # The module's own multi-line messages (the difference list) may break lines; input must never start one.
        $lines -split "`r?`n" | Where-Object { $_ -like 'WARNING: forged*' } | Should -BeNullOrEmpty
    }

    It "treats -SessionDuration '' as a validation error, not as clearing the field" {
        $before = $api.Requests.Count

        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration '' -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $api.Requests.Count | Should -Be $before
    }

    It 'refuses a -BaseUri with CR/LF inside it' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri "http://127.0.0.1:8787/client`r`n/v4" -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.BaseUri,*'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }
}
