# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# The user scenarios for reads, Set-ZtOrganization and configuration as code, against both emulators answering as
# the live API does: the organization cf-terraforming recorded, false and empty fields left out, and the
# response-only fields created_at, updated_at, cache_device_posture, has_migrated_private_apps and trusted_accounts.
# The live emulator refuses a write that carries a response-only field, so a client that writes them back fails here.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $SchemaPath = Join-Path -Path $ModuleRoot -ChildPath 'ZeroTrustOrg.Organization.schema.json'
    $ResponseOnlyFields = @('created_at', 'updated_at', 'cache_device_posture', 'has_migrated_private_apps', 'trusted_accounts')
    # Booleans the recorded answer does not hold; nothing may say false for them on the server's behalf.
    $UnsaidBooleans = @('auto_redirect_to_identity', 'deny_unmatched_requests', 'strict_service_token_auth', 'warp_auth_non_browser_401', 'mfa_required_for_all_apps')

    function Get-Put($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes | Where-Object Method -EQ 'PUT')
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

Describe 'Reading the live organization (<Mode>, <Shape>)' -ForEach $EmulatorLiveModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Shape $Shape -WarningAction SilentlyContinue
    }

    It 'Get-ZtOrganization reads the recorded organization without warnings or errors' {
        $output = @(Get-ZtOrganization -WarningVariable warnings -ErrorVariable errors -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)

        @($errors) | Should -BeNullOrEmpty
        @($warnings) | Should -BeNullOrEmpty
        $output.Count | Should -Be 1
        $org = $output[0]
        $org.Name | Should -Be 'terraform-cfapi.cloudflareaccess.com'
        $org.AuthDomain | Should -Be 'lklfsevdnw-terraform-cfapi.cloudflareaccess.com'
        "$($org.SessionDuration)" | Should -Be '12h'
        "$($org.UserSeatExpirationInactiveTime)" | Should -Be '1460h'
        "$($org.WarpAuthSessionDuration)" | Should -Be '36h'
        $org.AllowAuthenticateViaWarp | Should -BeFalse
        $org.LoginDesign.HeaderText | Should -Be 'My header text updated'
        $org.LoginDesign.BackgroundColor | Should -Be '#FFFFFF'
    }

    It 'the zone organization reads without warnings or errors too' {
        $output = @(Get-ZtOrganization -ZoneId $EmulatorZoneId -WarningVariable warnings -ErrorVariable errors -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)

        @($errors) | Should -BeNullOrEmpty
        @($warnings) | Should -BeNullOrEmpty
        $output.Count | Should -Be 1
        $output[0].Name | Should -Be 'Example Zone Team'
    }
}

Describe 'Set-ZtOrganization against the live organization (<Mode>, <Shape>)' -ForEach $EmulatorLiveModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Shape $Shape -WarningAction SilentlyContinue
    }

    It 'Get | Set -SessionDuration 24h succeeds and changes only session_duration' {
        $before = Get-ZtOrganization

        Get-ZtOrganization | Set-ZtOrganization -SessionDuration 24h -Force -ErrorAction Stop

        $after = Get-ZtOrganization
        "$($after.SessionDuration)" | Should -Be '24h'
        $after.Name | Should -Be $before.Name
        $after.AuthDomain | Should -Be $before.AuthDomain
        "$($after.UserSeatExpirationInactiveTime)" | Should -Be '1460h'
        "$($after.WarpAuthSessionDuration)" | Should -Be '36h'
        $after.LoginDesign.FooterText | Should -Be 'My footer text'
    }

    It 'the PUT body carries no response-only field' {
        Get-ZtOrganization | Set-ZtOrganization -SessionDuration 24h -Force -ErrorAction SilentlyContinue

        $puts = Get-Put $ctx
        $puts.Count | Should -Be 1
        $body = $puts[0].RequestBody | ConvertFrom-Json
        $names = @($body.PSObject.Properties.Name)
        foreach ($field in $ResponseOnlyFields) {
            $names | Should -Not -Contain $field -Because "$field is response-only"
        }
        $puts[0].StatusCode | Should -Be 200
    }

    It 'the PUT body does not invent false for booleans the server did not send' {
        Get-ZtOrganization | Set-ZtOrganization -SessionDuration 24h -Force -ErrorAction SilentlyContinue

        $puts = Get-Put $ctx
        $puts.Count | Should -Be 1
        $body = $puts[0].RequestBody | ConvertFrom-Json
        $names = @($body.PSObject.Properties.Name)
        foreach ($field in $UnsaidBooleans) {
            $names | Should -Not -Contain $field -Because "the server did not send $field"
        }
        $body.session_duration | Should -Be '24h'
    }
}

Describe 'Configuration as code against the live organization (<Mode>, <Shape>)' -ForEach $EmulatorLiveModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Shape $Shape -WarningAction SilentlyContinue
        $file = Join-Path -Path $TestDrive -ChildPath "live-$Mode.json"
    }

    It 'Export-ZtOrganization holds only what the server said' {
        Export-ZtOrganization -Path $file -ErrorAction Stop
        $names = @((Get-Content -LiteralPath $file -Raw | ConvertFrom-Json).PSObject.Properties.Name)

        foreach ($field in $UnsaidBooleans) {
            $names | Should -Not -Contain $field -Because "the server did not send $field"
        }
        foreach ($field in $ResponseOnlyFields) {
            $names | Should -Not -Contain $field -Because "$field is response-only"
        }
        $names | Should -Contain 'session_duration'
        $names | Should -Contain 'login_design'
        $names | Should -Contain 'allow_authenticate_via_warp' -Because 'the server said false for it'
    }

    It 'the export passes the shipped schema' {
        Export-ZtOrganization -Path $file -ErrorAction Stop

        Test-Json -Path $file -SchemaFile $SchemaPath -ErrorAction SilentlyContinue | Should -BeTrue
    }

    It 'Test-ZtOrganization on its own export is true' {
        Export-ZtOrganization -Path $file -ErrorAction Stop

        Test-ZtOrganization -Path $file -ErrorAction Stop | Should -BeTrue
    }

    It 'Set-ZtOrganization from the export sends no PUT' {
        Export-ZtOrganization -Path $file -ErrorAction Stop

        Get-Content -LiteralPath $file -Raw | ConvertFrom-Json | Set-ZtOrganization -Force -ErrorAction SilentlyContinue

        @(Get-Put $ctx).Count | Should -Be 0
    }

    It 'Compare-ZtOrganization from the export yields nothing' {
        Export-ZtOrganization -Path $file -ErrorAction Stop

        @(Compare-ZtOrganization -Path $file -ErrorAction Stop) | Should -BeNullOrEmpty
    }
}
