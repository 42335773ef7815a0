# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Changing the organization: Set-ZtOrganization and New-ZtOrganization in every parameter set, against both emulators
# (the in-process one and zt-emulator on loopback), with the emulator's journal telling what was sent. Then what a
# piped object or desired state may change; confirmation (-WhatIf, -Confirm, -Force, a scripted host that answers,
# and -NonInteractive hosts such as Azure Automation, for every state-changing cmdlet); and concurrency: a confirmed
# change, a long wait for rate-limit budget or a retried PUT never reverts what a colleague changed meanwhile.
# Desired-state files (Export/Compare/Test) are in ConfigurationAsCode.Tests.ps1.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')
    # The hostile server is C# 8 (Add-Type); Windows PowerShell 5.1 compiles C# 5 only, so those scenarios run on PowerShell 7.
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    }
    $importLine = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop"

    function Get-PropertyJson($InputObject, [string] $Name) {
        ConvertTo-Json -InputObject $InputObject.$Name -Depth 5 -Compress
    }

    # The colleague works in the dashboard meanwhile; here, from another runspace with the same context.
    $ColleagueHeader = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -LoginDesign @{ HeaderText = ''colleague'' } -Force' }
    $ColleagueDomain = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -AuthDomain colleague-team.cloudflareaccess.com -Force -WarningAction SilentlyContinue' }
    $ColleagueRename = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name ''Renamed by a colleague'' -Force' }

    function Get-Puts($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes | Where-Object Method -EQ 'PUT' | ForEach-Object {
                [pscustomobject]@{ Body = ($_.RequestBody | ConvertFrom-Json); StatusCode = $_.StatusCode }
            })
    }

    $ResponseOnlyFields = @('created_at', 'updated_at', 'cache_device_posture', 'has_migrated_private_apps', 'trusted_accounts')
    # Booleans the recorded answer does not hold; nothing may say false for them on the server's behalf.
    $UnsaidBooleans = @('auto_redirect_to_identity', 'deny_unmatched_requests', 'strict_service_token_auth', 'warp_auth_non_browser_401', 'mfa_required_for_all_apps')

    function Get-Put($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes | Where-Object Method -EQ 'PUT')
    }

    function Get-WriteCount($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes).Count
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

# Set-ZtOrganization and New-ZtOrganization as a user types them.
Describe 'New-ZtOrganization (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -NoSeed
    }

    It 'Default set: Name and AuthDomain by position create the organization' {
        $org = New-ZtOrganization 'Contoso' 'contoso.cloudflareaccess.com' -Confirm:$false
        $org.Name | Should -Be 'Contoso'
        $org.AuthDomain | Should -Be 'contoso.cloudflareaccess.com'
        @(Get-Writes $ctx | Where-Object Operation -EQ 'CreateOrganization').Count | Should -Be 1
    }

    It 'Account set: -AccountId by name' {
        $org = New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com' -AccountId $EmulatorAccountId -Confirm:$false
        $org.AccountId | Should -Be $EmulatorAccountId
    }

    It 'Zone set: -ZoneId by name' {
        $org = New-ZtOrganization -Name 'Contoso Zone' -AuthDomain 'contoso-zone.cloudflareaccess.com' -ZoneId $EmulatorZoneId -Confirm:$false
        "$($org.Scope)" | Should -Be 'Zone'
        (Get-Writes $ctx)[0].Path | Should -Match "/zones/$EmulatorZoneId/"
    }

    It 'sends the optional settings it was given' {
        New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com' -SessionDuration 8h -Confirm:$false | Out-Null
        (Get-ZtOrganization).SessionDuration | Should -Be '8h'
    }

    It '-WhatIf sends nothing' {
        New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com' -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'a setting it cannot read is refused before any request' {
        $record = Get-ErrorRecord { New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com' -SessionDuration 'soon' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.SessionDuration' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'creating where one exists, with -Force past the question, is ZtOrganizationExists' {
        Connect-ZtTestEmulator -Mode $Mode | Out-Null
        $record = Get-ErrorRecord { New-ZtOrganization -Name 'Again' -AuthDomain 'again.cloudflareaccess.com' -Force -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'ZtOrganizationExists,*'
        $record.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceExists)
        $record.ErrorDetails.RecommendedAction | Should -Match 'Set-ZtOrganization'
    }
}

Describe 'Set-ZtOrganization (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Default set: a named setting changes that field alone' {
        Set-ZtOrganization -SessionDuration 12h -Confirm:$false
        $after = Get-ZtOrganization
        $after.SessionDuration | Should -Be '12h'
        $after.Name | Should -Be 'Example Team'
        @(Get-Writes $ctx).Count | Should -Be 1
    }

    It 'Account set: -AccountId by name' {
        Set-ZtOrganization -AccountId $EmulatorAccountId -Name 'Renamed' -Confirm:$false
        (Get-ZtOrganization).Name | Should -Be 'Renamed'
    }

    It 'Zone set: -ZoneId by name writes the zone organization' {
        Set-ZtOrganization -ZoneId $EmulatorZoneId -Name 'Zone Renamed' -Confirm:$false
        (Get-ZtOrganization -ZoneId $EmulatorZoneId).Name | Should -Be 'Zone Renamed'
        (Get-Writes $ctx)[0].Path | Should -Match "/zones/$EmulatorZoneId/"
    }

    It 'piped from Get-ZtOrganization, writes to the organization it came from' {
        Get-ZtOrganization -ZoneId $EmulatorZoneId | Set-ZtOrganization -Name 'Piped Zone' -Confirm:$false
        (Get-Writes $ctx)[0].Path | Should -Match "/zones/$EmulatorZoneId/"
        (Get-ZtOrganization -ZoneId $EmulatorZoneId).Name | Should -Be 'Piped Zone'
        (Get-ZtOrganization).Name | Should -Be 'Example Team' -Because 'the account organization was not the one piped'
    }

    It '-PassThru returns the organization as written' {
        $org = Set-ZtOrganization -WarpAuthSessionDuration 6h -PassThru -Confirm:$false
        $org.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtOrganization'
        $org.WarpAuthSessionDuration | Should -Be '6h'
    }

    It 'without -PassThru writes nothing to the pipeline' {
        @(Set-ZtOrganization -SessionDuration 10h -Confirm:$false).Count | Should -Be 0
    }

    It '-WhatIf reads but sends no write, and the organization is unchanged' {
        Set-ZtOrganization -SessionDuration 1h -Name 'Preview' -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
        (Get-ZtOrganization).SessionDuration | Should -Be '24h'
    }

    It 'a setting that already has the value sends no write' {
        Set-ZtOrganization -SessionDuration 24h -Confirm:$false
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'a duration it cannot read is ZtInvalidArgument.SessionDuration before any request' {
        $record = Get-ErrorRecord { Set-ZtOrganization -SessionDuration 'soon' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.SessionDuration' InvalidArgument
        (Get-ZtTestJournal -Context $ctx -ExcludeVerify).Count | Should -Be 0
    }

    It 'a seat expiry under 730h is refused before any write' {
        $record = Get-ErrorRecord { Set-ZtOrganization -UserSeatExpirationInactiveTime 24h -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.UserSeatExpirationInactiveTime' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'an account-only field at zone scope is refused before any write' {
        $record = Get-ErrorRecord { Set-ZtOrganization -ZoneId $EmulatorZoneId -SessionDuration 1h -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.SessionDuration' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'a hashtable for -LoginDesign merges key by key' {
        Set-ZtOrganization -LoginDesign @{ HeaderText = 'Contoso SSO' } -Confirm:$false
        $design = (Get-ZtOrganization).LoginDesign
        $design.HeaderText | Should -Be 'Contoso SSO'
        $design.FooterText | Should -Be 'Protected by Cloudflare Access'
    }
}

Describe 'Organizations' {
    BeforeEach {
        Connect-ZtAccount -Emulator
    }

    It 'Get-ZtOrganization reads the seeded account and zone organizations' {
        $account = Get-ZtOrganization
        $account.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtOrganization'
        $account.Name | Should -Be 'Example Team'
        $account.AccountId | Should -Be $EmulatorAccountId
        "$($account.Scope)" | Should -Be 'Account'
        $account.DenyUnmatchedRequests | Should -BeTrue

        $zone = Get-ZtOrganization -ZoneId $EmulatorZoneId
        $zone.Name | Should -Be 'Example Zone Team'
        "$($zone.Scope)" | Should -Be 'Zone'
        $zone.SessionDuration | Should -BeNullOrEmpty
    }

    It 'Get-ZtOrganization takes the account id from a piped object' {
        $org = [pscustomobject]@{ AccountId = $EmulatorAccountId } | Get-ZtOrganization
        $org.AccountId | Should -Be $EmulatorAccountId
    }

    It 'Set-ZtOrganization with one field keeps all the others' {
        $before = Get-ZtOrganization
        $passThru = Get-ZtOrganization | Set-ZtOrganization -SessionDuration 12h -PassThru
        $after = Get-ZtOrganization

        $passThru.SessionDuration | Should -Be '12h'
        $after.SessionDuration | Should -Be '12h'
        $before.SessionDuration | Should -Be '24h'
        $unchanged = @($before.PSObject.Properties.Name | Where-Object { $_ -notin 'SessionDuration', 'UpdatedAt' })
        $unchanged.Count | Should -BeGreaterThan 15
        foreach ($name in $unchanged) {
            Get-PropertyJson $after $name | Should -Be (Get-PropertyJson $before $name) -Because "$name was not named"
            # docs/cloudflare-api.md#account-organization-fields: the answer to a write carries no trusted_accounts, so -PassThru cannot show it.
            if ($name -ne 'TrustedAccounts') {
                Get-PropertyJson $passThru $name | Should -Be (Get-PropertyJson $before $name) -Because "$name was not named (PassThru)"
            }
        }

        $after.UpdatedAt | Should -BeGreaterThan $before.UpdatedAt
    }

    It 'Set-ZtOrganization refuses an account-only field at zone scope before sending anything' {
        $before = Get-ZtOrganization -ZoneId $EmulatorZoneId
        $failure = { Set-ZtOrganization -ZoneId $EmulatorZoneId -SessionDuration 1h } | Should -Throw -ErrorId 'ZtInvalidArgument*' -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $failure.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        (Get-ZtOrganization -ZoneId $EmulatorZoneId).UpdatedAt | Should -Be $before.UpdatedAt
    }

    It 'Set-ZtOrganization -WhatIf warns about turning DenyUnmatchedRequests off and changes nothing' {
        $before = Get-ZtOrganization
        $output = Set-ZtOrganization -DenyUnmatchedRequests:$false -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        @($warnings).Count | Should -BeGreaterOrEqual 1
        ($warnings -join ' ') | Should -Match 'DenyUnmatchedRequests'

        $after = Get-ZtOrganization
        $after.DenyUnmatchedRequests | Should -BeTrue
        $after.UpdatedAt | Should -Be $before.UpdatedAt
    }

    It 'Set-ZtOrganization merges a hashtable key by key and $null clears one key' {
        $before = Get-ZtOrganization
        Set-ZtOrganization -LoginDesign @{ HeaderText = 'Contoso SSO'; FooterText = $null }
        $after = (Get-ZtOrganization).LoginDesign
        $after.HeaderText | Should -Be 'Contoso SSO'
        $after.FooterText | Should -BeNullOrEmpty
        $after.BackgroundColor | Should -Be $before.LoginDesign.BackgroundColor
        $after.LogoPath | Should -Be $before.LoginDesign.LogoPath
    }

    It 'Set-ZtOrganization applies a desired state that went through JSON' {
        $before = Get-ZtOrganization
        $desired = Get-ZtOrganization | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $desired.SessionDuration = '6h'
        $desired.LoginDesign.HeaderText = 'From JSON'

        $result = $desired | Set-ZtOrganization -PassThru

        $result.SessionDuration | Should -Be '6h'
        $result.LoginDesign.HeaderText | Should -Be 'From JSON'
        $result.AuthDomain | Should -Be $before.AuthDomain
        $result.DenyUnmatchedRequests | Should -BeTrue
        Get-PropertyJson $result 'MfaConfig' | Should -Be (Get-PropertyJson $before 'MfaConfig')
        (Get-ZtOrganization).SessionDuration | Should -Be '6h'
    }

    It 'New-ZtOrganization -Force on an existing organization reports ZtOrganizationExists' {
        { New-ZtOrganization -Name 'Example Team' -AuthDomain 'another-team.cloudflareaccess.com' -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZtOrganizationExists*'

        # Non-terminating by default: the error is written and the command returns nothing.
        $created = New-ZtOrganization -Name 'Example Team' -AuthDomain 'another-team.cloudflareaccess.com' -Force -ErrorAction SilentlyContinue -ErrorVariable failures
        $created | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtOrganizationExists,*'
        $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceExists)
    }

    It 'New-ZtOrganization -WhatIf sends nothing' {
        $created = New-ZtOrganization -Name 'Preview' -AuthDomain 'preview.cloudflareaccess.com' -WhatIf
        $created | Should -BeNullOrEmpty
        (Get-ZtOrganization).Name | Should -Be 'Example Team'
    }

    It 'New-ZtOrganization creates an organization in an empty emulator account' {
        Connect-ZtAccount -Emulator -NoSeed
        { Get-ZtOrganization -ErrorAction Stop } | Should -Throw -ErrorId 'ZtOrganizationNotFound*'

        $created = New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com' -SessionDuration 12h -Confirm:$false
        $created.Name | Should -Be 'Contoso'
        $created.SessionDuration | Should -Be '12h'
        (Get-ZtOrganization).AuthDomain | Should -Be 'contoso.cloudflareaccess.com'
    }
}

Describe 'New-ZtOrganization over an organization that exists or was not read' {
    It 'asks even at the default $ConfirmPreference, naming the existing organization and the consequence' {
        $run = Invoke-InScriptedHost -Answers 'No' -Script @'
New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
'@
        $run.Ui.Prompts.Count | Should -Be 1
        $run.Ui.Prompts[0] | Should -Match "already has the organization 'Example Team'"
        $run.Ui.Prompts[0] | Should -Match 'signs every user out'
        $run.Output.Count | Should -Be 0
    }

    It 'in a -NonInteractive process without -Force sends no write and names -Force' {
        $run = Invoke-FreshPowerShell -Script @"
$importLine
`$ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
`$report = @{}
try { New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -ErrorAction Stop; `$report.Id = 'created' }
catch { `$report.Id = `$_.FullyQualifiedErrorId; `$report.Message = `$_.ErrorDetails.Message; `$report.Action = `$_.ErrorDetails.RecommendedAction }
`$report.Writes = @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get(`$ctx) | Where-Object Method -NE 'GET').Count
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Id | Should -BeLike 'ZtOrganizationConfirmationRequired,*'
        $run.Result.Message | Should -Match 'already has the organization'
        $run.Result.Action | Should -Match '-Force'
        $run.Result.Writes | Should -Be 0
    }

    It 'with -Force it sends the create (and Cloudflare refuses it, as the organization exists)' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        { New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ZtOrganizationExists*'
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 1
    }

    It '-WhatIf still wins over -Force' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -Force -WhatIf
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
    }

    It 'creates without asking where the read shows no organization' {
        $run = Invoke-InScriptedHost -NotConnected -Script @'
Connect-ZtAccount -Emulator -NoSeed -WarningAction SilentlyContinue
New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com'
'@
        $run.Ui.Prompts.Count | Should -Be 0
        $run.Output[0].Name | Should -Be 'Contoso'
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

# What a piped object or desired state may change; a stale piped object never reverts a colleague's change.
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

# Confirmation: changes that affect every user always ask; -WhatIf, -Confirm and -Force for every state-changing
# cmdlet; hosts where nobody can answer fail instead of waiting.
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

Describe 'Confirmation in a -NonInteractive process (<Mode>)' -ForEach $EmulatorModes {
    BeforeAll {
        $importLine = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop"
        if ($Mode -eq 'InProcess') {
            $connectLine = 'Connect-ZtAccount -Emulator'
        }
        else {
            $server = Get-ZtSharedTestServer
            $connectLine = "Connect-ZtAccount -BaseUri '$($server.BaseUri)' -ApiToken (ConvertTo-SecureString '$EmulatorToken' -AsPlainText -Force) -AccountId $EmulatorAccountId -ZoneId $EmulatorZoneId"
        }
        # -Confirm asks; a -NonInteractive host refuses to ask, so the command must send no write at all.
        function Invoke-Confirmed([string] $Command) {
            if ($Mode -eq 'Loopback') { Invoke-RestMethod -Method Post -Uri "$($server.Root)/__emulator/reset" | Out-Null }
            $run = Invoke-FreshPowerShell -TimeoutSeconds 90 -Script @"
. $(ConvertTo-SingleQuoted (Join-Path $PSScriptRoot 'TestSupport.ps1'))
$importLine
`$ctx = $connectLine -PassThru
`$failed = `$null
try { $Command -Confirm -ErrorAction Stop | Out-Null } catch { `$failed = `$_.Exception.Message }
`$writes = @(Get-ZtTestJournal -Context `$ctx -Writes).Count
'RESULT:' + (ConvertTo-Json -InputObject @{ Writes = `$writes; Failed = `$failed } -Compress)
"@
            $run.ExitCode | Should -Be 0 -Because "$($run.StdOut)`n$($run.StdErr)"
            $run.Result
        }
    }

    It '<_> -Confirm sends no write when nobody can answer' -ForEach @(
        'Set-ZtOrganization -SessionDuration 2h'
        'Revoke-ZtUser -Email a@example.com'
        'Set-ZtDohSetting -DohJwtDuration 30h'
        'New-ZtOrganization -Name X -AuthDomain x.cloudflareaccess.com -ZoneId 023e105f4ecef8ad9ca31a8372d0c353'
    ) {
        $result = Invoke-Confirmed $_
        $result.Writes | Should -Be 0
        $result.Failed | Should -Match 'NonInteractive|prompt'
    }
}

Describe 'Answering the confirmation prompt (<Mode>)' -ForEach $EmulatorModes {
    BeforeAll {
        # The runspace under the scripted host connects the way this mode does, and reports the writes it caused.
        $baseUri = if ($Mode -eq 'Loopback') { (Get-ZtSharedTestServer).BaseUri } else { '' }
        function Invoke-Answered([string] $Command, [string[]] $Answers) {
            if ($Mode -eq 'Loopback') { Invoke-RestMethod -Method Post -Uri "$((Get-ZtSharedTestServer).Root)/__emulator/reset" | Out-Null }
            $script = @"
param(`$BaseUri, `$Token, `$SupportPath)
. `$SupportPath
if (`$BaseUri) { `$ctx = Connect-ZtAccount -BaseUri `$BaseUri -ApiToken (ConvertTo-SecureString `$Token -AsPlainText -Force) -AccountId $EmulatorAccountId -ZoneId $EmulatorZoneId -PassThru }
else { `$ctx = Connect-ZtAccount -Emulator -PassThru }
`$null = $Command
@(Get-ZtTestJournal -Context `$ctx -Writes).Count
"@
            Invoke-WithScriptedHost -Answers $Answers -ScriptBlock ([scriptblock]::Create($script)) -ArgumentList $baseUri, $EmulatorToken, (Join-Path $PSScriptRoot 'TestSupport.ps1')
        }
    }

    It '<Command>: No sends nothing, Yes sends one write' -ForEach @(
        @{ Command = 'Revoke-ZtUser -Email a@example.com'; Prompt = 'Revoke' }
        @{ Command = 'Set-ZtOrganization -SessionDuration 2h -Confirm'; Prompt = 'SessionDuration' }
        @{ Command = 'Set-ZtDohSetting -DohJwtDuration 30h -Confirm'; Prompt = 'DoH|DohJwtDuration' }
        @{ Command = 'New-ZtOrganization -Name X -AuthDomain x.cloudflareaccess.com -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Confirm -ErrorAction SilentlyContinue'; Prompt = 'X' }
    ) {
        $declined = Invoke-Answered $Command @('No')
        $declined.Failure | Should -BeNullOrEmpty
        $declined.Prompts.Count | Should -BeGreaterOrEqual 1
        $declined.Prompts[0].Message | Should -Match $Prompt -Because 'the prompt says what will change'
        $declined.Output[-1] | Should -Be 0

        $accepted = Invoke-Answered $Command @('Yes', 'Yes', 'Yes')
        $accepted.Failure | Should -BeNullOrEmpty
        $accepted.Output[-1] | Should -Be 1
    }
}

Describe 'In a -NonInteractive process' {
    It 'every state-changing cmdlet completes with -Force or -Confirm:$false' {
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
$importLine
`$report = [ordered]@{ ConfirmPreference = "`$ConfirmPreference"; Interactive = [Environment]::UserInteractive }
Connect-ZtAccount -Emulator
`$report.Set = (Set-ZtOrganization -SessionDuration 10h -Confirm:`$false -PassThru).SessionDuration
`$report.SetDoh = (Set-ZtDohSetting -DohJwtDuration 48h -Confirm:`$false -PassThru).DohJwtDuration
`$report.RevokeForce = @('a@x.com', 'b@x.com' | Revoke-ZtUser -Force | ForEach-Object { `$_.Revoked })
`$report.RevokeConfirmFalse = (Revoke-ZtUser -Email 'c@x.com' -Confirm:`$false).Revoked
# The emulator's account already has an organization, so a create that got past confirmation meets a 409.
try {
    New-ZtOrganization -Name 'Example Team' -AuthDomain 'second-team.cloudflareaccess.com' -Force -ErrorAction Stop | Out-Null
    `$report.New = 'created'
}
catch {
    `$report.New = `$_.FullyQualifiedErrorId
}
Disconnect-ZtAccount
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because "the process failed:`n$($run.StdOut)`n$($run.StdErr)"
        $run.Result | Should -Not -BeNullOrEmpty -Because $run.StdOut
        $run.Result.ConfirmPreference | Should -Be 'High'
        $run.Result.Set | Should -Be '10h'
        $run.Result.SetDoh | Should -Be '48h'
        @($run.Result.RevokeForce) | Should -Be @($true, $true)
        $run.Result.RevokeConfirmFalse | Should -BeTrue
        $run.Result.New | Should -BeLike 'ZtOrganizationExists,*' -Because 'New-ZtOrganization must reach Cloudflare without asking'
    }

    It 'Revoke-ZtUser without -Force would prompt, and the prompt fails instead of waiting' {
        # The control for the test above: at ConfirmImpact High and the default $ConfirmPreference, PowerShell asks,
        # and a -NonInteractive host refuses to ask. Nothing may be revoked.
        $run = Invoke-FreshPowerShell -Script @"
$importLine
Connect-ZtAccount -Emulator
`$results = @(Revoke-ZtUser -Email 'd@x.com' -ErrorAction SilentlyContinue -ErrorVariable failures)
'RESULT:' + (ConvertTo-Json -InputObject @{ Revoked = @(`$results | Where-Object { `$_.Revoked }).Count; Failures = @(`$failures).Count; Text = (`$failures | Out-String) } -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Revoked | Should -Be 0
        $run.Result.Failures | Should -BeGreaterOrEqual 1
        $run.Result.Text | Should -Match 'NonInteractive|non-interactive|prompt'
    }

    It 'Connect-ZtAccount without a credential fails fast with ZtInvalidArgument.ApiToken' {
        $run = Invoke-FreshPowerShell -TimeoutSeconds 60 -Script @"
foreach (`$name in 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_BASE_URL') {
    [Environment]::SetEnvironmentVariable(`$name, `$null)
}
$importLine
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$report = @{}
try {
    Connect-ZtAccount -ErrorAction Stop
    `$report.Id = 'connected'
}
catch {
    `$report.Id = `$_.FullyQualifiedErrorId
    `$report.Category = "`$(`$_.CategoryInfo.Category)"
    `$report.Action = `$_.ErrorDetails.RecommendedAction
}
`$report.Milliseconds = `$watch.ElapsedMilliseconds
`$report.Connected = [bool](Get-ZtContext)
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Id | Should -BeLike 'ZtInvalidArgument.ApiToken,*'
        $run.Result.Category | Should -Be 'InvalidArgument'
        $run.Result.Action | Should -Not -BeNullOrEmpty
        $run.Result.Milliseconds | Should -BeLessThan 10000
        $run.Result.Connected | Should -BeFalse
    }
}

# Concurrency: a scripted host answers only after a colleague (a new PowerShell instance sharing the context) has
# changed the organization, and the journal shows what the module wrote then. A long wait for rate-limit budget and
# a retried PUT get the same fresh read.
Describe 'Set-ZtOrganization writes what is there when the answer comes (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Connect @{ WarningAction = 'SilentlyContinue' }
    }

    It 'an AuthDomain change answered after a colleague changed the login header keeps the header and writes the domain, asking once' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue -Verbose
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        @($run.Errors).Count | Should -Be 0 -Because ($run.Errors | Out-String)
        $run.Prompts.Count | Should -Be 1
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 2 -Because 'the colleague writes once, then the confirmed change once'
        $puts[0].Body.login_design.header_text | Should -Be 'colleague'
        $puts[1].Body.login_design.header_text | Should -Be 'colleague' -Because "the colleague's header is not reverted"
        $puts[1].Body.auth_domain | Should -Be 'new-team.cloudflareaccess.com'
        (Get-ZtOrganization -Context $ctx).LoginDesign.HeaderText | Should -Be 'colleague'
        ($run.Lines -join "`n") | Should -Match 'reading the organization again before the write \(a question was asked about it\)'
    }

    It '-Confirm on an ordinary change keeps a colleague''s edit made while the prompt waited' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -SessionDuration 7h -Confirm
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 1
        $puts = Get-Puts $ctx
        $puts[-1].Body.login_design.header_text | Should -Be 'colleague'
        $puts[-1].Body.session_duration | Should -Be '7h'
    }

    It 'a colleague''s change to the same field is shown in a second question; Yes writes the user''s value' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'Yes') -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $run.Prompts[1].Caption | Should -Be 'Confirm again: the organization changed'
        $run.Prompts[1].Message | Should -Match 'changed after you were asked'
        $run.Prompts[1].Message | Should -Match 'is colleague-team\.cloudflareaccess\.com now'
        $run.Prompts[1].Message | Should -Match 'AuthDomain: colleague-team\.cloudflareaccess\.com -> new-team\.cloudflareaccess\.com'
        $run.Prompts[1].DefaultChoice | Should -Be 'No'
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 2
        $puts[1].Body.auth_domain | Should -Be 'new-team.cloudflareaccess.com'
    }

    It 'a colleague''s change to the same field answered No to the second question writes nothing of ours' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'No') -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Prompts.Count | Should -Be 2
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 1 -Because 'only the colleague wrote'
        (Get-ZtOrganization -Context $ctx).AuthDomain | Should -Be 'colleague-team.cloudflareaccess.com'
    }

    It 'where nobody can answer the second question, it stops with ZtOrganizationChangedWhileConfirming and writes nothing of ours' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -NonInteractiveWhenOutOfAnswers -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ZtOrganizationChangedWhileConfirming,ZeroTrustOrg.Commands.SetZtOrganization'
        $run.Errors[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $run.Errors[0].ErrorDetails.Message | Should -Match '^Account [0-9a-f]{32} changed after the change was confirmed|changed after the change was confirmed'
        $run.Errors[0].ErrorDetails.Message | Should -Match 'is colleague-team\.cloudflareaccess\.com now'
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -Match 'Get-ZtOrganization'
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 1 -Because 'only the colleague wrote'
    }

    It 'a change the colleague already made writes nothing and says so' {
        $colleagueSame = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -SessionDuration 7h -Force'; Arguments = @($ctx) }
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $colleagueSame } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -SessionDuration 7h -Confirm
        }

        $run.Prompts.Count | Should -Be 1
        (Get-Puts $ctx).Count | Should -Be 1 -Because 'only the colleague wrote'
        ($run.Lines | Where-Object { $_ -like 'WARNING: *' }) -join "`n" | Should -Match 'Nothing was written.*already has the requested values now.*SessionDuration is already 7h'
    }

    It 'a piped list answered one by one writes each row over what is there at its answer' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'Yes') -BeforePrompt @{ 2 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            @{ session_duration = '6h' }, @{ session_duration = '5h' } | Set-ZtOrganization -Context $ctx -Confirm
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 3
        $puts[2].Body.login_design.header_text | Should -Be 'colleague'
        $puts[2].Body.session_duration | Should -Be '5h'
    }

    It '-Force with no question and no wait reads once' {
        Set-ZtOrganization -Context $ctx -SessionDuration 9h -Force
        @(Get-ZtTestJournal -Context $ctx -ExcludeVerify | Where-Object Method -EQ 'GET').Count | Should -Be 1
    }
}

Describe 'New-ZtOrganization checks after the answer that what it described is still true (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Connect @{ WarningAction = 'SilentlyContinue' }
    }

    It 'a rename while the question waited is shown in a second question, and No creates nothing' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'No') -BeforePrompt @{ 1 = $ColleagueRename + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            New-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $run.Prompts[1].Message | Should -Match "Now: .*'Renamed by a colleague'"
        @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Method -EQ 'POST').Count | Should -Be 0
    }

    It 'where nobody can answer the second question, it stops with ZtOrganizationChangedWhileConfirming' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -NonInteractiveWhenOutOfAnswers -BeforePrompt @{ 1 = $ColleagueRename + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            New-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
        }

        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ZtOrganizationChangedWhileConfirming,ZeroTrustOrg.Commands.NewZtOrganization'
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Method -EQ 'POST').Count | Should -Be 0
    }
}

Describe 'A long wait for rate-limit budget before the PUT is followed by a fresh read' -Skip:$OnWindowsPowerShell {
    It 'a rename made during a 3 s budget wait survives, and the wait costs exactly one extra GET' {
        $spender = $Server::StartBudgetSpender('Original', '24h', 'Renamed during the wait', 3)
        try {
            $ctx = Connect-Hostile -Server $spender
            $verbose = Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        }
        finally { $spender.Dispose() }

        $spender.State['name'] | Should -Be 'Renamed during the wait'
        $spender.State['session_duration'] | Should -Be '12h'
        $spender.CountRequests('GET') | Should -Be 2
        $spender.CountRequests('PUT') | Should -Be 1
        ($verbose -join "`n") | Should -Match 'reading the organization again before the write \(it waited [0-9.]+ s for rate-limit budget\)'
    }
}

Describe 'A retried PUT' -Skip:$OnWindowsPowerShell {
    It 'keeps a rename made by someone else between the failed PUT and its retry' {
        $racer = $Server::StartPutRacer('Original', '24h', 'Renamed elsewhere')
        try {
            $ctx = Connect-Hostile -Server $racer -MaxRetries 2
            Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false
        }
        finally { $racer.Dispose() }

        $racer.State['name'] | Should -Be 'Renamed elsewhere'
        $racer.State['session_duration'] | Should -Be '12h'
        $racer.CountRequests('PUT') | Should -Be 2
    }
}
