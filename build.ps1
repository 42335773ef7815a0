<#
.SYNOPSIS
    Builds the ZeroTrustOrg module into out/ZeroTrustOrg, and optionally tests and packages it.
.DESCRIPTION
    The build itself is one dotnet command (dotnet publish src/ZeroTrustOrg -c Release), which also renders
    MAML help from docs/en-US with the in-repo help builder. This script wraps it for PowerShell users,
    re-renders the help with Microsoft.PowerShell.PlatyPS when that is installed, runs the xunit and Pester
    tests, and test-publishes the module to a local repository.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Test
.EXAMPLE
    ./build.ps1 -Clean -Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Clean,
    [switch] $Test,
    [switch] $Package,
    [switch] $SkipHelp
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/ZeroTrustOrg'

# The help tool is pinned; an older or newer PlatyPS may render a different MAML shape.
$platyPSName = 'Microsoft.PowerShell.PlatyPS'
$platyPSVersion = '1.0.3'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

if ($Clean) {
    foreach ($path in @('out', 'TestResults')) {
        $full = Join-Path $root $path
        if (Test-Path $full) { Remove-Item $full -Recurse -Force }
    }
    Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
}

Write-Host "Building the module into $moduleOut" -ForegroundColor Cyan
Invoke-Native dotnet @('publish', (Join-Path $root 'src/ZeroTrustOrg'), '-c', $Configuration)

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
        Copy-Item (Join-Path $root 'docs/en-US/about_ZeroTrustOrg.help.md') (Join-Path $helpOut 'about_ZeroTrustOrg.help.txt')
        Write-Host "MAML help written to $helpOut" -ForegroundColor Cyan
    }
    else {
        Write-Verbose "$platyPSName $platyPSVersion is not installed; keeping the help that dotnet publish rendered with tools/ZeroTrustOrg.HelpBuilder."
    }
}

if ($Test) {
    Write-Host 'Running xunit tests (dotnet test)' -ForegroundColor Cyan
    Invoke-Native dotnet @('test', (Join-Path $root 'ZeroTrustOrg.sln'), '-c', $Configuration)

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) { throw 'Pester 5.5 or newer is needed for the module tests: Install-PSResource Pester' }
    # A fresh process per run, so the module under test is not the one this session may have loaded.
    $pesterScript = "Import-Module Pester -MinimumVersion 5.5.0; `$c = New-PesterConfiguration; `$c.Run.Path = '$(Join-Path $root 'tests/Pester')'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
    $shell = (Get-Process -Id $PID).Path
    Invoke-Native $shell @('-NoProfile', '-NonInteractive', '-Command', $pesterScript)
}

if ($Package) {
    $repoName = 'ZeroTrustOrgLocal'
    $repoPath = Join-Path $root 'out/repository'
    New-Item -ItemType Directory -Force -Path $repoPath | Out-Null
    Test-ModuleManifest (Join-Path $moduleOut 'ZeroTrustOrg.psd1') | Out-Null
    if (Get-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $repoName }
    Register-PSResourceRepository -Name $repoName -Uri $repoPath -Trusted
    try {
        Publish-PSResource -Path $moduleOut -Repository $repoName
        $installRoot = Join-Path $root 'out/installed'
        Save-PSResource -Name ZeroTrustOrg -Repository $repoName -Path $installRoot -TrustRepository
        Import-Module (Join-Path $installRoot 'ZeroTrustOrg') -Force
        Write-Host "Published to $repoPath and installed from it into $installRoot" -ForegroundColor Cyan
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
    }
}
