# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Every cmdlet and parameter set as a user types it, against both emulators: the in-process one
# (Connect-ZtAccount -Emulator) and zt-emulator on loopback (a real socket and the -BaseUri path). Binding by
# position, by name and from the pipeline by property name; -WhatIf that sends nothing (read from the emulator's
# journal); error records with their ErrorId, category, target and recommended action; the default views at 80 and
# 120 columns; and ConvertTo-Json of every output type.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg

    # Writes that reached the emulator, without the token check that Connect-ZtAccount makes.
    function Get-Writes($Context) { @(Get-ZtTestJournal -Context $Context -Writes) }

    function Get-Reads($Context) { @(Get-ZtTestJournal -Context $Context | Where-Object { $_.Method -eq 'GET' -and $_.Operation -ne 'VerifyToken' }) }

    # Runs a script block that must fail, and returns its error record.
    function Get-ErrorRecord([scriptblock] $Script) {
        try {
            & $Script
        }
        catch {
            return $_
        }
        throw 'The command did not fail.'
    }

    function Assert-ErrorRecord($Record, [string] $ErrorId, [System.Management.Automation.ErrorCategory] $Category) {
        $Record | Should -Not -BeNullOrEmpty
        $Record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $Record.CategoryInfo.Category | Should -Be $Category
        $Record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty -Because 'every error says how to fix it'
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

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

Describe 'Revoke-ZtUser (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Default set: the email by position' {
        $result = Revoke-ZtUser 'a@example.com' -Force
        $result.Email | Should -Be 'a@example.com'
        $result.Revoked | Should -BeTrue
        @(Get-Writes $ctx | Where-Object Operation -EQ 'RevokeUser').Email | Should -Be @('a@example.com')
    }

    It 'Default set: several emails by name, one result each, in order' {
        $results = @(Revoke-ZtUser -Email 'a@example.com', 'b@example.com', 'c@example.com' -Force)
        $results.Email | Should -Be @('a@example.com', 'b@example.com', 'c@example.com')
        @(Get-Writes $ctx).Count | Should -Be 3
    }

    It 'takes strings from the pipeline' {
        $results = @('a@example.com', 'b@example.com' | Revoke-ZtUser -Force)
        $results.Count | Should -Be 2
    }

    It 'takes Email from the pipeline by property name' {
        $results = @([pscustomobject]@{ Email = 'a@example.com' } | Revoke-ZtUser -Force)
        $results.Email | Should -Be 'a@example.com'
    }

    It 'takes Mail from the pipeline by property name (Microsoft Graph, Active Directory)' {
        $results = @([pscustomobject]@{ Mail = 'm@example.com' } | Revoke-ZtUser -Force)
        $results.Email | Should -Be 'm@example.com'
    }

    It 'Account set: -AccountId by name' {
        $result = Revoke-ZtUser -Email 'a@example.com' -AccountId $EmulatorAccountId -Force
        "$($result.Scope)" | Should -Be 'Account'
        (Get-Writes $ctx)[0].Path | Should -Match "/accounts/$EmulatorAccountId/"
    }

    It 'Zone set: -ZoneId by name' {
        $result = Revoke-ZtUser -Email 'a@example.com' -ZoneId $EmulatorZoneId -Force
        "$($result.Scope)" | Should -Be 'Zone'
        (Get-Writes $ctx)[0].Path | Should -Match "/zones/$EmulatorZoneId/"
    }

    It '-WhatIf sends nothing, even with -Force' {
        Revoke-ZtUser -Email 'a@example.com', 'b@example.com' -Force -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It '-Confirm:$false revokes without asking' {
        (Revoke-ZtUser -Email 'a@example.com' -Confirm:$false).Revoked | Should -BeTrue
    }

    It 'a malformed address is an error for that row, with the address as target, and is never sent' {
        $results = @('good@example.com', 'not an address' | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable failures)
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        "$($failures[0].TargetObject)" | Should -Match 'not an address'
        @(Get-Writes $ctx).Email | Should -Be @('good@example.com')
        @($results | Where-Object Revoked).Count | Should -Be 1
    }

    It 'the default view shows the email and the outcome at 80 and 120 columns' {
        $result = Revoke-ZtUser -Email 'someone@example.com' -Force
        foreach ($width in 80, 120) {
            $text = $result | Out-String -Width $width
            $text | Should -Match 'someone@example\.com'
            $text | Should -Match 'Revoked' -Because 'Status shows the outcome'
        }
    }

    It 'the result converts to JSON cleanly' {
        $back = Revoke-ZtUser -Email 'someone@example.com' -Force | ConvertTo-Json | ConvertFrom-Json
        $back.Email | Should -Be 'someone@example.com'
        $back.Revoked | Should -BeTrue
        "$($back.Scope)" | Should -Be 'Account'
    }
}

Describe 'Get-ZtDohSetting and Set-ZtDohSetting (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Get-ZtDohSetting reads the context account' {
        $doh = Get-ZtDohSetting
        $doh.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtDohSetting'
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
    }

    It 'Get-ZtDohSetting takes -AccountId by name and from the pipeline by property name' {
        (Get-ZtDohSetting -AccountId $EmulatorAccountId).Id | Should -Be $EmulatorDohServiceTokenId
        ([pscustomobject]@{ AccountId = $EmulatorAccountId } | Get-ZtDohSetting).Id | Should -Be $EmulatorDohServiceTokenId
    }

    It 'Set-ZtDohSetting -PassThru returns the new lifetime' {
        $doh = Set-ZtDohSetting -DohJwtDuration 36h -ServiceTokenId $EmulatorDohServiceTokenId -PassThru -Confirm:$false
        $doh.DohJwtDuration | Should -Be '36h'
        @(Get-Writes $ctx).Count | Should -Be 1
    }

    It 'Set-ZtDohSetting -WhatIf sends nothing' {
        Set-ZtDohSetting -DohJwtDuration 36h -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'Set-ZtDohSetting refuses a duration it cannot read before any request' {
        $record = Get-ErrorRecord { Set-ZtDohSetting -DohJwtDuration 'a day' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.DohJwtDuration' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'a service token id that is no UUID is refused before any request' {
        $record = Get-ErrorRecord { Set-ZtDohSetting -ServiceTokenId 'abc.access' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.ServiceTokenId' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'the default view shows the token name and id at 120 columns and the id at 80' {
        $doh = Get-ZtDohSetting
        ($doh | Out-String -Width 80) | Should -Match ([regex]::Escape($EmulatorDohServiceTokenId.Substring(0, 8)))
        ($doh | Out-String -Width 120) | Should -Match ([regex]::Escape($EmulatorDohServiceTokenId))
    }

    It 'converts to JSON cleanly' {
        $back = Get-ZtDohSetting | ConvertTo-Json | ConvertFrom-Json
        $back.Id | Should -Be $EmulatorDohServiceTokenId
        $back.PSObject.Properties.Name | Should -Contain 'DohJwtDuration'
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
