# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Reading: Get-ZtOrganization in every parameter set, and Cloudflare's live answers read tolerantly.
# The live answers are looser than the reference. A loopback server (tests/Shared/HostileServer.cs) answers with
# exact bytes, so each drift is pinned as a user meets it: an odd value never fails a command, it is warned about once
# and goes back on the wire as it came; a write answered 2xx is reported as applied (Set-ZtOrganization, revoke_user,
# DoH); equal values are never drift; an export of the recorded answer says only what Cloudflare said and passes the
# module's own schema. Both emulators also answer in the live shape (the organization cf-terraforming recorded).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    Import-ZeroTrustOrg
    $SchemaPath = Join-Path -Path $ModuleRoot -ChildPath 'ZeroTrustOrg.Organization.schema.json'

    # The organization as cf-terraforming recorded it from the live API (2025; unchanged through 2026).
    $Recorded = '{"allow_authenticate_via_warp":false,"auth_domain":"lklfsevdnw-terraform-cfapi.cloudflareaccess.com","cache_device_posture":true,' +
    '"created_at":"2024-09-05T03:00:41Z","has_migrated_private_apps":true,"is_ui_read_only":false,' +
    '"login_design":{"background_color":"#FFFFFF","footer_text":"My footer text","header_text":"My header text updated",' +
    '"logo_path":"https://example.com/logo.png","text_color":"#000000"},"name":"terraform-cfapi.cloudflareaccess.com",' +
    '"session_duration":"12h","updated_at":"2025-01-23T22:25:57Z","user_seat_expiration_inactive_time":"1460h",' +
    '"warp_auth_session_duration":"36h"}'

    function Get-RecordedAnswer([string] $Result = $Recorded) {
        $Reply::Json(200, '{"errors":[],"messages":[],"success":true,"result":' + $Result + '}')
    }

    # The recorded organization with one member replaced by exact JSON text (or added).
    function Get-Drifted([string] $Field, [string] $Raw) {
        $pattern = '"' + [regex]::Escape($Field) + '":("[^"]*"|[^,}]+)'
        if ($Recorded -match $pattern) { return [regex]::Replace($Recorded, $pattern, '"' + $Field + '":' + $Raw) }
        $Recorded.Substring(0, $Recorded.Length - 1) + ',"' + $Field + '":' + $Raw + '}'
    }

    function Get-PutBody($Api) {
        @($Api.Requests | Where-Object Method -EQ 'PUT' | ForEach-Object Body)
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

# Get-ZtOrganization as a user types it, against both emulators.
Describe 'Get-ZtOrganization (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Default set: the context account' {
        $org = Get-ZtOrganization
        $org.Name | Should -Be 'Example Team'
        "$($org.Scope)" | Should -Be 'Account'
    }

    It 'Account set: -AccountId by name' {
        (Get-ZtOrganization -AccountId $EmulatorAccountId).AccountId | Should -Be $EmulatorAccountId
    }

    It 'Zone set: -ZoneId by name' {
        $org = Get-ZtOrganization -ZoneId $EmulatorZoneId
        $org.Name | Should -Be 'Example Zone Team'
        "$($org.Scope)" | Should -Be 'Zone'
        $org.ZoneId | Should -Be $EmulatorZoneId
    }

    It 'takes AccountId from the pipeline by property name' {
        $org = [pscustomobject]@{ AccountId = $EmulatorAccountId } | Get-ZtOrganization
        $org.AccountId | Should -Be $EmulatorAccountId
    }

    It 'takes ZoneId from the pipeline by property name' {
        $org = [pscustomobject]@{ ZoneId = $EmulatorZoneId } | Get-ZtOrganization
        "$($org.Scope)" | Should -Be 'Zone'
    }

    It 'one GET per piped row, in order' {
        $rows = [pscustomobject]@{ ZoneId = $EmulatorZoneId }, [pscustomobject]@{ AccountId = $EmulatorAccountId }
        $orgs = @($rows | Get-ZtOrganization)
        $orgs.Count | Should -Be 2
        "$($orgs[0].Scope)", "$($orgs[1].Scope)" | Should -Be @('Zone', 'Account')
        (Get-Reads $ctx).Count | Should -Be 2
    }

    It 'takes -Context instead of the default' {
        $other = Connect-ZtAccount -Emulator -NoSeed -PassThru
        Connect-ZtTestEmulator -Mode $Mode | Out-Null
        (Get-ZtOrganization -Context $ctx).Name | Should -Be 'Example Team'
        $other | Disconnect-ZtAccount
    }

    It 'a malformed -AccountId is ZtInvalidArgument.AccountId with the id as target, and nothing is sent' {
        $record = Get-ErrorRecord { Get-ZtOrganization -AccountId 'xyz' -ErrorAction Stop }
        Assert-ErrorRecord $record 'ZtInvalidArgument.AccountId' InvalidArgument
        (Get-Reads $ctx).Count | Should -Be 0
    }

    It 'an account the credential cannot see is an error with a Cloudflare code and a fix' {
        $record = Get-ErrorRecord { Get-ZtOrganization -AccountId ('f' * 32) -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'Zt*'
        $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $record.TargetObject | Should -Not -BeNullOrEmpty
    }

    It 'no organization yet is an error that says to create one' {
        Connect-ZtTestEmulator -Mode $Mode -NoSeed | Out-Null
        $record = Get-ErrorRecord { Get-ZtOrganization -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'Zt*'
        $record.ErrorDetails.RecommendedAction | Should -Match 'New-ZtOrganization|Zero Trust'
    }

    It 'the default view shows the name at 80 columns and name and auth domain at 120' {
        $org = Get-ZtOrganization
        ($org | Out-String -Width 80) | Should -Match 'Example Team'
        $wide = $org | Out-String -Width 120
        $wide | Should -Match 'Example Team'
        $wide | Should -Match 'example-team\.cloudflareaccess\.com'
    }

    It 'the list view shows every setting' {
        $text = Get-ZtOrganization | Format-List | Out-String -Width 80
        foreach ($label in 'Name', 'AuthDomain', 'SessionDuration', 'DenyUnmatchedRequests') {
            $text | Should -Match "(?m)^$label\s*:" -Because "$label is in the list view"
        }
    }

    It 'converts to JSON with the API values and no internal members' {
        $json = Get-ZtOrganization | ConvertTo-Json -Depth 6
        $back = $json | ConvertFrom-Json
        $back.Name | Should -Be 'Example Team'
        $back.SessionDuration | Should -Be '24h'
        $back.LoginDesign.HeaderText | Should -Be 'Welcome to Example Team'
        $json | Should -Not -Match 'ExtensionData|JsonElement|ValueKind'
    }
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

# Live answers, byte for byte from a loopback server.
Describe 'A drifted value in an answer: <Field> = <Raw>' -ForEach @(
    @{ Field = 'allow_authenticate_via_warp'; Raw = '"false"'; ResponseOnly = $false }
    @{ Field = 'deny_unmatched_requests'; Raw = '{"enabled":true}'; ResponseOnly = $false }
    @{ Field = 'session_duration'; Raw = '86400'; ResponseOnly = $false }
    @{ Field = 'created_at'; Raw = '"05/09/2024 03:00:41"'; ResponseOnly = $true }
    @{ Field = 'created_at'; Raw = '""'; ResponseOnly = $true }
) {
    BeforeEach {
        $api = $Server::StartByMethod((Get-RecordedAnswer (Get-Drifted $Field $Raw)), $null)
        $ctx = Connect-Hostile -Server $api
    }

    AfterEach {
        $api.Dispose()
    }

    It 'Get-ZtOrganization reads it with no error and one warning that names it' {
        $org = Get-ZtOrganization -Context $ctx -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue

        @($errors) | Should -BeNullOrEmpty
        $org.AuthDomain | Should -Be 'lklfsevdnw-terraform-cfapi.cloudflareaccess.com'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*$($Field):*"
    }

    It 'Get | Set with another field sends it back exactly as it came (or, response-only, not at all), warning once' {
        Get-ZtOrganization -Context $ctx -WarningAction SilentlyContinue |
            Set-ZtOrganization -Context $ctx -UiReadOnlyToggleReason 'audit' -Force -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue

        @($errors) | Should -BeNullOrEmpty
        $puts = @(Get-PutBody $api)
        $puts.Count | Should -Be 1
        $puts[0] | Should -BeLike '*"ui_read_only_toggle_reason":"audit"*'
        if ($ResponseOnly) {
            $puts[0] | Should -Not -BeLike "*`"$Field`"*"
        }
        else {
            $puts[0] | Should -BeLike "*`"$($Field)`":$Raw*"
        }
        @($warnings | Where-Object { "$_" -like "*$($Field):*" }).Count | Should -Be 1
    }
}

Describe 'An answer that cannot serve' {
    It 'a result of null fails with ZtResultMissing, never as unexpected or as invalid JSON' {
        $api = $Server::StartByMethod($Reply::Json(200, '{"success":true,"errors":[],"messages":[],"result":null}'), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            Get-ZtOrganization -Context $ctx -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'ZtResultMissing*'
            $failure[0].Exception.Message | Should -Not -BeLike '*valid JSON*'
        }
        finally { $api.Dispose() }
    }

    It 'a result that is a list fails with ZtResultNotAnObject' {
        $api = $Server::StartByMethod((Get-RecordedAnswer '[1,2]'), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            Get-ZtOrganization -Context $ctx -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'ZtResultNotAnObject*'
            "$($failure[0])" | Should -BeLike '*a list*'
        }
        finally { $api.Dispose() }
    }

    It 'valid JSON that is not an envelope is not called invalid JSON' {
        $api = $Server::StartByMethod($Reply::Json(200, '["not","an","envelope"]'), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            Get-ZtOrganization -Context $ctx -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'ZtUnreadableResponse*'
            $failure[0].Exception.Message | Should -Not -BeLike '*not valid JSON*'
            $failure[0].Exception.Message | Should -BeLike '*a list*'
        }
        finally { $api.Dispose() }
    }
}

Describe 'A write answered 2xx with an answer that cannot be read: <Name>' -ForEach @(
    @{ Name = 'a result that is text'; Answer = '{"success":true,"errors":[],"messages":[],"result":"ok"}' }
    @{ Name = 'a body that is not JSON'; Answer = 'OK' }
    @{ Name = 'an echo with odd values'; Answer = '{"success":true,"result":{"name":{"odd":true},"session_duration":"24h","created_at":""}}' }
) {
    It 'Set-ZtOrganization reports it as applied, warns, and sends the PUT once' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $Reply::Json(200, $Answer))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 3
            $out = Set-ZtOrganization -Context $ctx -SessionDuration 24h -Force -PassThru -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue

            @($errors) | Should -BeNullOrEmpty
            @($out).Count | Should -Be 1
            $api.CountRequests('PUT') | Should -Be 1
            $api.CountRequests('GET') | Should -Be 1
            @($warnings).Count | Should -Be 1
        }
        finally { $api.Dispose() }
    }
}

Describe 'revoke_user answered 2xx' {
    It 'with only result and success: Revoked, no warning' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $Reply::Json(200, '{"result":true,"success":true}'))
        try {
            $ctx = Connect-Hostile -Server $api
            $result = Revoke-ZtUser -Context $ctx -Email 'ann@example.com' -Force -WarningVariable warnings -WarningAction SilentlyContinue

            $result.Status | Should -Be 'Revoked'
            @($warnings).Count | Should -Be 0
        }
        finally { $api.Dispose() }
    }

    It 'with no result at all: Revoked (the request was accepted), one warning for the run, each user sent once' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $Reply::Json(200, '{"success":true}'))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 3
            $results = 'ann@example.com', 'bob@example.com' | Revoke-ZtUser -Context $ctx -Force -WarningVariable warnings -WarningAction SilentlyContinue

            @($results.Status) | Should -Be @('Revoked', 'Revoked')
            @($warnings | Where-Object { "$_" -like '*reported as Revoked*' }).Count | Should -Be 1
            $api.CountRequests('POST') | Should -Be 2
        }
        finally { $api.Dispose() }
    }

    It 'with result false: Failed' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $Reply::Json(200, '{"result":false,"success":true}'))
        try {
            $ctx = Connect-Hostile -Server $api
            $result = Revoke-ZtUser -Context $ctx -Email 'ann@example.com' -Force -ErrorAction SilentlyContinue

            $result.Status | Should -Be 'Failed'
        }
        finally { $api.Dispose() }
    }
}

Describe 'DNS-over-HTTPS answers' {
    It 'an empty expires_at and a text boolean read with one warning' {
        $doh = '{"id":"5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24","name":"doh","client_id":"abc.access","doh_jwt_duration":"800h","duration":"forever","expires_at":"","enabled":"true"}'
        $api = $Server::StartByMethod((Get-RecordedAnswer $doh), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            $setting = Get-ZtDohSetting -Context $ctx -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue

            @($errors) | Should -BeNullOrEmpty
            $setting.ExpiresAt | Should -BeNullOrEmpty
            $setting.Enabled | Should -BeTrue
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -BeLike '*expires_at*'
        }
        finally { $api.Dispose() }
    }

    It 'Set-ZtDohSetting with an equal duration sends nothing and says why' {
        $doh = '{"id":"5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24","name":"doh","doh_jwt_duration":"24h0m0s"}'
        $api = $Server::StartByMethod((Get-RecordedAnswer $doh), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            $verbose = Set-ZtDohSetting -Context $ctx -DohJwtDuration 1440m -Verbose 4>&1 | ForEach-Object { "$_" }

            $api.CountRequests('PUT') | Should -Be 0
            ($verbose -join "`n") | Should -BeLike '*already have the requested values*'
        }
        finally { $api.Dispose() }
    }
}

Describe 'One meaning of equal' {
    BeforeAll {
        $held = Get-Drifted 'session_duration' '"24h0m0s"'
        $held = $held.Substring(0, $held.Length - 1) +
        ',"mfa_config":{"allowed_authenticators":["security_key","totp"],"session_duration":"24h"},"deny_unmatched_requests_exempted_zone_names":["b.example.com","a.example.com"],"ui_read_only_toggle_reason":""}'
    }

    BeforeEach {
        $api = $Server::StartByMethod((Get-RecordedAnswer $held), $null)
        $ctx = Connect-Hostile -Server $api
    }

    AfterEach {
        $api.Dispose()
    }

    It 'Set-ZtOrganization -SessionDuration 24h on 24h0m0s sends nothing, and -Verbose says why' {
        $verbose = Set-ZtOrganization -Context $ctx -SessionDuration 24h -Force -Verbose 4>&1 | ForEach-Object { "$_" }

        $api.CountRequests('PUT') | Should -Be 0
        ($verbose -join "`n") | Should -BeLike '*durations compare by value*'
        ($verbose -join "`n") | Should -BeLike '*nothing was sent*'
    }

    It 'the same authenticators in another order, exempted zones in another order, and "" for null are in sync' {
        $desired = @{
            session_duration                            = '1440m'
            mfa_config                                  = @{ allowed_authenticators = @('totp', 'security_key') }
            deny_unmatched_requests_exempted_zone_names = @('a.example.com', 'b.example.com')
            ui_read_only_toggle_reason                  = $null
            auto_redirect_to_identity                   = $false
            login_design                                = @{ header_text = 'My header text updated' }
        }

        Test-ZtOrganization -Context $ctx -InputObject $desired | Should -BeTrue
        @(Compare-ZtOrganization -Context $ctx -InputObject $desired).Count | Should -Be 0
        Set-ZtOrganization -Context $ctx -InputObject $desired -Force
        $api.CountRequests('PUT') | Should -Be 0
    }

    It 'a real difference is still one difference each: another duration, a missing authenticator' {
        $desired = @{ session_duration = '12h'; mfa_config = @{ allowed_authenticators = @('totp') } }

        Test-ZtOrganization -Context $ctx -InputObject $desired | Should -BeFalse
        $differences = @(Compare-ZtOrganization -Context $ctx -InputObject $desired)
        @($differences.Field | Sort-Object) | Should -Be @('mfa_config.allowed_authenticators', 'session_duration')
    }
}

Describe 'An export of the recorded answer' {
    It 'holds only what Cloudflare said, passes the shipped schema, and is in sync' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            $path = Join-Path -Path $TestDrive -ChildPath 'recorded.json'
            Export-ZtOrganization -Context $ctx -Path $path

            $text = Get-Content -LiteralPath $path -Raw
            $keys = @(($text | ConvertFrom-Json).PSObject.Properties.Name)
            $keys | Sort-Object | Should -Be (@('$schema', 'account_id', 'allow_authenticate_via_warp', 'auth_domain', 'is_ui_read_only', 'login_design',
                    'name', 'session_duration', 'user_seat_expiration_inactive_time', 'warp_auth_session_duration') | Sort-Object)
            Test-Json -Json $text -SchemaFile $SchemaPath | Should -BeTrue
            Test-ZtOrganization -Context $ctx -Path $path | Should -BeTrue
            Set-ZtOrganization -Context $ctx -InputObject ($text | ConvertFrom-Json) -Force
            $api.CountRequests('PUT') | Should -Be 0
        }
        finally { $api.Dispose() }
    }

    It 'with fields this version does not know, still passes the schema, keeps them under $unmodelled, and round-trips' {
        $withNew = (Get-Drifted 'brand_new_setting' '"on"').Replace('"text_color":"#000000"', '"text_color":"#000000","corner_radius":"4px"')
        $api = $Server::StartByMethod((Get-RecordedAnswer $withNew), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            $text = Export-ZtOrganization -Context $ctx

            Test-Json -Json $text -SchemaFile $SchemaPath | Should -BeTrue
            $file = $text | ConvertFrom-Json
            $file.'$unmodelled'.brand_new_setting | Should -Be 'on'
            $file.'$unmodelled'.login_design.corner_radius | Should -Be '4px'
            Test-ZtOrganization -Context $ctx -InputObject $file | Should -BeTrue

            $file.'$unmodelled'.brand_new_setting = 'off'
            Set-ZtOrganization -Context $ctx -InputObject $file -Force
            $puts = @(Get-PutBody $api)
            $puts.Count | Should -Be 1
            $puts[0] | Should -BeLike '*"brand_new_setting":"off"*'
            $puts[0] | Should -BeLike '*"corner_radius":"4px"*'
            foreach ($responseOnly in 'created_at', 'updated_at', 'cache_device_posture', 'has_migrated_private_apps', 'trusted_accounts') {
                $puts[0] | Should -Not -BeLike "*`"$responseOnly`"*"
            }
        }
        finally { $api.Dispose() }
    }

    It 'a misspelt known field still fails the schema, and the module refuses it before any write' {
        $api = $Server::StartByMethod((Get-RecordedAnswer), $null)
        try {
            $ctx = Connect-Hostile -Server $api
            $typo = '{"account_id":"699d98642c564d2e855e9661899b7252","sesion_duration":"12h"}'

            Test-Json -Json $typo -SchemaFile $SchemaPath -ErrorAction SilentlyContinue | Should -BeFalse
            { Set-ZtOrganization -Context $ctx -InputObject ($typo | ConvertFrom-Json) -Force -ErrorAction Stop } | Should -Throw -ExpectedMessage '*sesion_duration*'
            $api.CountRequests('PUT') | Should -Be 0
        }
        finally { $api.Dispose() }
    }
}
