# The benchmarks behind bench/Invoke-Benchmark.ps1. Dot-sourced by it; PowerShell 7 only.
# The loopback server, the child shells and the journal reader are the Pester harness's (tests/Pester/TestSupport.ps1),
# so the benchmarks measure the module exactly as the tests drive it.

. (Join-Path -Path (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '..') -ChildPath 'tests') -ChildPath 'Pester/TestSupport.ps1')

$BenchReadme = Join-Path -Path $PSScriptRoot -ChildPath 'README.md'

# The server for every unthrottled benchmark allows far more than any contender sends; the module is told the same
# limit, so its pacer measures as it would against a server with room to spare.
$Unthrottled = '1000000/1s'

function Assert-BenchPrerequisites {
    if (-not (Test-Path -LiteralPath $ManifestPath)) {
        throw "The module is not built: run 'dotnet pwsh ./build.ps1' (or dotnet publish src/ZeroTrustOrg -c Release) first."
    }

    $null = Get-ZtEmulatorServerPath
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Format-Number([double] $Value, [string] $Format = '0.00') {
    $Value.ToString($Format, [Globalization.CultureInfo]::InvariantCulture)
}

function Get-MachineLine {
    $cores = [Environment]::ProcessorCount
    $load = if (Test-Path -LiteralPath '/proc/loadavg') { (Get-Content -LiteralPath '/proc/loadavg' -Raw).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    $node = try { (& node --version) 2>$null } catch { 'n/a' }
    "$(Get-Date -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC, $cores cores (shared), load average $load, PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version), Node $node"
}

function Format-Table2 {
    <# A markdown table from ordered hashtables (all with the same keys). #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary[]] $Rows)
    $keys = @($Rows[0].Keys)
    $lines = @(('| ' + ($keys -join ' | ') + ' |'), ('|' + (($keys | ForEach-Object { '---' }) -join '|') + '|'))
    foreach ($row in $Rows) {
        $lines += '| ' + (($keys | ForEach-Object { "$($row[$_])" }) -join ' | ') + ' |'
    }
    $lines -join "`n"
}

function Get-Verdict([bool] $Met) { if ($Met) { '**met**' } else { '**not met**' } }

function Write-BenchmarkSection {
    <# Replaces the text between <!-- bench:NAME --> and <!-- /bench:NAME --> in bench/README.md. #>
    param([string] $Name, [string] $Markdown)
    $start = "<!-- bench:$Name -->"
    $end = "<!-- /bench:$Name -->"
    $text = Get-Content -LiteralPath $BenchReadme -Raw
    $from = $text.IndexOf($start)
    $to = $text.IndexOf($end)
    if ($from -lt 0 -or $to -lt $from) {
        $text = $text.TrimEnd() + "`n`n$start`n$end`n"
        $from = $text.IndexOf($start)
        $to = $text.IndexOf($end)
    }
    $text = $text.Substring(0, $from + $start.Length) + "`n" + $Markdown.Trim() + "`n" + $text.Substring($to)
    Set-Content -LiteralPath $BenchReadme -Value $text.TrimEnd() -NoNewline
    Add-Content -LiteralPath $BenchReadme -Value ''
}

function Connect-BenchModule {
    param([Parameter(Mandatory)] $Server, [string] $RateLimit = $Unthrottled)
    Import-Module -Name $ManifestPath -ErrorAction Stop
    $token = ConvertTo-SecureString -String $EmulatorToken -AsPlainText -Force
    Connect-ZtAccount -BaseUri $Server.BaseUri -ApiToken $token -AccountId $EmulatorAccountId -RateLimit $RateLimit -SkipVerification -PassThru
}

function Get-BenchEndpoint {
    <# What the plain-HTTP contenders call: the organization URL, its revoke_user URL, and the credential header. #>
    param([Parameter(Mandatory)] $Server)
    $organization = "$($Server.BaseUri)/accounts/$EmulatorAccountId/access/organizations"
    [pscustomobject]@{ Organization = $organization; Revoke = "$organization/revoke_user"; Headers = @{ Authorization = "Bearer $EmulatorToken" } }
}

function Get-BenchJournal([Parameter(Mandatory)] $Server) {
    @(Invoke-RestMethod -Method Get -Uri "$($Server.Root)/__emulator/journal" | ForEach-Object { $_ })
}

function Clear-BenchJournal([Parameter(Mandatory)] $Server) {
    $null = Invoke-RestMethod -Method Delete -Uri "$($Server.Root)/__emulator/journal"
}

function Reset-BenchServer([Parameter(Mandatory)] $Server) {
    $null = Invoke-RestMethod -Method Post -Uri "$($Server.Root)/__emulator/reset"
}

function Get-BenchEmail([int] $Index) { 'user{0:D6}@example.com' -f $Index }

function Get-RotatedOrder {
    <# The contenders in this round's order: the order rotates every round, so a burst of outside load hits them alike. #>
    param([string[]] $Names, [int] $Round)
    for ($i = 0; $i -lt $Names.Count; $i++) { $Names[($i + $Round) % $Names.Count] }
}

function Write-RoundLine([int] $Round, [System.Collections.IDictionary] $Measured, [string] $Format = '0.000') {
    Write-Host ("round {0}: {1}" -f ($Round + 1), (($Measured.Keys | ForEach-Object { "$_ $(Format-Number $Measured[$_] $Format)" }) -join '; ')) -ForegroundColor DarkGray
}

function Measure-PerCall {
    <# ms per call of $Calls calls of $Loop (a scriptblock taking the call count and a first index). #>
    param([scriptblock] $Loop, [int] $Calls, [int] $First)
    [GC]::Collect()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Loop $Calls $First
    $watch.Stop()
    $watch.Elapsed.TotalMilliseconds / $Calls
}

# ------------------------------------------------------------------------------------------------------------------
# 1. Per call

function Invoke-OverheadBenchmark {
    param([int] $Rounds, [int] $Calls = 300)
    Assert-BenchPrerequisites
    $server = Start-ZtTestEmulatorServer -ArgumentList '--rate-limit', $Unthrottled
    try {
        $null = Connect-BenchModule -Server $server
        $endpoint = Get-BenchEndpoint -Server $server
        $org = $endpoint.Organization
        $revoke = $endpoint.Revoke
        $headers = $endpoint.Headers
        $session = New-Object -TypeName Microsoft.PowerShell.Commands.WebRequestSession
        $iwrSession = New-Object -TypeName Microsoft.PowerShell.Commands.WebRequestSession

        # Each contender is the loop a user would write; the loop's own cost is the same for all of them.
        $get = [ordered]@{
            'Get-ZtOrganization'     = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Get-ZtOrganization } }
            'IRM'                    = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Uri $org -Headers $headers } }
            'IRM -WebSession'        = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Uri $org -Headers $headers -WebSession $session } }
            'IWR'                    = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-WebRequest -Uri $org -Headers $headers } }
            'IWR -WebSession'        = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-WebRequest -Uri $org -Headers $headers -WebSession $iwrSession } }
        }
        $post = [ordered]@{
            'Revoke-ZtUser'          = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Revoke-ZtUser -Email (Get-BenchEmail ($first + $i)) -Force } }
            'IRM'                    = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $revoke -Headers $headers -ContentType 'application/json' -Body ('{"email":"' + (Get-BenchEmail ($first + $i)) + '"}') } }
            'IRM -WebSession'        = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $revoke -Headers $headers -ContentType 'application/json' -Body ('{"email":"' + (Get-BenchEmail ($first + $i)) + '"}') -WebSession $session } }
            'IWR'                    = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-WebRequest -Method Post -Uri $revoke -Headers $headers -ContentType 'application/json' -Body ('{"email":"' + (Get-BenchEmail ($first + $i)) + '"}') } }
            'IWR -WebSession'        = { param($n, $first) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-WebRequest -Method Post -Uri $revoke -Headers $headers -ContentType 'application/json' -Body ('{"email":"' + (Get-BenchEmail ($first + $i)) + '"}') -WebSession $iwrSession } }
        }

        $sections = @()
        foreach ($op in @(@{ Title = 'GET organization'; Set = $get; Ours = 'Get-ZtOrganization' }, @{ Title = 'POST revoke_user'; Set = $post; Ours = 'Revoke-ZtUser' })) {
            $names = @($op.Set.Keys)
            foreach ($name in $names) {
                # Warm up: JIT, the first connection, PowerShell's command lookup caches.
                Measure-PerCall -Loop $op.Set[$name] -Calls ([int]($Calls / 5)) -First 900000 | Out-Null
            }

            Write-Host "$($op.Title): $Rounds rounds of $Calls calls per contender" -ForegroundColor Cyan
            $next = 0
            $rounds_ = @(for ($round = 0; $round -lt $Rounds; $round++) {
                    $measured = [ordered]@{}
                    foreach ($name in (Get-RotatedOrder -Names $names -Round $round)) {
                        $measured[$name] = Measure-PerCall -Loop $op.Set[$name] -Calls $Calls -First $next
                        $next += $Calls
                    }
                    Write-RoundLine $round $measured
                    $measured
                })

            $rows = @()
            foreach ($name in $op.Set.Keys) {
                $ms = Get-Median ($rounds_ | ForEach-Object { $_[$name] })
                $ratios = @($rounds_ | ForEach-Object { $_[$op.Ours] / $_[$name] })
                $rows += [ordered]@{
                    contender                        = $name
                    'median ms/call'                 = Format-Number $ms '0.000'
                    "$($op.Ours) ÷ this (median)"    = if ($name -eq $op.Ours) { '1.00' } else { Format-Number (Get-Median $ratios) }
                    'min–max of the rounds'          = if ($name -eq $op.Ours) { '' } else { (Format-Number ($ratios | Measure-Object -Minimum).Minimum) + '–' + (Format-Number ($ratios | Measure-Object -Maximum).Maximum) }
                }
            }
            $vsIrm = Get-Median ($rounds_ | ForEach-Object { $_[$op.Ours] / $_['IRM'] })
            $vsSession = Get-Median ($rounds_ | ForEach-Object { $_[$op.Ours] / $_['IRM -WebSession'] })
            $sections += "#### $($op.Title)`n`n" + (Format-Table2 -Rows $rows) + "`n`n" +
                "Target: $($op.Ours) at most 1.0x IRM: $(Format-Number $vsIrm)x, $(Get-Verdict ($vsIrm -le 1.0)); " +
                "at most 1.5x IRM -WebSession: $(Format-Number $vsSession)x, $(Get-Verdict ($vsSession -le 1.5))."
        }

        "Run: $(Get-MachineLine). $Rounds rounds of $Calls calls per contender, order rotating each round; ratios are taken within each round, then the median.`n`n" + ($sections -join "`n`n")
    }
    finally {
        Stop-ZtTestEmulatorServer $server
    }
}

# ------------------------------------------------------------------------------------------------------------------
# 2. Bulk, unthrottled

function Get-RevokeCount {
    <# Users the server revoked since the journal was last cleared, and users revoked more than once. #>
    param($Server)
    $applied = @(Get-BenchJournal $Server | Where-Object { $_.operation -eq 'RevokeUser' -and $_.applied })
    $perUser = $applied | Group-Object -Property email
    [pscustomobject]@{ Users = @($perUser).Count; Duplicated = @($perUser | Where-Object Count -GT 1).Count; Requests = $applied.Count }
}

function Invoke-BulkBenchmark {
    param([int] $Rounds, [int] $Users = 2000)
    Assert-BenchPrerequisites
    $server = Start-ZtTestEmulatorServer -ArgumentList '--rate-limit', $Unthrottled
    try {
        $ctx = Connect-BenchModule -Server $server
        $endpoint = Get-BenchEndpoint -Server $server
        $revoke = $endpoint.Revoke
        $headers = $endpoint.Headers
        $emails = @(0..($Users - 1) | ForEach-Object { Get-BenchEmail $_ })
        $contenders = [ordered]@{
            'Revoke-ZtUser (piped, -ThrottleLimit 4)'      = { $emails | Revoke-ZtUser -Force -Context $ctx | Out-Null }
            'foreach of IRM'                               = { foreach ($e in $emails) { $null = Invoke-RestMethod -Method Post -Uri $revoke -Headers $headers -ContentType 'application/json' -Body ('{"email":"' + $e + '"}') } }
            'ForEach-Object -Parallel -ThrottleLimit 4'    = { $emails | ForEach-Object -ThrottleLimit 4 -Parallel { $null = Invoke-RestMethod -Method Post -Uri $using:revoke -Headers $using:headers -ContentType 'application/json' -Body ('{"email":"' + $_ + '"}') } }
        }
        # One untimed pass of 100 users each warms the JIT and the connection pools.
        $allEmails = $emails
        $emails = $allEmails[0..99]
        foreach ($name in $contenders.Keys) { & $contenders[$name] }
        $emails = $allEmails

        Write-Host "bulk: $Rounds rounds of $Users users per contender" -ForegroundColor Cyan
        $checks = @{}
        $names = @($contenders.Keys)
        $rounds_ = @(for ($round = 0; $round -lt $Rounds; $round++) {
                $measured = [ordered]@{}
                foreach ($name in (Get-RotatedOrder -Names $names -Round $round)) {
                    Clear-BenchJournal $server
                    [GC]::Collect()
                    $watch = [Diagnostics.Stopwatch]::StartNew()
                    & $contenders[$name]
                    $watch.Stop()
                    $count = Get-RevokeCount $server
                    if ($count.Users -ne $Users) { throw "$name revoked $($count.Users) of $Users users." }
                    $checks[$name] = $count
                    $measured[$name] = $watch.Elapsed.TotalSeconds
                }
                Write-RoundLine $round $measured '0.00'
                $measured
            })
        $ours = 'Revoke-ZtUser (piped, -ThrottleLimit 4)'
        $rows = foreach ($name in $contenders.Keys) {
            $ratios = @($rounds_ | ForEach-Object { $_[$ours] / $_[$name] })
            [ordered]@{
                contender                 = $name
                'median s'                = Format-Number (Get-Median ($rounds_ | ForEach-Object { $_[$name] }))
                'users/s'                 = Format-Number ($Users / (Get-Median ($rounds_ | ForEach-Object { $_[$name] }))) '0'
                'Revoke-ZtUser ÷ this'    = if ($name -eq $ours) { '1.00' } else { Format-Number (Get-Median $ratios) }
                'min–max of the rounds'   = if ($name -eq $ours) { '' } else { (Format-Number ($ratios | Measure-Object -Minimum).Minimum) + '–' + (Format-Number ($ratios | Measure-Object -Maximum).Maximum) }
                'revoked (journal)'       = $checks[$name].Users
            }
        }
        $vsForeach = Get-Median ($rounds_ | ForEach-Object { $_[$ours] / $_['foreach of IRM'] })
        "Run: $(Get-MachineLine). $Users users, $Rounds rounds, order rotating each round; server and module at $Unthrottled (no pacing in the way).`n`n" +
            (Format-Table2 -Rows $rows) + "`n`n" +
            "Target: at most 1.0x a foreach of IRM: $(Format-Number $vsForeach)x, $(Get-Verdict ($vsForeach -le 1.0))."
    }
    finally {
        Stop-ZtTestEmulatorServer $server
    }
}

# ------------------------------------------------------------------------------------------------------------------
# 3. Bulk under a 30/10s limit, against the official TypeScript SDK

function Invoke-NodePeer {
    param($Server, [string] $Mode, [int] $Users)
    $nodeDir = Join-Path -Path $PSScriptRoot -ChildPath 'node'
    if (-not (Test-Path -LiteralPath (Join-Path -Path $nodeDir -ChildPath 'node_modules/cloudflare'))) {
        Push-Location -LiteralPath $nodeDir
        try { & npm ci --no-audit --no-fund | Out-Host } finally { Pop-Location }
    }
    $arguments = @((Join-Path -Path $nodeDir -ChildPath 'peer.mjs'), 'bulk', '--base-url', $Server.BaseUri, '--token', $EmulatorToken,
        '--account', $EmulatorAccountId, '--n', "$Users", '--mode', $Mode, '--concurrency', '4')
    $line = & node @arguments | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "node peer.mjs failed ($LASTEXITCODE)." }
    $line | ConvertFrom-Json
}

function Measure-LimitedRun {
    <# One contender's run on a fresh window and journal: wall time, and what the journal says happened. #>
    param($Server, [string] $Contender, [int] $Users)
    Reset-BenchServer $Server
    $emails = @(0..($Users - 1) | ForEach-Object { Get-BenchEmail $_ })
    $failedEmails = @()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    switch ($Contender) {
        'Revoke-ZtUser' {
            # Told nothing but Cloudflare's default (1200/300s): the 30/10s limit is learned from the headers.
            $ctx = Connect-BenchModule -Server $Server -RateLimit '1200/300s'
            $results = @($emails | Revoke-ZtUser -Force -Context $ctx -ErrorAction SilentlyContinue)
            $watch.Stop()
            $failedEmails = @($results | Where-Object { -not $_.Revoked } | ForEach-Object Email)
            $ctx | Disconnect-ZtAccount
        }
        default {
            $peer = Invoke-NodePeer -Server $Server -Mode $Contender -Users $Users
            $watch.Stop()
            $failedEmails = @($peer.failedEmails)
        }
    }

    $journal = @(Get-BenchJournal $Server | Where-Object { $_.path -like '*/revoke_user' })
    $applied = @($journal | Where-Object applied | Group-Object -Property email)
    $revoked = @($applied | ForEach-Object Name)
    $claimed = @($emails | Where-Object { $_ -notin $failedEmails })
    [pscustomobject]@{
        Seconds    = $watch.Elapsed.TotalSeconds
        Requests   = $journal.Count
        Throttled  = @($journal | Where-Object statusCode -EQ 429).Count
        Failed     = $failedEmails.Count
        Duplicated = @($applied | Where-Object Count -GT 1).Count
        # Reported revoked, yet the server never applied it.
        Lost       = @($claimed | Where-Object { $_ -notin $revoked }).Count
        Revoked    = $revoked.Count
    }
}

function Invoke-LimitedBenchmark {
    param([int] $Runs, [int] $Users = 120)
    Assert-BenchPrerequisites
    $server = Start-ZtTestEmulatorServer -ArgumentList '--rate-limit', '30/10s'
    try {
        Import-Module -Name $ManifestPath -ErrorAction Stop
        $contenders = [ordered]@{ 'Revoke-ZtUser' = 'Revoke-ZtUser'; 'TS SDK Promise.all' = 'all'; 'TS SDK pool of 4' = 'pool' }
        $runs_ = @()
        $names = @($contenders.Keys)
        Write-Host "limited: $Runs runs of $Users users per contender at 30/10s" -ForegroundColor Cyan
        for ($run = 0; $run -lt $Runs; $run++) {
            $measured = [ordered]@{}
            foreach ($name in (Get-RotatedOrder -Names $names -Round $run)) {
                $measured[$name] = Measure-LimitedRun -Server $server -Contender $contenders[$name] -Users $Users
            }
            $runs_ += $measured
            Write-Host ("run {0}: {1}" -f ($run + 1), (($names | ForEach-Object { "$_ $(Format-Number $measured[$_].Seconds '0.0') s, $($measured[$_].Throttled)x429, $($measured[$_].Failed) failed" }) -join '; ')) -ForegroundColor DarkGray
        }

        $ours = 'Revoke-ZtUser'
        $rows = foreach ($name in $names) {
            $all = @($runs_ | ForEach-Object { $_[$name] })
            $sum = { param($property) ($all | Measure-Object -Property $property -Sum).Sum }
            $ratios = @($runs_ | ForEach-Object { $_[$ours].Seconds / $_[$name].Seconds })
            [ordered]@{
                contender                = $name
                runs                     = $all.Count
                'median wall s'          = Format-Number (Get-Median ($all | ForEach-Object Seconds)) '0.0'
                'Revoke-ZtUser ÷ this'   = if ($name -eq $ours) { '1.00' } else { Format-Number (Get-Median $ratios) }
                'requests (all runs)'    = & $sum 'Requests'
                '429s (all runs)'        = & $sum 'Throttled'
                'runs with a 429'        = @($all | Where-Object Throttled -GT 0).Count
                'failed'                 = & $sum 'Failed'
                'duplicated'             = & $sum 'Duplicated'
                'lost'                   = & $sum 'Lost'
            }
        }
        $ourRuns = @($runs_ | ForEach-Object { $_[$ours] })
        $throttled = ($ourRuns | Measure-Object -Property Throttled -Sum).Sum
        $bad = ($ourRuns | Measure-Object -Property Failed -Sum).Sum + ($ourRuns | Measure-Object -Property Duplicated -Sum).Sum + ($ourRuns | Measure-Object -Property Lost -Sum).Sum
        $vsPool = Get-Median ($runs_ | ForEach-Object { $_[$ours].Seconds / $_['TS SDK pool of 4'].Seconds })
        "Run: $(Get-MachineLine). $Users users per run at 30 requests per 10 s (zt-emulator --rate-limit 30/10s, a fixed window per credential opened by the first request, as Cloudflare's). " +
        "Revoke-ZtUser is connected with the default -RateLimit 1200/300s and learns the limit from the Ratelimit headers; the TS SDK is cloudflare 7.3.0 with its defaults. Each run of each contender starts on a fresh window and journal (POST /__emulator/reset); counts come from GET /__emulator/journal.`n`n" +
            (Format-Table2 -Rows $rows) + "`n`n" +
            "Targets: 0 answers of 429 in at least 10 runs: $throttled in $($ourRuns.Count) runs, $(Get-Verdict ($throttled -eq 0 -and $ourRuns.Count -ge 10)); " +
            "0 failed, lost or duplicated: $bad, $(Get-Verdict ($bad -eq 0)); " +
            "wall time no worse than the TS SDK's pool of 4: $(Format-Number $vsPool)x, $(Get-Verdict ($vsPool -le 1.0))."
    }
    finally {
        Stop-ZtTestEmulatorServer $server
    }
}

# ------------------------------------------------------------------------------------------------------------------
# 4. Cold start

function Measure-ChildShell {
    <#
    A fresh pwsh -NoProfile -NonInteractive running $Script: Wall is the whole process, start to exit, as a user
    waits for it; Inside is $Script alone, timed by the child itself, which process start-up noise cannot reach.
    #>
    param([string] $Script)
    $timed = "`$benchWatch = [Diagnostics.Stopwatch]::StartNew()`n$Script`n'RESULT:' + `$benchWatch.Elapsed.TotalMilliseconds"
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-FreshPowerShell -Script $timed -TimeoutSeconds 120
    $watch.Stop()
    if ($run.ExitCode -ne 0 -or $null -eq $run.Result) { throw "The child shell failed ($($run.ExitCode)): $($run.StdErr)" }
    [pscustomobject]@{ Wall = $watch.Elapsed.TotalMilliseconds; Inside = [double]$run.Result }
}

function Invoke-ColdStartBenchmark {
    param([int] $Rounds)
    Assert-BenchPrerequisites
    $server = Start-ZtTestEmulatorServer -ArgumentList '--rate-limit', $Unthrottled
    try {
        $import = "Import-Module -Name '$ManifestPath' -ErrorAction Stop"
        $connect = "`$t = ConvertTo-SecureString -String '$EmulatorToken' -AsPlainText -Force; Connect-ZtAccount -BaseUri '$($server.BaseUri)' -ApiToken `$t -AccountId '$EmulatorAccountId' -SkipVerification"
        $irm = "`$null = Invoke-RestMethod -Uri '$((Get-BenchEndpoint -Server $server).Organization)' -Headers @{ Authorization = 'Bearer $EmulatorToken' }"
        $contenders = [ordered]@{
            'bare pwsh'                                  = '$null = 0'
            # A first cmdlet call warms PowerShell's own command machinery, which Import-Module otherwise pays for.
            'pwsh running one built-in cmdlet'           = '$null = Get-Module'
            'Import-Module'                              = $import
            'Import-Module + first Get-ZtOrganization'   = "$import; $connect; `$null = Get-ZtOrganization"
            'first Invoke-RestMethod'                    = $irm
        }
        foreach ($name in $contenders.Keys) { $null = Measure-ChildShell -Script $contenders[$name] }
        Write-Host "coldstart: $Rounds rounds" -ForegroundColor Cyan
        $names = @($contenders.Keys)
        $rounds_ = @(for ($round = 0; $round -lt $Rounds; $round++) {
                $measured = [ordered]@{}
                foreach ($name in (Get-RotatedOrder -Names $names -Round $round)) {
                    $measured[$name] = Measure-ChildShell -Script $contenders[$name]
                }
                $walls = [ordered]@{}
                foreach ($name in $names) { $walls[$name] = $measured[$name].Wall }
                Write-RoundLine $round $walls '0'
                $measured
            })
        $range = { param($values) (Format-Number ($values | Measure-Object -Minimum).Minimum '0') + '–' + (Format-Number ($values | Measure-Object -Maximum).Maximum '0') }
        $rows = foreach ($name in $contenders.Keys) {
            $over = @($rounds_ | ForEach-Object { $_[$name].Wall - $_['bare pwsh'].Wall })
            $inside = @($rounds_ | ForEach-Object { $_[$name].Inside })
            [ordered]@{
                'child pwsh runs'                    = $name
                'wall median ms'                     = Format-Number (Get-Median ($rounds_ | ForEach-Object { $_[$name].Wall })) '0'
                'wall minus bare pwsh, median ms'    = if ($name -eq 'bare pwsh') { '' } else { Format-Number (Get-Median $over) '0' }
                'its min–max'                        = if ($name -eq 'bare pwsh') { '' } else { & $range $over }
                'timed inside the child, median ms'  = if ($name -eq 'bare pwsh') { '' } else { Format-Number (Get-Median $inside) '0' }
                'its min–max '                       = if ($name -eq 'bare pwsh') { '' } else { & $range $inside }
            }
        }
        $importOver = Get-Median ($rounds_ | ForEach-Object { $_['Import-Module'].Wall - $_['bare pwsh'].Wall })
        $importInside = Get-Median ($rounds_ | ForEach-Object { $_['Import-Module'].Inside })
        "Run: $(Get-MachineLine). Each cell is a fresh ``pwsh -NoProfile -NonInteractive`` (started as the Pester harness starts child shells), $Rounds rounds, order rotating; wall differences are taken within each round. " +
        "The child also times its own script, which leaves out the process start and exit that load on a shared machine makes noisy.`n`n" +
            (Format-Table2 -Rows $rows) + "`n`n" +
            "Target: Import-Module at most 100 ms over a bare pwsh start: $(Format-Number $importOver '0') ms by wall difference, $(Format-Number $importInside '0') ms timed inside the child; " +
            "by the wall difference (the target's own measure) $(Get-Verdict ($importOver -le 100)); timed inside the child $(Get-Verdict ($importInside -le 100)). " +
            "Over a pwsh whose first cmdlet has already run: $(Format-Number (Get-Median ($rounds_ | ForEach-Object { $_['Import-Module'].Wall - $_['pwsh running one built-in cmdlet'].Wall })) '0') ms by wall difference."
    }
    finally {
        Stop-ZtTestEmulatorServer $server
    }
}

# ------------------------------------------------------------------------------------------------------------------
# 5. Memory

function Invoke-MemoryBenchmark {
    param([int] $Users = 100000)
    Assert-BenchPrerequisites
    $server = Start-ZtTestEmulatorServer -ArgumentList '--rate-limit', $Unthrottled
    try {
        # The users are generated lazily and each result is dropped once counted, as a pipeline from a file would.
        $script = @"
Import-Module -Name '$ManifestPath' -ErrorAction Stop
`$t = ConvertTo-SecureString -String '$EmulatorToken' -AsPlainText -Force
Connect-ZtAccount -BaseUri '$($server.BaseUri)' -ApiToken `$t -AccountId '$EmulatorAccountId' -RateLimit '$Unthrottled' -SkipVerification
`$self = [Diagnostics.Process]::GetCurrentProcess()
`$self.Refresh(); `$start = `$self.PeakWorkingSet64
`$marks = [ordered]@{}
`$n = 0; `$failed = 0
1..$Users | ForEach-Object { 'user{0:D6}@example.com' -f `$_ } | Revoke-ZtUser -Force | ForEach-Object {
    `$n++
    if (-not `$_.Revoked) { `$failed++ }
    if (`$n -eq 1000 -or `$n -eq 10000 -or `$n -eq 50000 -or `$n -eq $Users) {
        `$self.Refresh()
        `$marks["`$n"] = `$self.PeakWorkingSet64
    }
}
'RESULT:' + (@{ Start = `$start; Marks = `$marks; Count = `$n; Failed = `$failed; Gen2 = [GC]::CollectionCount(2) } | ConvertTo-Json -Compress)
"@
        Write-Host "memory: $Users users streamed through Revoke-ZtUser in a child pwsh" -ForegroundColor Cyan
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-FreshPowerShell -Script $script -TimeoutSeconds 1800
        $watch.Stop()
        if ($null -eq $run.Result) { throw "The memory run failed: $($run.StdErr)" }
        $r = $run.Result
        $mb = { param($bytes) Format-Number ($bytes / 1MB) '0.0' }
        $rows = @([ordered]@{ 'users streamed' = 'before the first user'; 'peak working set MB' = & $mb $r.Start })
        foreach ($mark in $r.Marks.PSObject.Properties) {
            $rows += [ordered]@{ 'users streamed' = $mark.Name; 'peak working set MB' = & $mb $mark.Value }
        }
        $at10k = $r.Marks.'10000'
        $atEnd = $r.Marks."$Users"
        $growth = $atEnd / $at10k
        "Run: $(Get-MachineLine). One child ``pwsh -NoProfile -NonInteractive``; $Users users generated lazily and piped to Revoke-ZtUser -Force (default -ThrottleLimit 4) against zt-emulator at $Unthrottled; $($r.Count) results, $($r.Failed) failed, $(Format-Number $watch.Elapsed.TotalSeconds '0') s, $($r.Gen2) gen-2 collections.`n`n" +
            (Format-Table2 -Rows $rows) + "`n`n" +
            "Target: peak working set at $Users within 10% of that at 10000: $(Format-Number (($growth - 1) * 100) '0.0')%, $(Get-Verdict ($growth -le 1.10))."
    }
    finally {
        Stop-ZtTestEmulatorServer $server
    }
}
