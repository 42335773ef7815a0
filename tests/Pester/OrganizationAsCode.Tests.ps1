# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Configuration as code: Export-, Compare-, Test- and Set-ZtOrganization with a desired-state file, and desired
# state that can only change what it means to. Every scenario runs against both emulators (in-process and
# zt-emulator on loopback), and the emulator's journal tells whether anything was written.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $SchemaPath = Join-Path -Path $ModuleRoot -ChildPath 'ZeroTrustOrg.Organization.schema.json'

    function Get-WriteCount($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes).Count
    }

    function Read-DesiredState([string] $Path) {
        Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    }

    # Cloudflare adds fields before this module knows them. Store one on the account organization as a newer API would.
    function Add-ServerOnlyField($Context, [string] $Mode, [string] $Name, [string] $Value) {
        if ($Mode -eq 'InProcess') {
            $engines = [ZeroTrustOrg.Testing.ZtEmulatorJournal].GetField('Engines', [System.Reflection.BindingFlags]'NonPublic,Static').GetValue($null)
            $engine = $null
            [void]$engines.TryGetValue($Context.PSObject.BaseObject, [ref]$engine)
            $stored = $engine.GetStoredOrganization($false, $EmulatorAccountId)
            $stored[$Name] = [System.Text.Json.Nodes.JsonNode]::Parse((ConvertTo-Json -InputObject $Value))
            $engine.AddOrganization($false, $EmulatorAccountId, $stored)
        }
        else {
            $body = ConvertTo-Json -InputObject @{ $Name = $Value } -Compress
            Invoke-RestMethod -Method Put -Uri "$($Context.BaseUri)/accounts/$EmulatorAccountId/access/organizations" `
                -Headers @{ Authorization = "Bearer $EmulatorToken" } -ContentType 'application/json' -Body $body | Out-Null
        }
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

Describe 'Desired state can only change what it means to (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $writes = Get-WriteCount $ctx
    }

    It 'refuses a ZtDohSetting and writes nothing' {
        { Get-ZtDohSetting | Set-ZtOrganization -ErrorAction Stop } | Should -Throw '*is a ZtDohSetting, not an organization*'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses a ZtContext even under -WhatIf' {
        { Get-ZtContext | Set-ZtOrganization -WhatIf -ErrorAction Stop } | Should -Throw '*is a ZtContext, not an organization*'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses a ZtRevokeResult and writes nothing more' {
        $revoked = Revoke-ZtUser -Email 'leaver@example.com' -Force
        $writes = Get-WriteCount $ctx
        { $revoked | Set-ZtOrganization -ErrorAction Stop } | Should -Throw '*is a ZtRevokeResult, not an organization*'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses the module''s other objects after a trip through a job, by their type name' {
        $deserialized = [pscustomobject]@{ PSTypeName = 'Deserialized.ZeroTrustOrg.ZtDohSetting'; Name = 'DoH token'; Duration = '24h' }

        { $deserialized | Set-ZtOrganization -ErrorAction Stop } | Should -Throw '*is a ZtDohSetting, not an organization*'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses each CSV row with its foreign column and writes nothing' {
        $csv = Join-Path -Path $TestDrive -ChildPath 'leavers.csv'
        "Email,Name`njane@example.com,Jane`njoe@example.com,Joe" | Set-Content -LiteralPath $csv

        Import-Csv -LiteralPath $csv | Set-ZtOrganization -ErrorAction SilentlyContinue -ErrorVariable failures

        @($failures).Count | Should -Be 2
        "$($failures[0])" | Should -BeLike "*not an organization field*'Email'*"
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses a misspelt API name and suggests the field' {
        $failure = { '{"sesion_duration":"12h"}' | ConvertFrom-Json | Set-ZtOrganization -ErrorAction Stop } |
            Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*'sesion_duration' (did you mean 'session_duration'?)*"
        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.InputObject,*'
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses a misspelt PowerShell name and suggests the field' {
        { '{"SesionDuration":"1h"}' | ConvertFrom-Json | Set-ZtOrganization -ErrorAction Stop } |
            Should -Throw "*'SesionDuration' (did you mean 'SessionDuration'?)*"
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses a misspelt nested key in a hashtable and suggests the key' {
        { @{ login_design = @{ header_txt = 'Hi' } } | Set-ZtOrganization -ErrorAction Stop } |
            Should -Throw "*'header_txt' in login_design (did you mean 'header_text'?)*"
        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'refuses input nested deeper than the API nests and writes nothing' {
        $deep = ('{"x":' * 100) + '1' + ('}' * 100)

        { $deep | ConvertFrom-Json -Depth 200 | Set-ZtOrganization -ErrorAction Stop } | Should -Throw '*nests * levels deep*'

        Get-WriteCount $ctx | Should -Be $writes
    }

    It 'ignores read-only fields with a verbose note' {
        $desired = [pscustomobject]@{ created_at = '2020-01-01T00:00:00Z'; session_duration = '6h' }

        $verbose = $desired | Set-ZtOrganization -Verbose 4>&1 | ForEach-Object { "$_" }

        $verbose | Should -Contain 'InputObject.created_at was ignored: CreatedAt is set by Cloudflare and cannot be written.'
        (Get-ZtOrganization).SessionDuration | Should -Be '6h'
    }

    It 'keeps a field the server returns that this module does not know, and can set it' {
        Add-ServerOnlyField $ctx $Mode 'session_reauth_policy' 'strict'
        $writes = Get-WriteCount $ctx

        Set-ZtOrganization -SessionDuration 12h
        @{ session_reauth_policy = 'relaxed' } | Set-ZtOrganization -ErrorAction Stop

        $puts = @(Get-ZtTestJournal -Context $ctx -Writes | Select-Object -Skip $writes)
        $puts.Count | Should -Be 2
        ($puts[0].RequestBody | ConvertFrom-Json).session_reauth_policy | Should -Be 'strict' -Because 'an unrelated write keeps it'
        ($puts[1].RequestBody | ConvertFrom-Json).session_reauth_policy | Should -Be 'relaxed'
        # Kept under $unmodelled, so the export still passes the strict schema (docs/cloudflare-api.md#exports-say-only-what-cloudflare-said).
        (Export-ZtOrganization | ConvertFrom-Json).'$unmodelled'.session_reauth_policy | Should -Be 'relaxed'
        (Get-ZtOrganization).UnknownFieldNames | Should -Contain 'session_reauth_policy'
    }

    It 'a stale piped object never reverts what someone else changed, while its edited property is applied' {
        $mine = Get-ZtOrganization
        Set-ZtOrganization -LoginDesign @{ HeaderText = 'Changed by a colleague' } -AutoRedirectToIdentity

        $mine.UiReadOnlyToggleReason = 'Managed as code'
        $mine | Set-ZtOrganization -SessionDuration 4h -ErrorAction Stop

        $after = Get-ZtOrganization
        $after.LoginDesign.HeaderText | Should -Be 'Changed by a colleague'
        $after.AutoRedirectToIdentity | Should -BeTrue
        $after.UiReadOnlyToggleReason | Should -Be 'Managed as code'
        $after.SessionDuration | Should -Be '4h'
    }

    It 'a stale piped object with nothing edited and no parameters sends nothing, and is no error' {
        $mine = Get-ZtOrganization
        Set-ZtOrganization -Name 'Renamed by a colleague'
        $writes = Get-WriteCount $ctx

        $mine | Set-ZtOrganization -ErrorAction Stop

        Get-WriteCount $ctx | Should -Be $writes
        (Get-ZtOrganization).Name | Should -Be 'Renamed by a colleague'
    }
}

Describe 'Changes that affect every user are confirmed (in-process)' {
    BeforeAll {
        $importLine = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop"
        function Invoke-DangerousChange([string] $Command) {
            Invoke-FreshPowerShell -Script @"
$importLine
`$ctx = Connect-ZtAccount -Emulator -PassThru
$Command -ErrorAction SilentlyContinue -ErrorVariable failures
`$writes = @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get(`$ctx) | Where-Object Method -NE 'GET').Count
'RESULT:' + (ConvertTo-Json -Compress -InputObject @{ Writes = `$writes; Errors = @(`$failures | ForEach-Object { `$_.FullyQualifiedErrorId }); Text = (`$failures | Out-String -Width 200) })
"@
        }
    }

    It 'a new AuthDomain in a -NonInteractive process without -Force sends no write and says why' {
        $run = Invoke-DangerousChange 'Set-ZtOrganization -AuthDomain other-team.cloudflareaccess.com'

        $run.Result.Writes | Should -Be 0 -Because $run.StdOut
        @($run.Result.Errors) | Should -Be @('ZtOrganizationConfirmationRequired,ZeroTrustOrg.Commands.SetZtOrganization')
        $run.Result.Text | Should -Match 'every user is signed out'
    }

    It 'turning DenyUnmatchedRequests off in a -NonInteractive process without -Force sends no write, even with -Confirm:$false' {
        $run = Invoke-DangerousChange 'Set-ZtOrganization -DenyUnmatchedRequests:$false -Confirm:$false'

        $run.Result.Writes | Should -Be 0 -Because $run.StdOut
        @($run.Result.Errors) | Should -Be @('ZtOrganizationConfirmationRequired,ZeroTrustOrg.Commands.SetZtOrganization')
        $run.Result.Text | Should -Match 'no longer be blocked'
    }

    It 'with -Force the change is applied without a prompt' {
        $run = Invoke-DangerousChange 'Set-ZtOrganization -AuthDomain other-team.cloudflareaccess.com -Force'

        $run.Result.Writes | Should -Be 1 -Because $run.StdOut
        @($run.Result.Errors).Count | Should -Be 0
    }

    It 'an interactive user is asked, with the consequence named, and No sends nothing' {
        $run = Invoke-WithScriptedHost -Answers @('No') -ScriptBlock {
            $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
            Set-ZtOrganization -AuthDomain other-team.cloudflareaccess.com -WarningAction SilentlyContinue
            @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get($ctx) | Where-Object Method -NE 'GET').Count
        }

        $run.Failure | Should -BeNullOrEmpty
        @($run.Prompts).Count | Should -Be 1
        $run.Prompts[0].Message | Should -Match 'AuthDomain: example-team\.cloudflareaccess\.com -> other-team\.cloudflareaccess\.com'
        $run.Prompts[0].Message | Should -Match 'every user is signed out'
        $run.Output[-1] | Should -Be 0
    }

    It 'the question that can sign everyone out defaults to No, so Enter alone changes nothing' {
        $run = Invoke-WithScriptedHost -Answers @('No') -ScriptBlock {
            Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
            Set-ZtOrganization -AuthDomain other-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Prompts[0].DefaultChoice | Should -Be 'No'
    }

    It 'an interactive user who answers Yes gets the change' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -ScriptBlock {
            $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
            Set-ZtOrganization -DenyUnmatchedRequests:$false -WarningAction SilentlyContinue
            @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get($ctx) | Where-Object Method -NE 'GET').Count
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Prompts[0].Message | Should -Match 'no longer be blocked'
        $run.Output[-1] | Should -Be 1
    }

    It '-WhatIf still wins over -Force' {
        $run = Invoke-DangerousChange 'Set-ZtOrganization -AuthDomain other-team.cloudflareaccess.com -Force -WhatIf'

        $run.Result.Writes | Should -Be 0
        $run.StdOut | Should -Match 'What if: Update Zero Trust organization'
    }
}

Describe 'Set-ZtOrganization treats each piped organization on its own (<Mode>)' -ForEach $EmulatorModes {
    It 'an error for the zone row does not stop the account row' {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
        $zone = Get-ZtOrganization -ZoneId $EmulatorZoneId
        $account = Get-ZtOrganization

        $zone, $account | Set-ZtOrganization -SessionDuration 5h -ErrorAction SilentlyContinue -ErrorVariable failures

        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        (Get-ZtOrganization).SessionDuration | Should -Be '5h'
        @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Path -Like '*/zones/*').Count | Should -Be 0
    }
}
