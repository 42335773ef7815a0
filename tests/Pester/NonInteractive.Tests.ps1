# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Unattended hosts (Azure Automation, scheduled tasks, CI) cannot answer a prompt. In a -NonInteractive process a
# prompt throws instead of waiting, so a script there that completes has not prompted. Each test starts a fresh
# process of the PowerShell that runs the tests, with $ConfirmPreference at its default (High).

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Assert-ModuleBuilt
    $importLine = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop"
}

Describe 'In a -NonInteractive process' {
    It 'every state-changing cmdlet completes with -Force or -Confirm:$false' {
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
$importLine
`$report = [ordered]@{ ConfirmPreference = "`$ConfirmPreference"; Interactive = [Environment]::UserInteractive }
Connect-ZtAccount -Emulator
`$report.Set = (Set-ZtOrganization -SessionDuration 10h -Confirm:`$false -PassThru).SessionDuration
`$report.SetDoh = (Set-ZtDohSetting -DohJwtDuration 48h -Confirm:`$false -PassThru).DohJwtDuration
`$report.RevokeForce = @('a@x.com', 'b@x.com' | Revoke-ZtUser -Force | ForEach-Object { `$_.Revoked })
`$report.RevokeConfirmFalse = (Revoke-ZtUser -Email 'c@x.com' -Confirm:`$false).Revoked
# The emulator's account already has an organization, so a create that got past confirmation meets a 409.
try {
    New-ZtOrganization -Name 'Example Team' -AuthDomain 'second-team.cloudflareaccess.com' -Force -ErrorAction Stop | Out-Null
    `$report.New = 'created'
}
catch {
    `$report.New = `$_.FullyQualifiedErrorId
}
Disconnect-ZtAccount
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because "the process failed:`n$($run.StdOut)`n$($run.StdErr)"
        $run.Result | Should -Not -BeNullOrEmpty -Because $run.StdOut
        $run.Result.ConfirmPreference | Should -Be 'High'
        $run.Result.Set | Should -Be '10h'
        $run.Result.SetDoh | Should -Be '48h'
        @($run.Result.RevokeForce) | Should -Be @($true, $true)
        $run.Result.RevokeConfirmFalse | Should -BeTrue
        $run.Result.New | Should -BeLike 'ZtOrganizationExists,*' -Because 'New-ZtOrganization must reach Cloudflare without asking'
    }

    It 'Revoke-ZtUser without -Force would prompt, and the prompt fails instead of waiting' {
        # The control for the test above: at ConfirmImpact High and the default $ConfirmPreference, PowerShell asks,
        # and a -NonInteractive host refuses to ask. Nothing may be revoked.
        $run = Invoke-FreshPowerShell -Script @"
$importLine
Connect-ZtAccount -Emulator
`$results = @(Revoke-ZtUser -Email 'd@x.com' -ErrorAction SilentlyContinue -ErrorVariable failures)
'RESULT:' + (ConvertTo-Json -InputObject @{ Revoked = @(`$results | Where-Object { `$_.Revoked }).Count; Failures = @(`$failures).Count; Text = (`$failures | Out-String) } -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Revoked | Should -Be 0
        $run.Result.Failures | Should -BeGreaterOrEqual 1
        $run.Result.Text | Should -Match 'NonInteractive|non-interactive|prompt'
    }

    It 'Connect-ZtAccount without a credential fails fast with ZtInvalidArgument.ApiToken' {
        $run = Invoke-FreshPowerShell -TimeoutSeconds 60 -Script @"
foreach (`$name in 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_BASE_URL') {
    [Environment]::SetEnvironmentVariable(`$name, `$null)
}
$importLine
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$report = @{}
try {
    Connect-ZtAccount -ErrorAction Stop
    `$report.Id = 'connected'
}
catch {
    `$report.Id = `$_.FullyQualifiedErrorId
    `$report.Category = "`$(`$_.CategoryInfo.Category)"
    `$report.Action = `$_.ErrorDetails.RecommendedAction
}
`$report.Milliseconds = `$watch.ElapsedMilliseconds
`$report.Connected = [bool](Get-ZtContext)
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Id | Should -BeLike 'ZtInvalidArgument.ApiToken,*'
        $run.Result.Category | Should -Be 'InvalidArgument'
        $run.Result.Action | Should -Not -BeNullOrEmpty
        $run.Result.Milliseconds | Should -BeLessThan 10000
        $run.Result.Connected | Should -BeFalse
    }
}
