# Shared by the module tests; dot-source it in BeforeAll or BeforeDiscovery. Works on Windows PowerShell 5.1
# and PowerShell 7, so no syntax newer than 5.1 belongs here.

$RepoRoot = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
$ModuleRoot = Join-Path -Path (Join-Path -Path $RepoRoot -ChildPath 'out') -ChildPath 'ZeroTrustOrg'
$ManifestPath = Join-Path -Path $ModuleRoot -ChildPath 'ZeroTrustOrg.psd1'

# The emulator's public development values (src/ZeroTrustOrg.Emulator/EmulatorDefaults.cs).
$EmulatorToken = 'zt-emulator-dev-token'
$EmulatorAccountId = '699d98642c564d2e855e9661899b7252'
$EmulatorZoneId = '023e105f4ecef8ad9ca31a8372d0c353'
$EmulatorDohServiceTokenId = '5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24'

function Assert-ModuleBuilt {
    if (-not (Test-Path -LiteralPath $ManifestPath)) {
        throw "The module is not built: $ManifestPath is missing. Run ./build.ps1 first."
    }
}

function Import-ZeroTrustOrg {
    Assert-ModuleBuilt
    # Importing the same path twice is a no-op, so every test file can call this.
    Import-Module -Name $ManifestPath -ErrorAction Stop
}

function ConvertTo-SingleQuoted([string] $Text) {
    "'" + $Text.Replace("'", "''") + "'"
}

<#
Runs a script in a new process of the PowerShell that runs the tests (pwsh or powershell.exe) with
-NoProfile -NonInteractive, and waits at most $TimeoutSeconds. A line 'RESULT:<json>' in the output
becomes the Result property. A prompt in a -NonInteractive process throws instead of waiting, so a
script that completes has not prompted.
#>
function Invoke-FreshPowerShell {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSeconds = 180
    )

    $prelude = "`$ProgressPreference = 'SilentlyContinue'`n"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($prelude + $Script))
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $start.FileName = (Get-Process -Id $PID).Path
    $start.Arguments = "-NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded"
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.CreateNoWindow = $true

    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill()
            throw "The fresh PowerShell process did not finish within $TimeoutSeconds s (a prompt would hang an interactive host)."
        }

        $process.WaitForExit()
        $out = $stdout.Result
        $result = $null
        foreach ($line in ($out -split "`r?`n")) {
            if ($line.StartsWith('RESULT:')) {
                $result = $line.Substring(7) | ConvertFrom-Json
            }
        }

        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $out
            StdErr   = $stderr.Result
            Result   = $result
        }
    }
    finally {
        $process.Dispose()
    }
}
