# Dot-source after TestSupport.ps1. Runs a script in a runspace whose host answers prompts from a list and
# records what a real host would be shown: prompts, progress records (the instances written), warnings,
# verbose lines and WhatIf text. The runspace is connected to a fresh emulator first; its pacing budget is
# raised so a run of hundreds of users takes about a second, not Cloudflare's real minutes.

if (-not ('ZeroTrustOrg.PesterSupport.RecordingHost' -as [type])) {
    Add-Type -Path (Join-Path -Path $PSScriptRoot -ChildPath 'RecordingHost.cs')
}

function Invoke-InRecordingHost {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Answers = @(),
        [switch] $NotConnected,
        [string] $SecureAnswer
    )

    $recordingHost = [ZeroTrustOrg.PesterSupport.RecordingHost]::new()
    if ($SecureAnswer) { $recordingHost.Recorded.SecureAnswer = $SecureAnswer }
    foreach ($answer in $Answers) { $recordingHost.Recorded.Answers.Enqueue($answer) }
    $runspace = [runspacefactory]::CreateRunspace($recordingHost)
    $runspace.Open()
    try {
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $prelude = "Import-Module -Name '$ManifestPath' -ErrorAction Stop`n"
        if (-not $NotConnected) { $prelude += "Connect-ZtAccount -Emulator -RateLimit 10000/1s -WarningAction SilentlyContinue`n" }
        $null = $shell.AddScript($prelude + $Script)
        $output = $shell.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($shell.Streams.Error); HadErrors = $shell.HadErrors; Ui = $recordingHost.Recorded }
    }
    finally {
        $runspace.Dispose()
    }
}
