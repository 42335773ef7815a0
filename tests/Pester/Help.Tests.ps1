# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Get-Help for every exported command, after PSScriptAnalyzer's Tests/Engine/ModuleHelp.Tests.ps1: help is not
# auto-generated, has a synopsis, a description and an example with code, and documents every parameter with
# the right mandatory flag and type and no parameter the code lacks. The MAML comes from docs/en-US through
# Microsoft.PowerShell.PlatyPS in build.ps1; without PlatyPS there is no MAML, and these tests are skipped.

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
}

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
