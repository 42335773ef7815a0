# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# The built module folder (out/ZeroTrustOrg) as the Gallery and a user's session see it.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $manifestData = Import-PowerShellDataFile -Path $ManifestPath
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
        $info.Name | Should -Be 'ZeroTrustOrg'
        $info.Version | Should -BeGreaterThan ([version]'0.0.0')
        $info.RootModule | Should -Be 'ZeroTrustOrg.dll'
    }

    It 'has its version and release notes filled in by the build' {
        $manifestData.ModuleVersion | Should -Not -Match '\{\{'
        $manifestData.PrivateData.PSData.ReleaseNotes | Should -Not -Match '\{\{'
        $manifestData.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'loads nothing besides the root module' {
        $manifestData.Keys | Should -Not -Contain 'NestedModules'
        $manifestData.Keys | Should -Not -Contain 'RequiredAssemblies'
        $manifestData.Keys | Should -Not -Contain 'ScriptsToProcess'
    }

    It 'names files that are in the module folder' {
        Join-Path -Path $ModuleRoot -ChildPath $manifestData.RootModule | Should -Exist
        foreach ($format in $manifestData.FormatsToProcess) {
            Join-Path -Path $ModuleRoot -ChildPath $format | Should -Exist
        }
    }

    It 'ships System.Text.Json and its graph in dependencies, not next to the module' {
        Join-Path -Path (Join-Path -Path $ModuleRoot -ChildPath 'dependencies') -ChildPath 'System.Text.Json.dll' | Should -Exist
        $rootAssemblies = Get-ChildItem -Path $ModuleRoot -Filter '*.dll' | ForEach-Object Name | Sort-Object
        $rootAssemblies | Should -Be @('ZeroTrustOrg.Core.dll', 'ZeroTrustOrg.dll', 'ZeroTrustOrg.Emulator.dll')
    }
}

Describe 'Importing the module' {
    It 'exports exactly the cmdlets the manifest lists, and nothing else' {
        $module = Get-Module -Name ZeroTrustOrg
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifestData.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'imports in a fresh process and exports the same commands there' {
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath)
`$names = @(Get-Command -Module ZeroTrustOrg | ForEach-Object Name | Sort-Object)
'RESULT:' + (ConvertTo-Json -InputObject @{ Names = `$names; Edition = `$PSVersionTable.PSEdition } -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        @($run.Result.Names) | Should -Be @($manifestData.CmdletsToExport | Sort-Object)
        $run.Result.Edition | Should -Be $PSVersionTable.PSEdition
    }

    It 'still imports and works when another System.Text.Json was loaded first' {
        # After Graph's AssemblyIsolation test: in a fresh process, put a System.Text.Json in place before the
        # module arrives. On PowerShell 7 the runtime's copy is used first and the module's own copy is also
        # loaded into a separate load context; on Windows PowerShell the module's copy is loaded by path.
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
`$moduleRoot = $(ConvertTo-SingleQuoted $ModuleRoot)
`$shipped = [System.IO.Path]::Combine(`$moduleRoot, 'dependencies', 'System.Text.Json.dll')
if (`$PSVersionTable.PSEdition -eq 'Core') {
    `$touched = [System.Text.Json.JsonDocument]::Parse('{"a":1}').RootElement.GetProperty('a').GetInt32()
}
else {
    `$touched = 1
}
`$early = [System.Reflection.Assembly]::LoadFile(`$shipped)
Import-Module -Name (Join-Path `$moduleRoot 'ZeroTrustOrg.psd1')
Connect-ZtAccount -Emulator
`$org = Get-ZtOrganization
`$copies = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.Text.Json' }).Count
'RESULT:' + (ConvertTo-Json -InputObject @{ Touched = `$touched; Early = `$early.GetName().Version.ToString(); Name = `$org.Name; Copies = `$copies } -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Touched | Should -Be 1
        $run.Result.Early | Should -Match '^8\.'
        $run.Result.Name | Should -Be 'Example Team'
        $run.Result.Copies | Should -BeGreaterOrEqual 1
    }

    It 'runs its public module initializer on import and its completers still complete, in a fresh process' {
        # PowerShell finds the initializer and the completers by reflection on public types only: this guards the
        # internal surface against hiding one of them. IsResolving is internal, so it is read by reflection.
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath)
`$flag = [ZeroTrustOrg.Commands.ModuleInitializer].GetProperty('IsResolving', [System.Reflection.BindingFlags]'NonPublic,Static')
`$afterImport = [bool]`$flag.GetValue(`$null)
`$line = 'Connect-ZtAccount -RateLimit '
`$completions = @((TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches | ForEach-Object CompletionText)
Remove-Module -Name ZeroTrustOrg
`$afterRemove = [bool]`$flag.GetValue(`$null)
'RESULT:' + (ConvertTo-Json -InputObject @{ AfterImport = `$afterImport; AfterRemove = `$afterRemove; Completions = `$completions } -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.AfterImport | Should -BeTrue
        $run.Result.AfterRemove | Should -BeFalse
        @($run.Result.Completions) | Should -Contain '1200/300s'
        @($run.Result.Completions) | Should -Contain '600/300s'
    }
}

Describe 'The shipped manifest' {
    BeforeAll {
        $manifestText = Get-Content -LiteralPath $ManifestPath -Raw
        $data = Import-PowerShellDataFile -LiteralPath $ManifestPath
    }

    It 'is a clean final file, not a template' {
        $manifestText | Should -Not -Match 'template'
        $manifestText | Should -Not -Match '\{\{'
    }

    It 'has real release notes: no "Unreleased", no internal benchmark talk' {
        $notes = $data.PrivateData.PSData.ReleaseNotes
        $notes | Should -Not -BeNullOrEmpty
        $notes | Should -Not -Match 'Unreleased'
        $notes | Should -Not -Match '(?i)benchmark'
        $notes | Should -Match 'ZeroTrustOrg'
    }
}
