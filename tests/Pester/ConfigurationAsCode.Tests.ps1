# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Configuration as code: Export-, Compare-, Test- and Set-ZtOrganization with a desired-state file, and the shipped
# JSON schema. Every scenario runs against both emulators (in-process and zt-emulator on loopback), also answering
# as the live API does, and the emulator's journal tells whether anything was written. What piped objects and
# desired state may change is in Changing.Tests.ps1; an export of Cloudflare's recorded answer in Reading.Tests.ps1.

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

    function Get-WriteCount($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes).Count
    }

    function Read-DesiredState([string] $Path) {
        Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

Describe 'Export, compare, test and apply a desired-state file (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $file = Join-Path -Path $TestDrive -ChildPath "org-$Mode.json"
    }

    It 'applying an exported file with Set-ZtOrganization and no parameters writes nothing' {
        Export-ZtOrganization -Path $file
        $writes = Get-WriteCount $ctx

        Read-DesiredState $file | Set-ZtOrganization -ErrorAction Stop

        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'a zone export targets the zone organization and round-trips with no write' {
        Export-ZtOrganization -ZoneId $EmulatorZoneId -Path $file
        $desired = Read-DesiredState $file
        $desired.zone_id | Should -Be $EmulatorZoneId
        $desired.PSObject.Properties.Name | Should -Not -Contain 'account_id'
        $desired.PSObject.Properties.Name | Should -Not -Contain 'session_duration' -Because 'a zone organization cannot write it'
        $writes = Get-WriteCount $ctx

        $desired | Set-ZtOrganization -ErrorAction Stop
        $desired | Test-ZtOrganization | Should -BeTrue

        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'writes the schema reference and the scope first, then the fields in a stable order' {
        $first = Export-ZtOrganization
        Export-ZtOrganization -Path $file
        $names = @((Read-DesiredState $file).PSObject.Properties.Name)

        $names[0] | Should -Be '$schema'
        $names[1] | Should -Be 'account_id'
        $names[2..3] | Should -Be @('name', 'auth_domain')
        (Read-DesiredState $file).'$schema' | Should -BeLike '*/ZeroTrustOrg.Organization.schema.json'
        (Get-Content -LiteralPath $file -Raw).TrimEnd("`n") | Should -BeExactly $first
        $names | Should -Not -Contain 'created_at'
        $names | Should -Not -Contain 'trusted_accounts'
    }

    It 'one edited field gives exactly one difference, Test is false, and applying it makes Test true' {
        Export-ZtOrganization -Path $file
        $desired = Read-DesiredState $file
        $desired.login_design.header_text = 'Sign in to Example'
        $desired | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $file

        $differences = @(Compare-ZtOrganization -Path $file)
        $differences.Count | Should -Be 1
        $differences[0].Field | Should -Be 'login_design.header_text'
        $differences[0].Current | Should -Be 'Welcome to Example Team'
        $differences[0].Desired | Should -Be 'Sign in to Example'
        $differences[0].Scope | Should -Be 'Account'
        Test-ZtOrganization -Path $file | Should -BeFalse

        Read-DesiredState $file | Set-ZtOrganization -ErrorAction Stop

        Test-ZtOrganization -Path $file | Should -BeTrue
        @(Compare-ZtOrganization -Path $file).Count | Should -Be 0
        $puts = @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Method -EQ 'PUT')
        $puts.Count | Should -Be 1
    }

    It 'Test-ZtOrganization -Detailed returns the verdict with the differences' {
        $desired = Export-ZtOrganization | ConvertFrom-Json
        $desired.session_duration = '12h'

        $result = $desired | Test-ZtOrganization -Detailed

        $result.InSync | Should -BeFalse
        @($result.Differences).Count | Should -Be 1
        $result.Differences[0].Field | Should -Be 'session_duration'
        ($desired | Test-ZtOrganization -PassThru).InSync | Should -BeFalse -Because '-PassThru is an alias of -Detailed'
        $text = $result | Out-String -Width 80
        $text | Should -Match '(?m)^InSync\s+: False\s*$'
        $text | Should -Match '(?m)^Differences : session_duration: 24h -> 12h\s*$'
    }

    It 'Compare-ZtOrganization objects fit 80 columns and convert to clean JSON' {
        $desired = Export-ZtOrganization | ConvertFrom-Json
        $desired.session_duration = '12h'
        $desired.mfa_config.allowed_authenticators = @('totp')

        $differences = @($desired | Compare-ZtOrganization)
        $text = $differences | Out-String -Width 80
        $json = $differences | ConvertTo-Json -Depth 4 | ConvertFrom-Json

        $text | Should -Match "(?m)^\s*Scope: Account $EmulatorAccountId( \[IsEmulator\])?\s*$" -Because 'the emulator marks its group'
        $text | Should -Match '(?m)^Field\s+Current\s+Desired\s*$'
        $text | Should -Match '(?m)^session_duration\s+24h\s+12h\s*$'
        $text | Should -Match '(?m)^mfa_config\.allowed_authenticators\s+totp\s+totp\s*$' -Because 'a list shows one item per line'
        $text | Should -Match '(?m)^\s+biometrics\s*$'
        $text | Should -Match '(?m)^\s+security_key\s*$'
        ($text -split "`r?`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        @($json.Field) | Should -Be @('session_duration', 'mfa_config.allowed_authenticators')
        @($json[1].Current) | Should -Be @('totp', 'biometrics', 'security_key')
        @($json[1].Desired) | Should -Be @('totp')
        $json[0].AccountId | Should -Be $EmulatorAccountId
    }

    It 'Export-ZtOrganization reports a file it cannot write as an error naming the path' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'no-such-folder/org.json'

        Export-ZtOrganization -Path $missing -ErrorAction SilentlyContinue -ErrorVariable failures

        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtExportFileNotWritten,*'
        "$($failures[0])" | Should -BeLike "*was not written to '$missing'*"
    }

    It 'Test-ZtOrganization refuses a file with a misspelt field instead of answering' {
        (Export-ZtOrganization) -replace '"session_duration"', '"sesion_duration"' | Set-Content -LiteralPath $file

        { Test-ZtOrganization -Path $file -ErrorAction Stop } | Should -Throw "*'sesion_duration' (did you mean 'session_duration'?)*"
    }

    It 'the shipped schema accepts an exported file' {
        Export-ZtOrganization -Path $file
        Export-ZtOrganization -ZoneId $EmulatorZoneId -Path "$file.zone"

        Test-Json -Path $file -SchemaFile $SchemaPath | Should -BeTrue
        Test-Json -Path "$file.zone" -SchemaFile $SchemaPath | Should -BeTrue
    }

    It 'the shipped schema rejects a misspelt field' {
        $text = (Export-ZtOrganization) -replace '"session_duration"', '"sesion_duration"'

        Test-Json -Json $text -SchemaFile $SchemaPath -ErrorAction SilentlyContinue | Should -BeFalse
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
