# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Pacing and faults as a user sees them: the emulator follows -RateLimit, waiting for budget is bounded on its own
# (-MaxBudgetWait) and says so, and it is never reported as a request timeout; each of those scenarios runs in a fresh
# -NonInteractive pwsh with a bound, so a regression that hangs fails instead of stalling the run. Against misbehaving
# loopback servers (tests/Shared/HostileServer.cs): -RequestTimeout covers the whole response, cut-off bodies are
# transient, and every attempt on the wire counts against one -MaxRetries budget.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $script:Import = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop`n"
    # The hostile server is C# 8 (Add-Type); Windows PowerShell 5.1 compiles C# 5 only, so those scenarios run on PowerShell 7.
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
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

Describe 'Timeouts cover the whole response; cut-off bodies are transient' -Skip:$OnWindowsPowerShell {
    It '-RequestTimeout also bounds a body that drips in slowly' {
        $drip = $Reply::Of($Action::DripBody, $OrganizationJson)
        $drip.DripDelayMilliseconds = 400
        $api = $Server::Start($drip)
        try {
            $ctx = Connect-Hostile -Server $api -RequestTimeout 1
            $org = Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $org | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRequestTimedOut,*'
    }

    It 'retries a 2xx body cut off mid-stream and succeeds' {
        $api = $Server::Start($Reply::Of($Action::CutBody, $OrganizationJson), $Reply::Of($Action::CutBody, $OrganizationJson), $Reply::Success($OrganizationJson))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 3
            $org = Get-ZtOrganization -Context $ctx
        }
        finally { $api.Dispose() }

        $org.Name | Should -Be 'Hostile'
        $api.CountRequests('GET') | Should -Be 3
    }

    It 'classifies a body cut off on every attempt as ZtResponseIncomplete once retries run out' {
        $api = $Server::Start($Reply::Of($Action::CutBody, $OrganizationJson))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 1
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtResponseIncomplete,*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $api.CountRequests('GET') | Should -Be 2
    }
}

Describe 'Every attempt on the wire counts against -MaxRetries' -Skip:$OnWindowsPowerShell {
    It '-MaxRetries <Retries> puts exactly <Expected> GET(s) on the wire when the server <Name>' -ForEach @(
        @{ Retries = 0; Expected = 1; Name = 'closes every connection unanswered'; Kind = 'CloseWithoutResponse' }
        @{ Retries = 2; Expected = 3; Name = 'closes every connection unanswered'; Kind = 'CloseWithoutResponse' }
    ) {
        $api = $Server::Start($Reply::Of($Action::$Kind))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries $Retries
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtConnectionFailed,*'
        $api.CountRequests('GET') | Should -Be $Expected
    }
}

Describe 'Server errors and unreadable bodies share one retry budget' -Skip:$OnWindowsPowerShell {
    It '-MaxRetries 1 puts exactly 2 GETs on the wire when a 503 and an HTML page alternate' {
        $api = $Server::Start()
        foreach ($i in 1..4) {
            $api.Enqueue($Reply::Failure(503, 0, 'unavailable'))
            $api.Enqueue($Reply::Json(200, '<html>captive portal</html>'))
        }
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 1
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtUnreadableResponse,*'
        $api.CountRequests('GET') | Should -Be 2
    }
}
