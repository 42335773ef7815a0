<#
.SYNOPSIS
    Benchmarks ZeroTrustOrg against what a PowerShell user would write instead, on a loopback zt-emulator.

.DESCRIPTION
    One benchmark per run, chosen with -Name. Each one starts zt-emulator on 127.0.0.1 (a free port), runs its
    contenders interleaved round by round in this one process (the order rotates every round), computes the
    ratios within each round, prints a markdown table, and writes it into bench/README.md between the markers
    of its section. Nothing here runs in CI, and nothing leaves the machine.

      overhead   per call: Get-ZtOrganization and Revoke-ZtUser against Invoke-RestMethod and Invoke-WebRequest,
                 each with and without -WebSession
      bulk       2,000 users piped to Revoke-ZtUser -Force against a foreach of Invoke-RestMethod and
                 ForEach-Object -Parallel -ThrottleLimit 4, unthrottled
      limited    120 users at a 30/10s limit the module learns from headers, against the official TypeScript SDK
                 (Promise.all and a pool of 4); 429s, duplicates and lost users counted from the server's journal
      coldstart  Import-Module, and Import-Module plus the first call, each minus a bare pwsh start
      memory     100,000 users streamed through Revoke-ZtUser; peak working set at 10,000 and at 100,000

.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Name overhead
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidateSet('overhead', 'bulk', 'limited', 'coldstart', 'memory')]
    [string] $Name,

    # Rounds (runs for 'limited'); 0 takes the benchmark's default.
    [ValidateRange(0, 100)]
    [int] $Rounds = 0,

    # Print only; leave bench/README.md as it is.
    [switch] $NoReadme,

    # The module to measure; by default the one ./build.ps1 puts in out/ZeroTrustOrg.
    [string] $ModulePath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

. (Join-Path -Path $PSScriptRoot -ChildPath 'BenchSupport.ps1')
if ($ModulePath) { $ManifestPath = (Resolve-Path -LiteralPath $ModulePath).Path }

switch ($Name) {
    'overhead' { $table = Invoke-OverheadBenchmark -Rounds ($Rounds ? $Rounds : 7) }
    'bulk' { $table = Invoke-BulkBenchmark -Rounds ($Rounds ? $Rounds : 3) }
    'limited' { $table = Invoke-LimitedBenchmark -Runs ($Rounds ? $Rounds : 10) }
    'coldstart' { $table = Invoke-ColdStartBenchmark -Rounds ($Rounds ? $Rounds : 10) }
    'memory' { $table = Invoke-MemoryBenchmark }
}

$table | Write-Output
if (-not $NoReadme) {
    Write-BenchmarkSection -Name $Name -Markdown $table
    Write-Host "Wrote the table into bench/README.md ($Name section)." -ForegroundColor Cyan
}
