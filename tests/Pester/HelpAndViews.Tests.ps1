# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# What an admin reads. Views: the default views are designed for an 80-column console (every line fits, no header
# wraps, the key columns are all there, every label is the property's own name, so Sort-Object on a visible header
# works), and every output type converts to JSON cleanly. Help: Get-Help for every exported command, after
# PSScriptAnalyzer's Tests/Engine/ModuleHelp.Tests.ps1 (not auto-generated, a synopsis, a description, an example
# with code, every parameter with the right mandatory flag and type and no parameter the code lacks; the MAML comes
# from docs/en-US through Microsoft.PowerShell.PlatyPS in build.ps1, and without it these tests are skipped), help
# online and at 80 columns, error messages that lead with their meaning, and completion that offers only what helps.
# The documented examples run in Examples.Tests.ps1.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $mamlFiles = @(Get-ChildItem -Path (Join-Path -Path $ModuleRoot -ChildPath 'en-US') -Filter '*-help.xml' -ErrorAction SilentlyContinue)
    $commands = @(Get-Command -Module ZeroTrustOrg -CommandType Cmdlet | ForEach-Object {
            @{ Name = $_.Name; MamlBuilt = ($mamlFiles.Count -gt 0) }
        })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $noMaml = 'MAML help was not built (out/ZeroTrustOrg/en-US/*-help.xml is missing): install Microsoft.PowerShell.PlatyPS 1.0.3 and run ./build.ps1 again'
    $commonParameters = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)
    $HelpBase = 'https://github.com/zerotrustorg/ZeroTrustOrg/blob/main/docs/en-US/'

    # Samples for the views, read once: the views run first, before a test here connects again and closes this context.
    Connect-ZtAccount -Emulator -WarningAction SilentlyContinue

    $script:Samples = @{
        Organization = Get-ZtOrganization
        ZoneOrganization = Get-ZtOrganization -ZoneId $EmulatorZoneId
        DohSetting = Get-ZtDohSetting
        RevokeResult = @(Revoke-ZtUser -Email 'christopher.long-name@corp.example.com', 'not-an-address', 'a.very.long.address.for.wrapping@subdomain.example.com' -Force -ErrorAction SilentlyContinue)
        Context = Get-ZtContext
        Difference = @(Compare-ZtOrganization -InputObject @{ session_duration = '7h'; name = 'Renamed Team' })
        TestResult = Test-ZtOrganization -InputObject @{ session_duration = '7h' } -Detailed
    }

    # What must be visible in each type's default view, at any width from 80 up.
    $script:MustShow = @{
        Organization = @('Name', 'AuthDomain', 'Scope', 'SessionDuration', 'DenyUnmatchedRequests', 'IsUiReadOnly', 'UpdatedAt', 'IsEmulator', 'example-team.cloudflareaccess.com')
        ZoneOrganization = @('Name', 'AuthDomain', 'Scope', 'Zone', 'IsEmulator', 'example-zone.cloudflareaccess.com')
        DohSetting = @('Name', 'Id', 'DohJwtDuration', 'ExpiresAt', 'IsEmulator', $EmulatorDohServiceTokenId)
        RevokeResult = @('Email', 'Status', 'EmailSource', 'IsEmulator', 'Revoked', 'Failed', 'christopher.long-name@corp.example.com')
        Context = @('IsEmulator', 'AccountId', 'DefaultScope', 'BaseUri', 'TokenStatus', $EmulatorAccountId)
        Difference = @('Field', 'Current', 'Desired', 'session_duration', '24h', '7h', 'Renamed Team', 'IsEmulator')
        TestResult = @('InSync', 'Differences', 'session_duration: 24h -> 7h', 'IsEmulator')
    }

    # The table header: the line above the first dashed line.
    function Get-TableHeader([string] $Text) {
        $lines = $Text -split "`r?`n"
        $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^-{2,}( +-{2,})*\s*$' })
        if ($dashes -lt 1) { return $null }
        [pscustomobject]@{ Header = $lines[$dashes - 1]; Dashes = $lines[$dashes]; Labels = @($lines[$dashes - 1] -split '\s+' | Where-Object { $_ }) }
    }

    function Get-ListLabels([string] $Text) {
        @($Text -split "`r?`n" | Where-Object { $_ -match '^(\w+)\s*: ' } | ForEach-Object { $Matches[1] } | Select-Object -Unique)
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

# Default views, tables and JSON.
Describe 'Default views at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    It '<_> fits, and shows its key fields' -ForEach @('Organization', 'ZoneOrganization', 'DohSetting', 'RevokeResult', 'Context', 'Difference', 'TestResult') {
        $text = $Samples[$_] | Out-String -Width $Width
        foreach ($line in $text -split "`r?`n") {
            $line.TrimEnd().Length | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns"
        }

        foreach ($visible in $MustShow[$_]) {
            $text | Should -Match ([regex]::Escape($visible)) -Because "$_ must show $visible at $Width columns:`n$text"
        }

        $text | Should -Not -Match '…' -Because "nothing in the default view of $_ may be cut off at $Width columns:`n$text"
    }

    It '<_> default view labels are property names' -ForEach @('Organization', 'DohSetting', 'RevokeResult', 'Context', 'Difference', 'TestResult') {
        $sample = @($Samples[$_])[0]
        $text = $Samples[$_] | Out-String -Width $Width
        $table = Get-TableHeader $text
        $labels = if ($table) { $table.Labels } else { Get-ListLabels $text }
        $labels.Count | Should -BeGreaterThan 2
        foreach ($label in $labels) {
            $sample.PSObject.Properties.Name | Should -Contain $label -Because "the label '$label' must be a property Sort-Object can use"
        }
    }

    It '<Type> table view fits without a wrapped header and keeps its key columns' -ForEach @(
        @{ Type = 'Organization'; Key = @('Name', 'AuthDomain', 'Scope', 'IsEmulator') }
        @{ Type = 'DohSetting'; Key = @('Name', 'DohJwtDuration', 'ExpiresAt', 'IsEmulator') }
        @{ Type = 'RevokeResult'; Key = @('Email', 'Status', 'EmailSource', 'IsEmulator') }
    ) {
        $text = $Samples[$Type] | Format-Table | Out-String -Width $Width
        $table = Get-TableHeader $text
        $table | Should -Not -BeNullOrEmpty
        $table.Labels | Should -Be $Key -Because "every key column must be there in full, in order:`n$text"
        $text | Should -Not -Match '…' -Because "the emulator's sample values fit their columns:`n$text"
        foreach ($line in $text -split "`r?`n") {
            $line.TrimEnd().Length | Should -BeLessOrEqual $Width
        }

        # A wrapped header puts label fragments on the lines above the header line.
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Be $table.Header.TrimEnd() -Because 'the header must be a single line'
        foreach ($label in $Key) {
            $sample = @($Samples[$Type])[0]
            $sample.PSObject.Properties.Name | Should -Contain $label
        }
    }
}

Describe 'Sorting and filtering on a visible header' {
    It 'Sort-Object and Where-Object on each visible revoke column work' {
        $results = $Samples.RevokeResult
        @($results | Where-Object Status -EQ 'Failed').Count | Should -Be 1
        @($results | Sort-Object EmailSource, IsEmulator).Count | Should -Be 3
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

# Help, error messages and completion.
Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name -Module ZeroTrustOrg
        $help = Get-Help -Name $Name -Full -ErrorAction SilentlyContinue
        $codeParameters = @($command.Parameters.Values | Where-Object { $commonParameters -notcontains $_.Name -or $_.Name -in 'WhatIf', 'Confirm' })
        # A cmdlet with no parameters of its own has no parameter element; @() of that would be one $null.
        $helpParameters = @($help.parameters.parameter | Where-Object { $null -ne $_ })
    }

    It 'is not auto-generated' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        # Without help, Get-Help makes the synopsis out of the syntax.
        $help.Synopsis | Should -Not -BeLike '*`[`<CommonParameters`>`]*'
    }

    It 'has a synopsis' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        $help.Synopsis.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has a description' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code that uses the command' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 1
        # PlatyPS 1.0 writes the fenced code into the example's introduction; older MAML has a code element.
        $withCode = @($examples | Where-Object {
                $text = (@($_.code) + @($_.introduction | ForEach-Object Text) + @($_.remarks | ForEach-Object Text)) -join "`n"
                $text -match [regex]::Escape($Name)
            })
        $withCode.Count | Should -BeGreaterOrEqual 1
    }

    It 'describes every parameter' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        foreach ($parameter in $codeParameters) {
            $parameterHelp = $helpParameters | Where-Object Name -EQ $parameter.Name
            $parameterHelp | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs help"
            [string]::IsNullOrWhiteSpace(($parameterHelp.Description | Out-String)) | Should -BeFalse -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'gives every parameter the mandatory flag and type the code has' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        foreach ($parameter in $codeParameters) {
            $parameterHelp = $helpParameters | Where-Object Name -EQ $parameter.Name
            $mandatorySomewhere = @($parameter.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
            "$($parameterHelp.Required)" | Should -Be "$mandatorySomewhere".ToLowerInvariant() -Because "-$($parameter.Name) Mandatory"
            $parameterHelp.type.name | Should -Be $parameter.ParameterType.FullName -Because "-$($parameter.Name) type"
        }
    }

    It 'documents no parameter the code lacks' {
        if (-not $MamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        foreach ($name in @($helpParameters | ForEach-Object Name)) {
            $command.Parameters.Keys | Should -Contain $name
        }
    }
}

Describe 'The about topic' {
    It 'is shipped next to the MAML help' {
        $mamlBuilt = @(Get-ChildItem -Path (Join-Path -Path $ModuleRoot -ChildPath 'en-US') -Filter '*-help.xml' -ErrorAction SilentlyContinue).Count -gt 0
        if (-not $mamlBuilt) { Set-ItResult -Skipped -Because $noMaml }
        Join-Path -Path (Join-Path -Path $ModuleRoot -ChildPath 'en-US') -ChildPath 'about_ZeroTrustOrg.help.txt' | Should -Exist
    }

    It 'has its source in docs/en-US' {
        Join-Path -Path (Join-Path -Path (Join-Path -Path $RepoRoot -ChildPath 'docs') -ChildPath 'en-US') -ChildPath 'about_ZeroTrustOrg.help.md' | Should -Exist
    }
}

Describe 'Help works online and offline' {
    It '<_> has a HelpUri to its own page in the project docs' -ForEach @(Get-Command -Module ZeroTrustOrg | ForEach-Object Name) {
        (Get-Command $_).HelpUri | Should -Be "$HelpBase$_.md"
    }

    It '<_> help names its own page first among the links (Get-Help -Online opens it)' -ForEach @(Get-Command -Module ZeroTrustOrg | ForEach-Object Name) {
        $links = @((Get-Help $_).relatedLinks.navigationLink | Where-Object { $_.uri })
        $links[0].uri | Should -Be "$HelpBase$_.md"
    }

    It 'about_ZeroTrustOrg is plain text that fits 80 columns: no pipe tables, fences or backticks' {
        $text = Get-Help about_ZeroTrustOrg | Out-String -Width 200
        $text | Should -Match 'ABOUT_ZEROTRUSTORG|about_ZeroTrustOrg'
        foreach ($line in $text -split "`r?`n") {
            $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit 80 columns"
            $line | Should -Not -Match '^\s*\|' -Because 'pipe tables wrap into soup'
            $line | Should -Not -Match '^\s*```' -Because 'code fences are markdown'
        }

        $text | Should -Not -Match '`'
        $text | Should -Not -Match '\*\*'
    }

    It 'the -Email help of Revoke-ZtUser no longer says an invalid address ends the command' {
        $help = (Get-Help Revoke-ZtUser -Parameter Email).description.Text -join ' '
        $help | Should -Not -Match 'ends the command'
        $help | Should -Match 'does not end the command'
    }

    It 'the Revoke-ZtUser help says what Revoked means' {
        $text = Get-Help Revoke-ZtUser -Full | Out-String -Width 200
        $text | Should -Match 'Cloudflare accepted the revocation request'
        $text | Should -Match 'does not prove'
    }
}

Describe 'Error messages lead with their meaning' {
    BeforeAll {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
    }

    It 'a Cloudflare failure says what it means on the first line, and the code, URL and cf-ray below' {
        Get-ZtOrganization -AccountId 00000000000000000000000000000000 -ErrorAction SilentlyContinue -ErrorVariable failures
        $lines = @($failures[0].ErrorDetails.Message -split "`r?`n")
        $lines[0] | Should -Be 'Cloudflare does not know that account or zone.'
        $lines.Count | Should -BeGreaterThan 1
        $lines[1..($lines.Count - 1)] -join "`n" | Should -Match 'Cloudflare error 7003'
        $lines[-1] | Should -Match '^GET http\S+/accounts/0{32}/access/organizations -> 400 BadRequest, cf-ray \S+'
    }

    It 'the first line fits 80 columns in the default error view' {
        Get-ZtOrganization -AccountId 00000000000000000000000000000000 -ErrorAction SilentlyContinue -ErrorVariable failures
        ($failures[0].ErrorDetails.Message -split "`r?`n")[0].Length | Should -BeLessThan 72
    }

    It 'a revoke result carries the meaning, not the transport, in Error' {
        $result = Revoke-ZtUser -Email 'x@example.com' -ZoneId 00000000000000000000000000000000 -Force -ErrorAction SilentlyContinue
        $result.Error | Should -Be 'Cloudflare does not know that account or zone.'
    }
}

Describe 'Completion offers only what helps' {
    It '<Command> -<Parameter> offers no file paths' -ForEach @(
        @{ Command = 'Set-ZtDohSetting'; Parameter = 'ServiceTokenId' }
        @{ Command = 'Connect-ZtAccount'; Parameter = 'RateLimit' }
        @{ Command = 'Get-ZtOrganization'; Parameter = 'AccountId' }
    ) {
        # Not connected: nothing to offer, and still no file paths.
        Disconnect-ZtAccount
        Push-Location -Path $TestDrive
        try {
            Set-Content -Path (Join-Path $TestDrive 'zz-file.txt') -Value 'x'
            $line = "$Command -$Parameter "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.CompletionText | Should -Not -Contain './zz-file.txt'
            @($completions | Where-Object ResultType -EQ 'ProviderItem').Count | Should -Be 0
        }
        finally {
            Pop-Location
        }
    }

    It '-RateLimit offers Cloudflare''s limit and smaller shares' {
        $line = 'Connect-ZtAccount -RateLimit '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '1200/300s'
    }

    It '-ServiceTokenId offers the id last read with Get-ZtDohSetting' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $null = Get-ZtDohSetting
        $line = 'Set-ZtDohSetting -ServiceTokenId '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $EmulatorDohServiceTokenId
    }
}
