<#
.SYNOPSIS
    Builds the ZeroTrustOrg module into out/ZeroTrustOrg, and optionally shows it, tests it and packages it.
.DESCRIPTION
    Needs only the .NET SDK: PowerShell itself is a local .NET tool (dotnet tool restore; dotnet pwsh), and
    -Test brings the pinned Pester from NuGet into the package cache. Nothing is installed for the user:
    Pester is put on PSModulePath of the test process only.

    The build is dotnet publish src/ZeroTrustOrg (which also renders MAML help from docs/en-US with the in-repo
    help builder) plus zt-emulator into out/zt-emulator. The help is re-rendered with
    Microsoft.PowerShell.PlatyPS when that exact version is installed.
.PARAMETER Demo
    After the build, imports the module in a new PowerShell process, connects to the built-in emulator and shows
    the organization, a -WhatIf diff and one revocation.
.PARAMETER Test
    After the build, runs the xunit tests and then the Pester tests against out/ZeroTrustOrg in a new process.
    Results go to TestResults/ (xunit.trx, pester.xml); the last line counts both.
.PARAMETER PesterPath
    With -Test: run only these Pester files or folders (default tests/Pester), and skip xunit.
.PARAMETER Package
    After the build, publishes the module to a local folder repository, installs it from there into a scratch
    folder with PSResourceGet, and runs the emulator tour in a new process that imports it by name.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Demo
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Test -PesterPath tests/Pester/Revoking.Tests.ps1
.EXAMPLE
    dotnet pwsh ./build.ps1 -Clean -Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Clean,
    [switch] $Demo,
    [switch] $Test,
    [string[]] $PesterPath,
    [switch] $Package,
    [switch] $SkipHelp
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/ZeroTrustOrg'
$emulatorOut = Join-Path $root 'out/zt-emulator'
$resultsDir = Join-Path $root 'TestResults'
. (Join-Path $root 'tools/build/ChildShell.ps1')

# Pinned tools. An older or newer PlatyPS may render a different MAML shape; Pester is pinned for repeatable runs.
$platyPSName = 'Microsoft.PowerShell.PlatyPS'
$platyPSVersion = '1.0.3'
$pesterVersion = '5.7.1'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

<# Runs a script in a new PowerShell process of this edition, with extra environment variables; returns its exit code. #>
function Invoke-ChildShell([string] $Script, [hashtable] $Environment = @{}) {
    $shell = Get-ChildShell
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        # Start-Process shares this console, so the child's colours and views reach the user as they are.
        $arguments = @($shell.Arguments) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
        $process = Start-Process -FilePath $shell.FilePath -ArgumentList $arguments -NoNewWindow -Wait -PassThru
        return $process.ExitCode
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

# The emulator tour: what -Demo shows and what -Package runs against the installed copy.
$tour = @'
$ErrorActionPreference = 'Stop'
Import-Module {0}
Connect-ZtAccount -Emulator
Write-Host "`nThe organization (Get-ZtOrganization):" -ForegroundColor Cyan
Get-ZtOrganization | Format-List Name, AuthDomain, SessionDuration, DenyUnmatchedRequests, IsEmulator | Out-Host
Write-Host 'A change, previewed (Set-ZtOrganization -SessionDuration 12h -WhatIf):' -ForegroundColor Cyan
Set-ZtOrganization -SessionDuration 12h -WhatIf
Write-Host "`nOne revocation (Revoke-ZtUser -Email leaver@example.com -Force):" -ForegroundColor Cyan
Revoke-ZtUser -Email leaver@example.com -Force | Out-Host
Disconnect-ZtAccount
'@

if ($Clean) {
    foreach ($path in @('out', 'TestResults')) {
        $full = Join-Path $root $path
        if (Test-Path $full) { Remove-Item $full -Recurse -Force }
    }
    Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
}

Write-Host "Building the module into $moduleOut" -ForegroundColor Cyan
Invoke-Native dotnet @('publish', (Join-Path $root 'src/ZeroTrustOrg'), '-c', $Configuration, '-nologo', '-v', 'quiet')
Write-Host "Building zt-emulator into $emulatorOut" -ForegroundColor Cyan
Invoke-Native dotnet @('publish', (Join-Path $root 'src/ZeroTrustOrg.Emulator.Server'), '-c', $Configuration, '-o', $emulatorOut, '-nologo', '-v', 'quiet')

if (-not $SkipHelp) {
    $platyPS = Get-Module -ListAvailable -Name $platyPSName | Where-Object { $_.Version -eq [version]$platyPSVersion } | Select-Object -First 1
    if ($platyPS) {
        Import-Module $platyPS -Force
        $helpOut = Join-Path $moduleOut 'en-US'
        $pages = Get-ChildItem (Join-Path $root 'docs/en-US') -Filter '*-Zt*.md'
        $pages | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } |
            Export-MamlCommandHelp -OutputFolder $helpOut -Force | Out-Null
        # Export-MamlCommandHelp writes into a folder named after the module; Get-Help looks in en-US itself.
        Get-ChildItem $helpOut -Recurse -Filter '*-help.xml' | Move-Item -Destination $helpOut -Force
        Get-ChildItem $helpOut -Directory | Remove-Item -Recurse -Force
        Write-Host "MAML help re-rendered with $platyPSName $platyPSVersion" -ForegroundColor Cyan
    }
    else {
        Write-Verbose "$platyPSName $platyPSVersion is not installed; keeping the help that dotnet publish rendered with tools/ZeroTrustOrg.HelpBuilder."
    }
}

if ($Demo) {
    $exit = Invoke-ChildShell ($tour -f "'$(Join-Path $moduleOut 'ZeroTrustOrg.psd1')'")
    if ($exit -ne 0) { throw "The emulator tour failed with exit code $exit." }
}

if ($Test) {
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $resultsDir | Out-Null
    $xunitExit = 0
    if (-not $PesterPath) {
        Write-Host 'Running the xunit tests (dotnet test)' -ForegroundColor Cyan
        & dotnet test (Join-Path $root 'ZeroTrustOrg.sln') -c $Configuration --nologo --logger 'trx;LogFileName=xunit.trx' --results-directory $resultsDir
        $xunitExit = $LASTEXITCODE
    }

    # Pester comes from NuGet into the package cache; the test process alone gets it on PSModulePath.
    Write-Host "Restoring Pester $pesterVersion from NuGet" -ForegroundColor Cyan
    $restoreProject = Join-Path $root 'tools/build/Pester.Restore.csproj'
    Invoke-Native dotnet @('restore', $restoreProject, "-p:PesterVersion=$pesterVersion", '-nologo', '-v', 'quiet')
    $packageRoot = (& dotnet msbuild $restoreProject -getProperty:NuGetPackageRoot -nologo).Trim()
    $pesterSource = Join-Path $packageRoot "pester/$pesterVersion/tools"
    if (-not (Test-Path (Join-Path $pesterSource 'Pester.psd1'))) { throw "Pester $pesterVersion was restored, but $pesterSource has no Pester.psd1." }
    $testModules = Join-Path $root 'out/test-modules'
    $pesterTarget = Join-Path $testModules "Pester/$pesterVersion"
    if (-not (Test-Path (Join-Path $pesterTarget 'Pester.psd1'))) {
        New-Item -ItemType Directory -Force -Path $pesterTarget | Out-Null
        Copy-Item -Path (Join-Path $pesterSource '*') -Destination $pesterTarget -Recurse -Force
    }

    $paths = if ($PesterPath) { @($PesterPath | ForEach-Object { (Resolve-Path $_).Path }) } else { @(Join-Path $root 'tests/Pester') }
    $pathList = ($paths | ForEach-Object { "'" + $_.Replace("'", "''") + "'" }) -join ', '
    $pesterScript = @"
Import-Module Pester -RequiredVersion $pesterVersion -ErrorAction Stop
`$c = New-PesterConfiguration
`$c.Run.Path = @($pathList)
`$c.Run.Exit = `$true
`$c.Output.Verbosity = 'Detailed'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputFormat = 'NUnitXml'
`$c.TestResult.OutputPath = '$(Join-Path $resultsDir 'pester.xml')'
Invoke-Pester -Configuration `$c
"@
    Write-Host "Running the Pester tests against $moduleOut" -ForegroundColor Cyan
    $separator = [IO.Path]::PathSeparator
    $pesterExit = Invoke-ChildShell $pesterScript @{ PSModulePath = "$testModules$separator$env:PSModulePath" }

    if ($PesterPath) {
        if ($pesterExit -ne 0) { throw "Pester failed (exit code $pesterExit)." }
    }
    else {
        & (Join-Path $root 'tools/build/Measure-TestResults.ps1') -ResultsDirectory $resultsDir
        if ($LASTEXITCODE -ne 0 -or $xunitExit -ne 0 -or $pesterExit -ne 0) {
            throw "Tests failed (xunit exit code $xunitExit, Pester exit code $pesterExit)."
        }
    }
}

if ($Package) {
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $repoName = 'ZeroTrustOrgLocal'
    $repoPath = Join-Path $root 'out/repository'
    $installRoot = Join-Path $root 'out/installed'
    foreach ($path in @($repoPath, $installRoot)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
        New-Item -ItemType Directory -Force -Path $path | Out-Null
    }
    Test-ModuleManifest (Join-Path $moduleOut 'ZeroTrustOrg.psd1') | Out-Null

    # A repository of the same name that the user registered is put back as it was afterwards.
    $existing = Get-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue
    if ($existing) { Unregister-PSResourceRepository -Name $repoName }
    Register-PSResourceRepository -Name $repoName -Uri $repoPath -Trusted
    try {
        Publish-PSResource -Path $moduleOut -Repository $repoName
        Save-PSResource -Name ZeroTrustOrg -Repository $repoName -Path $installRoot -TrustRepository -SkipDependencyCheck
        Write-Host "Published to $repoPath and installed from it into $installRoot" -ForegroundColor Cyan
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
        if ($existing) {
            $restore = @{ Name = $existing.Name; Uri = $existing.Uri; Trusted = $existing.Trusted; Priority = $existing.Priority }
            Register-PSResourceRepository @restore
        }
    }

    # A new process that finds the module by name, as a user who installed it would.
    $separator = [IO.Path]::PathSeparator
    $byName = "ZeroTrustOrg -PassThru | ForEach-Object { if (-not `$_.ModuleBase.StartsWith('$installRoot')) { throw `"Imported `$(`$_.ModuleBase), not the copy installed in $installRoot.`" }; Write-Host `"Imported ZeroTrustOrg `$(`$_.Version) by name from `$(`$_.ModuleBase)`" }"
    $exit = Invoke-ChildShell ($tour -f $byName) @{ PSModulePath = "$installRoot$separator$env:PSModulePath" }
    if ($exit -ne 0) { throw "The installed module failed the emulator tour (exit code $exit)." }
    Write-Host 'The installed module imports by name and runs the emulator tour.' -ForegroundColor Cyan
}
