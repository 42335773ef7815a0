# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# The credential must never show: not in any output stream with -Verbose and -Debug, not in error records, not in
# the context object however it is printed or converted, on success paths and on failure paths. The emulator's
# connection uses the development token 'zt-emulator-dev-token', which is what these tests look for.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg

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
