<#
.SYNOPSIS
    Counts the xunit (TRX) and Pester (NUnit XML) results in a folder and prints one line per suite, then
    'N passed, N failed' for both together.
.DESCRIPTION
    The counts come from the result files, never from console text. A suite with no result file, or one
    that executed no test, counts as one failure, so a run that silently tested nothing cannot pass.
    Exits 0 only when every suite ran tests and none failed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ResultsDirectory
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-Attribute($Node, [string] $Name) {
    $value = $Node.GetAttribute($Name)
    if ([string]::IsNullOrEmpty($value)) { return 0 }
    return [int]$value
}

$suites = [System.Collections.Generic.List[object]]::new()

$trxFiles = @(Get-ChildItem -LiteralPath $ResultsDirectory -Filter '*.trx' -File -ErrorAction SilentlyContinue)
if ($trxFiles.Count -eq 0) {
    $suites.Add([pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Note = 'no TRX file was written' })
}
foreach ($file in $trxFiles) {
    [xml]$trx = Get-Content -LiteralPath $file.FullName -Raw
    $counters = $trx.GetElementsByTagName('Counters') | Select-Object -First 1
    $executed = Get-Attribute $counters 'executed'
    $failed = (Get-Attribute $counters 'failed') + (Get-Attribute $counters 'error') + (Get-Attribute $counters 'timeout') + (Get-Attribute $counters 'aborted')
    $note = ''
    if ($executed -eq 0) { $failed += 1; $note = 'executed no test' }
    $suites.Add([pscustomobject]@{ Suite = "xunit ($($file.Name))"; Passed = (Get-Attribute $counters 'passed'); Failed = $failed; Skipped = (Get-Attribute $counters 'notExecuted'); Note = $note })
}

$pesterFile = Join-Path -Path $ResultsDirectory -ChildPath 'pester.xml'
if (-not (Test-Path -LiteralPath $pesterFile)) {
    $suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = 0; Failed = 1; Skipped = 0; Note = 'no pester.xml was written' })
}
else {
    # NUnit 2.5: total counts every test, failures the failed ones, errors the ones that broke in a block.
    [xml]$nunit = Get-Content -LiteralPath $pesterFile -Raw
    $root = $nunit.DocumentElement
    $total = Get-Attribute $root 'total'
    $failed = (Get-Attribute $root 'failures') + (Get-Attribute $root 'errors') + (Get-Attribute $root 'invalid')
    $skipped = (Get-Attribute $root 'skipped') + (Get-Attribute $root 'not-run') + (Get-Attribute $root 'ignored') + (Get-Attribute $root 'inconclusive')
    $passed = $total - $failed - $skipped
    $note = ''
    if ($passed + $failed -eq 0) { $failed = 1; $note = 'executed no test' }
    $suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = $passed; Failed = $failed; Skipped = $skipped; Note = $note })
}

foreach ($suite in $suites) {
    $line = '{0}: {1} passed, {2} failed, {3} skipped' -f $suite.Suite, $suite.Passed, $suite.Failed, $suite.Skipped
    if ($suite.Note) { $line += " ($($suite.Note))" }
    Write-Host $line
}

$passedTotal = ($suites | Measure-Object -Property Passed -Sum).Sum
$failedTotal = ($suites | Measure-Object -Property Failed -Sum).Sum
$skippedTotal = ($suites | Measure-Object -Property Skipped -Sum).Sum
Write-Output ('{0} passed, {1} failed, {2} skipped' -f $passedTotal, $failedTotal, $skippedTotal)
if ($failedTotal -ne 0) { exit 1 }
exit 0
