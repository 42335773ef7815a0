# Pacing as a user sees it: the emulator follows -RateLimit, waiting for budget is bounded on its own and
# says so, and it is never reported as a request timeout. Each scenario runs in a fresh -NonInteractive
# pwsh with a bound, so a regression that hangs fails instead of stalling the run.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Assert-ModuleBuilt
    $script:Import = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop`n"
}

Describe 'Pacing against the emulator' {
    It '-Emulator with a raised -RateLimit lets more requests through than the 1200 of Cloudflare''s default' {
        $run = Invoke-FreshPowerShell -TimeoutSeconds 150 -Script ($Import + @'
$ctx = Connect-ZtAccount -Emulator -RateLimit 3000/1s -MaxBudgetWait 20 -SkipVerification -PassThru
$results = 1..1250 | ForEach-Object { "user$_@example.com" } | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable failures
$journal = [ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get($ctx)
'RESULT:' + (@{
    Revoked = @($results | Where-Object Revoked).Count
    Failed = $failures.Count
    Sent = $journal.Count
    Refused = @($journal | Where-Object StatusCode -EQ 429).Count
} | ConvertTo-Json -Compress)
'@)
        $run.Result.Failed | Should -Be 0 -Because $run.StdErr
        $run.Result.Revoked | Should -Be 1250
        $run.Result.Sent | Should -Be 1250
        $run.Result.Refused | Should -Be 0
    }

    It 'a request that waits for budget longer than -RequestTimeout still succeeds' {
        $run = Invoke-FreshPowerShell -Script ($Import + @'
Connect-ZtAccount -Emulator -RateLimit 1/3s -RequestTimeout 1 -MaxRetries 0 -SkipVerification
$names = foreach ($i in 1..2) {
    try { (Get-ZtOrganization -ErrorAction Stop).Name } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
}
'RESULT:' + (ConvertTo-Json -Compress -InputObject @($names))
'@)
        $run.Result.Count | Should -Be 2
        $run.Result | Should -Not -Contain 'ZtRequestTimedOut'
        $run.Result[1] | Should -Be $run.Result[0]
    }

    It 'running out of -MaxBudgetWait is an error that says the module was waiting for rate-limit budget' {
        $run = Invoke-FreshPowerShell -Script ($Import + @'
Connect-ZtAccount -Emulator -RateLimit 1/300s -MaxBudgetWait 2 -SkipVerification
$null = Get-ZtOrganization
try { $null = Get-ZtOrganization -ErrorAction Stop } catch { $e = $_ }
'RESULT:' + (@{
    Id = $e.FullyQualifiedErrorId.Split(',')[0]
    Category = "$($e.CategoryInfo.Category)"
    Message = $e.Exception.Message
    Action = $e.ErrorDetails.RecommendedAction
} | ConvertTo-Json -Compress)
'@)
        $run.Result.Id | Should -Be 'ZtRateLimitBudgetWaitExceeded'
        $run.Result.Category | Should -Be 'LimitsExceeded'
        $run.Result.Message | Should -BeLike '*was not sent*waited 2 s for rate-limit budget*'
        $run.Result.Action | Should -BeLike '*-MaxBudgetWait*'
    }

    It 'a -MaxBudgetWait out of range is refused before anything is sent' {
        Import-ZeroTrustOrg
        $err = $null
        try { Connect-ZtAccount -Emulator -MaxBudgetWait 0 -SkipVerification } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.MaxBudgetWait*'
        $err.Exception.Message | Should -BeLike '*-MaxBudgetWait*between 1 second and 24 hours*'
    }

    It 'a -MaxBudgetWait past what any timeout takes names the real bound, not -RequestTimeout''s' {
        Import-ZeroTrustOrg
        $err = $null
        try { Connect-ZtAccount -Emulator -MaxBudgetWait 1e30 -SkipVerification } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $err.Exception.Message | Should -BeLike '*is not a timeout: give a number of seconds from 1 to 86400 (one day)*'
        $err.Exception.Message | Should -Not -BeLike '*10 minutes*'
    }
}
