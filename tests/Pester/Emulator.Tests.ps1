# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# A runbook left on -Emulator must not look like one that reached Cloudflare: the connection warns, and the
# context and every result carry IsEmulator, which the default views show.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
}

AfterAll {
    Disconnect-ZtAccount
    Stop-ZtSharedTestServer
}

Describe 'The emulator says so' {
    It 'Connect-ZtAccount -Emulator warns that nothing reaches Cloudflare, even with a real-looking account id' {
        Connect-ZtAccount -Emulator -AccountId 0123456789abcdef0123456789abcdef -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'emulator'
        "$($warnings[0])" | Should -Match 'nothing reaches Cloudflare'
    }

    It 'the context carries IsEmulator, and its default view shows it' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        $ctx.IsEmulator | Should -BeTrue
        ($ctx | Out-String -Width 80) | Should -Match 'IsEmulator\s+: True'
    }

    It 'every output type carries IsEmulator = True' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $outputs = @(
            Get-ZtOrganization
            Get-ZtOrganization -ZoneId $EmulatorZoneId
            Set-ZtOrganization -SessionDuration 9h -Confirm:$false -PassThru
            Set-ZtOrganization -SessionDuration 9h -Confirm:$false -PassThru
            Get-ZtDohSetting
            Set-ZtDohSetting -DohJwtDuration 30h -Confirm:$false -PassThru
            Set-ZtDohSetting -DohJwtDuration 30h -Confirm:$false -PassThru
            Revoke-ZtUser -Email 'pat@example.com', 'not-an-address' -Force -ErrorAction SilentlyContinue
        )
        $outputs.Count | Should -Be 9
        foreach ($output in $outputs) {
            $output.IsEmulator | Should -BeTrue -Because "$($output.GetType().Name) came from the emulator"
        }
    }

    It 'Compare-ZtOrganization and Test-ZtOrganization -Detailed results carry IsEmulator = True, and their views show it' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $desired = @{ session_duration = '7h' }
        $difference = Compare-ZtOrganization -InputObject $desired
        $test = Test-ZtOrganization -InputObject $desired -Detailed
        $difference.IsEmulator | Should -BeTrue
        $test.IsEmulator | Should -BeTrue
        ($difference | Out-String -Width 80) | Should -Match 'IsEmulator'
        ($test | Out-String -Width 80) | Should -Match 'IsEmulator\s+: True'
    }

    It 'a created organization carries IsEmulator = True' {
        Connect-ZtAccount -Emulator -NoSeed -WarningAction SilentlyContinue
        (New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso-emu.cloudflareaccess.com' -Confirm:$false).IsEmulator | Should -BeTrue
    }

    It 'the default view of each output type shows IsEmulator' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        foreach ($output in @((Get-ZtOrganization), (Get-ZtDohSetting), (Revoke-ZtUser -Email 'quinn@example.com' -Force))) {
            ($output | Out-String -Width 80) | Should -Match 'IsEmulator' -Because "$($output.GetType().Name)'s default view must show it"
            ($output | Format-Table | Out-String -Width 80) | Should -Match 'IsEmulator' -Because "$($output.GetType().Name)'s table view must show it"
        }
    }

    It 'a real connection gives no emulator warning and IsEmulator False' {
        # A loopback base URI that nobody answers; -SkipVerification so no request is made.
        $ctx = Connect-ZtAccount -ApiToken (ConvertTo-SecureString 'not-a-real-token-0123456789' -AsPlainText -Force) -BaseUri 'http://127.0.0.1:9/client/v4' `
            -SkipVerification -PassThru -WarningVariable warnings
        @($warnings).Count | Should -Be 0
        $ctx.IsEmulator | Should -BeFalse
        Disconnect-ZtAccount -Context $ctx
    }
}

Describe 'The emulator answers like the live API on request (<Mode>)' -ForEach $EmulatorLiveModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Shape $Shape -WarningAction SilentlyContinue
    }

    It 'Get-ZtOrganization shows the recorded organization' {
        $org = Get-ZtOrganization

        $org.Name | Should -Be 'terraform-cfapi.cloudflareaccess.com'
        $org.AuthDomain | Should -Be 'lklfsevdnw-terraform-cfapi.cloudflareaccess.com'
        "$($org.SessionDuration)" | Should -Be '12h'
        $org.IsEmulator | Should -Be ($Mode -eq 'InProcess') -Because 'only the in-process emulator is known to the client as one'
    }

    It 'the answer on the wire leaves out a false auto_redirect_to_identity and carries the response-only booleans' {
        $debug = @(Get-ZtOrganization -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $body = @($debug | Where-Object { $_ -match 'response body:' })

        $body.Count | Should -Be 1
        $body[0] | Should -Not -Match 'auto_redirect_to_identity'
        $body[0] | Should -Match '"cache_device_posture":true'
        $body[0] | Should -Match '"created_at":"2024-09-05T03:00:41Z"'
        @(Get-ZtTestJournal -Context $ctx -ExcludeVerify).Count | Should -Be 1 -Because 'the live engine journals like the reference one'
    }
}

Describe 'Choosing the live shape' {
    It 'Connect-ZtAccount -Emulator answers in the reference shape unless told otherwise' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
        Connect-ZtAccount -Emulator -EmulatorShape Reference -WarningAction SilentlyContinue
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
    }

    It '-EmulatorShape refuses a shape it does not know before connecting' {
        { Connect-ZtAccount -Emulator -EmulatorShape Recorded -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,ZeroTrustOrg.Commands.ConnectZtAccount'
    }

    It '-EmulatorShape belongs to the emulator parameter set only' {
        { Connect-ZtAccount -ApiToken (ConvertTo-SecureString 'not-a-real-token-0123456789' -AsPlainText -Force) -EmulatorShape Live -SkipVerification } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,ZeroTrustOrg.Commands.ConnectZtAccount'
    }

    It 'zt-emulator --shape live serves the recorded answer with a Cf-Auditlog-Id header' {
        $server = Start-ZtTestEmulatorServer -ArgumentList '--shape', 'live'
        try {
            $response = Invoke-WebRequest -Uri "$($server.BaseUri)/accounts/$EmulatorAccountId/access/organizations" -Headers @{ Authorization = "Bearer $EmulatorToken" } -UseBasicParsing
            $response.Headers['Cf-Auditlog-Id'] | Should -Not -BeNullOrEmpty
            $response.Content | Should -Match '^\{"errors":\[\],"messages":\[\],"success":true,"result":\{"allow_authenticate_via_warp":false,'
            $response.Content | Should -Not -Match 'auto_redirect_to_identity|result_info'
        }
        finally {
            Stop-ZtTestEmulatorServer $server
        }
    }

    It 'POST /__emulator/reset?shape=live switches zt-emulator, and a plain reset returns to its own shape' {
        $server = Get-ZtSharedTestServer

        $live = Invoke-RestMethod -Method Post -Uri "$($server.Root)/__emulator/reset?seed=true&shape=live"
        $liveName = (Invoke-RestMethod -Uri "$($server.BaseUri)/accounts/$EmulatorAccountId/access/organizations" -Headers @{ Authorization = "Bearer $EmulatorToken" }).result.name
        $plain = Invoke-RestMethod -Method Post -Uri "$($server.Root)/__emulator/reset"
        $referenceName = (Invoke-RestMethod -Uri "$($server.BaseUri)/accounts/$EmulatorAccountId/access/organizations" -Headers @{ Authorization = "Bearer $EmulatorToken" }).result.name

        $live.shape | Should -Be 'live'
        $liveName | Should -Be 'terraform-cfapi.cloudflareaccess.com'
        $plain.shape | Should -Be 'reference'
        $referenceName | Should -Be 'Example Team'
    }

    It 'POST /__emulator/reset refuses an unknown shape' {
        $server = Get-ZtSharedTestServer
        $status = $null
        try { Invoke-WebRequest -Method Post -Uri "$($server.Root)/__emulator/reset?shape=recorded" -UseBasicParsing | Out-Null }
        catch { $status = [int]$_.Exception.Response.StatusCode }
        $status | Should -Be 400
    }
}
