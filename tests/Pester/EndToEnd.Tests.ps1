# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Every cmdlet against the built-in emulator (Connect-ZtAccount -Emulator): the scenarios the README and the
# help promise, as a user types them. Each test connects afresh, so each starts from the emulator's seed.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg

    function Get-PropertyJson($InputObject, [string] $Name) {
        ConvertTo-Json -InputObject $InputObject.$Name -Depth 5 -Compress
    }
}

AfterAll {
    Disconnect-ZtAccount
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

Describe 'Revoking users' {
    BeforeEach {
        Connect-ZtAccount -Emulator
    }

    It 'takes objects with a Mail property from the pipeline and returns one result per user' {
        $results = @('a@x.com', 'b@x.com' | ForEach-Object { [pscustomobject]@{ Mail = $_ } } | Revoke-ZtUser -Force)
        $results.Count | Should -Be 2
        $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtRevokeResult' }
        $results.Email | Should -Be @('a@x.com', 'b@x.com')
        $results.Revoked | Should -Be @($true, $true)
    }

    It 'takes the Email column of Import-Csv' {
        $csv = Join-Path -Path $TestDrive -ChildPath 'leavers.csv'
        @(
            [pscustomobject]@{ Email = 'carol@contoso.com'; Department = 'Sales' }
            [pscustomobject]@{ Email = 'dave@contoso.com'; Department = 'IT' }
            [pscustomobject]@{ Email = 'erin@contoso.com'; Department = 'HR' }
        ) | Export-Csv -Path $csv -NoTypeInformation

        $results = @(Import-Csv -Path $csv | Revoke-ZtUser -Force)
        $results.Email | Should -Be @('carol@contoso.com', 'dave@contoso.com', 'erin@contoso.com')
        @($results | Where-Object Revoked).Count | Should -Be 3
    }

    It 'one malformed row is an error for that row only; the other rows are still revoked' {
        $errors = $null
        $results = @('a@x.com', 'not-an-email', 'b@x.com' | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable errors)
        $results.Email | Should -Be @('a@x.com', 'not-an-email', 'b@x.com')
        $results.Revoked | Should -Be @($true, $false, $true)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
    }

    It '-WhatIf wins over -Force' {
        $results = 'a@x.com' | Revoke-ZtUser -Force -WhatIf
        $results | Should -BeNullOrEmpty
    }

    It 'keeps account-only options out of the zone parameter set' {
        { Revoke-ZtUser -ZoneId $EmulatorZoneId -Email 'a@x.com' -Devices -Force } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        $zoneResult = Revoke-ZtUser -ZoneId $EmulatorZoneId -Email 'a@x.com' -Force
        $zoneResult.Revoked | Should -BeTrue
        "$($zoneResult.Scope)" | Should -Be 'Zone'
    }
}

Describe 'DNS-over-HTTPS settings' {
    BeforeEach {
        Connect-ZtAccount -Emulator
    }

    It 'Get-ZtDohSetting returns the linked service token, id and client id apart' {
        $doh = Get-ZtDohSetting
        $doh.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtDohSetting'
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
        $doh.ClientId | Should -Not -Be $doh.Id
    }

    It 'Set-ZtDohSetting changes the JWT lifetime with the service token id' {
        $doh = Set-ZtDohSetting -DohJwtDuration 800h -ServiceTokenId $EmulatorDohServiceTokenId -PassThru
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
        $doh.DohJwtDuration | Should -Be '800h'
        (Get-ZtDohSetting).DohJwtDuration | Should -Be '800h'
    }

    It 'Set-ZtDohSetting reports an unknown service token as ZtServiceTokenNotFound' {
        { Set-ZtDohSetting -ServiceTokenId '00000000-0000-0000-0000-000000000000' -ErrorAction Stop } | Should -Throw -ErrorId 'ZtServiceTokenNotFound*'
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

Describe 'Objects convert to JSON cleanly' {
    BeforeAll {
        Connect-ZtAccount -Emulator
        $objects = @(
            @{ Type = 'ZtOrganization'; Value = (Get-ZtOrganization) }
            @{ Type = 'ZtContext'; Value = (Get-ZtContext) }
            @{ Type = 'ZtRevokeResult'; Value = (Revoke-ZtUser -Email 'json@x.com' -Force) }
            @{ Type = 'ZtDohSetting'; Value = (Get-ZtDohSetting) }
        )
    }

    It '<Type> converts without secrets or internal members' -ForEach @(
        @{ Type = 'ZtOrganization' }, @{ Type = 'ZtContext' }, @{ Type = 'ZtRevokeResult' }, @{ Type = 'ZtDohSetting' }
    ) {
        $value = ($objects | Where-Object { $_.Type -eq $Type }).Value
        $value.PSObject.TypeNames[0] | Should -Be "ZeroTrustOrg.$Type"
        $json = $value | ConvertTo-Json -Depth 5
        $json | Should -Not -BeNullOrEmpty
        $json | Should -Not -Match ([regex]::Escape($EmulatorToken))
        $json | Should -Not -Match '"AdditionalFields"'
        $json | Should -Not -Match '"Exception"'
        $value.PSObject.Properties.Name | Should -Not -Contain 'AdditionalFields'
        $value.PSObject.Properties.Name | Should -Not -Contain 'Exception'
        $value.PSObject.Properties.Name | Should -Not -Contain 'Credential'
    }
}
