# Dot-source after TestSupport.ps1 (which compiles ScriptedHost). Invoke-InScriptedHost runs script text in a
# runspace whose ScriptedHost answers prompts from -Answers and records what a real host would be shown:
# prompts, progress records (the instances written), verbose and WhatIf lines. The runspace is connected to a
# fresh emulator first unless -NotConnected; its pacing budget is raised so a run of hundreds of users takes
# about a second, not Cloudflare's real minutes.

function Invoke-InScriptedHost {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Answers = @(),
        [switch] $NotConnected,
        [string] $SecureAnswer
    )

    $scriptedHost = [ZeroTrustOrg.Tests.ScriptedHost]::new([string[]]$Answers)
    if ($SecureAnswer) { $scriptedHost.SecureAnswer = $SecureAnswer }
    $runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Host.PSHost]$scriptedHost)
    $runspace.Open()
    try {
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $prelude = "Import-Module -Name '$($ManifestPath.Replace("'", "''"))' -ErrorAction Stop`n"
        if (-not $NotConnected) { $prelude += "Connect-ZtAccount -Emulator -RateLimit 10000/1s -WarningAction SilentlyContinue`n" }
        $null = $shell.AddScript($prelude + $Script)
        $output = $shell.Invoke()
        $lines = @($scriptedHost.Lines)
        [pscustomobject]@{
            Output    = @($output)
            Errors    = @($shell.Streams.Error)
            HadErrors = $shell.HadErrors
            Ui        = [pscustomobject]@{
                Prompts  = @($scriptedHost.Prompts | ForEach-Object { $_.Caption + "`n" + $_.Message })
                Progress = @($scriptedHost.Progress)
                Verbose  = @($lines | Where-Object { $_ -like 'VERBOSE: *' } | ForEach-Object { $_.Substring(9) })
                Lines    = $lines
            }
        }
    }
    finally {
        $runspace.Dispose()
    }
}
