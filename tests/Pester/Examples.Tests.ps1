# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Every example in the help (docs/en-US/*-Zt*.md, EXAMPLES) and every powershell block of README.md runs here
# against the emulator, so an example that stops working fails CI. Each runs in a fresh runspace whose host
# answers prompts with Yes. What a runbook would take from its environment is stood in for:
#   - Get-AutomationVariable / Get-AutomationPSCredential hand over the emulator's token, account id and DoH token id;
#   - Read-Host -AsSecureString gets the emulator's token; Get-MgUser returns two Graph-like users;
#   - $token, $accountId, $accounts and $accountIds hold emulator values; leavers.csv, accounts.csv and org.json exist;
#   - a connection with a token (no -Emulator) reaches zt-emulator on loopback through CLOUDFLARE_BASE_URL.
# An example that needs a real Azure sign-in is listed in $Skipped with the reason, and reported as skipped.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')

    # Examples that cannot run here, and why. Keyed by "<file> | <example title or README block number>".
    $Skipped = @{
        'Connect-ZtAccount.md | Example 4 - Connect with a token from Azure Key Vault through a managed identity' = 'needs Azure: a managed identity and Key Vault'
        'README.md | block 4' = 'needs Azure: a managed identity and Key Vault (its credential-asset line is Connect-ZtAccount Example 3)'
    }

    # Where an example names ids of its own, the emulator is started with them (and empty where it creates).
    $Connections = @{
        'New-ZtOrganization.md | Example 1 - Create the organization of an account' = 'Connect-ZtAccount -Emulator -NoSeed -AccountId 4f1c0b6e2d8a4b5f9e3c7a1d0b2e4f68'
        'New-ZtOrganization.md | Example 4 - Create a zone organization' = 'Connect-ZtAccount -Emulator -NoSeed -ZoneId 9a7806061c88ada191ed06f989cc3dac'
    }

    # Where an example says its environment provides values, the test provides them.
    $Environments = @{
        'Connect-ZtAccount.md | Example 5 - Connect from environment variables in CI' = @{ CLOUDFLARE_API_TOKEN = $EmulatorToken; CLOUDFLARE_ACCOUNT_ID = $EmulatorAccountId }
    }

    $examples = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($page in Get-ChildItem -Path (Join-Path $RepoRoot 'docs/en-US') -Filter '*-Zt*.md' | Sort-Object Name) {
        $text = (Get-Content -LiteralPath $page.FullName -Raw) -replace "`r`n", "`n"
        $section = [regex]::Match($text, '(?s)\n## EXAMPLES\n(.*?)\n## PARAMETERS\n').Groups[1].Value
        foreach ($example in [regex]::Matches($section, '(?s)### (?<title>[^\n]+)\n(?<body>.*?)(?=\n### |\z)')) {
            $code = @([regex]::Matches($example.Groups['body'].Value, '(?s)```powershell\n(.*?)```') | ForEach-Object { $_.Groups[1].Value }) -join "`n"
            $key = "$($page.Name) | $($example.Groups['title'].Value.Trim())"
            $examples.Add(@{ Key = $key; Code = $code; Skip = $Skipped[$key]; Connect = $Connections[$key]; Environment = $Environments[$key]; InRepoRoot = $false })
        }
    }

    $readme = (Get-Content -LiteralPath (Join-Path $RepoRoot 'README.md') -Raw) -replace "`r`n", "`n"
    $block = 0
    foreach ($match in [regex]::Matches($readme, '(?s)```powershell\n(.*?)```')) {
        $block++
        $key = "README.md | block $block"
        $code = $match.Groups[1].Value
        $examples.Add(@{ Key = $key; Code = $code; Skip = $Skipped[$key]; Connect = $Connections[$key]; Environment = $Environments[$key]; InRepoRoot = $code -match '\./out/' })
    }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')

    $server = Get-ZtSharedTestServer
    $savedEnvironment = @{}
    foreach ($name in 'CLOUDFLARE_BASE_URL', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_EMAIL') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    [Environment]::SetEnvironmentVariable('CLOUDFLARE_BASE_URL', $server.BaseUri)

    # ForEach-Object -Parallel runspaces load the module by name, as they would from an installed copy.
    $savedModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path -Path $ModuleRoot -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath

    # The stand-ins, defined in each example's runspace before it runs.
    $standIns = @"
`$token = ConvertTo-SecureString -String '$EmulatorToken' -AsPlainText -Force
`$accountId = '$EmulatorAccountId'
`$accounts = @(`$accountId)
`$accountIds = @(`$accountId)
`$csvPath = Join-Path (Get-Location) 'leavers.csv'
function Get-AutomationVariable([string] `$Name) {
    switch (`$Name) {
        'CloudflareApiToken' { '$EmulatorToken' }
        'CloudflareAccountId' { '$EmulatorAccountId' }
        'DohServiceTokenId' { '$EmulatorDohServiceTokenId' }
        default { throw "No stand-in for the Automation variable `$Name." }
    }
}
function Get-AutomationPSCredential([string] `$Name) { [pscredential]::new('automation', `$token) }
function Get-MgUser {
    [pscustomobject]@{ DisplayName = 'Leaver'; Mail = `$null; UserPrincipalName = 'leaver@corp.example.com' }
    [pscustomobject]@{ DisplayName = 'Former'; Mail = 'former@example.com'; UserPrincipalName = 'former@corp.example.com' }
}
"@
}

AfterAll {
    Stop-ZtSharedTestServer
    $env:PSModulePath = $savedModulePath
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }
}

Describe 'Documented examples run against the emulator' {
    BeforeEach {
        # Each example starts from a seeded zt-emulator and a folder with the files the examples read.
        Invoke-RestMethod -Method Post -Uri "$($server.Root)/__emulator/reset?seed=true" | Out-Null
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        @"
Email,Mail,UserPrincipalName
,alice@example.com,alice@corp.example.com
bob@example.com,,
"@ | Set-Content -Path (Join-Path $work 'leavers.csv')
        "AccountId`n$EmulatorAccountId" | Set-Content -Path (Join-Path $work 'accounts.csv')
        '{ "name": "Example Team", "session_duration": "12h" }' | Set-Content -Path (Join-Path $work 'org.json')
    }

    It '<Key>' -ForEach $examples {
        if ($Skip) {
            Set-ItResult -Skipped -Because $Skip
            return
        }

        $location = if ($InRepoRoot) { $RepoRoot } else { $work }
        $connect = if ($Connect) { $Connect } else { 'Connect-ZtAccount -Emulator' }
        $script = "Set-Location -LiteralPath '$location'`n$standIns`n$connect -WarningAction SilentlyContinue`n$Code"

        $variables = if ($Environment) { $Environment } else { @{} }
        foreach ($name in $variables.Keys) { [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
        try {
            $run = Invoke-InScriptedHost -NotConnected -Script $script -Answers (@('Yes') * 10) -SecureAnswer $EmulatorToken
        }
        finally {
            foreach ($name in $variables.Keys) { [Environment]::SetEnvironmentVariable($name, $null) }
        }

        $errors = @($run.Errors | ForEach-Object { "$_" })
        $errors -join "`n" | Should -BeNullOrEmpty -Because "the example must run without errors:`n$Code"
        $run.HadErrors | Should -BeFalse
    }

    It 'covers every help page and the README' -ForEach @(@{ All = $examples }) {
        $files = @($All | ForEach-Object { ($_.Key -split ' \| ')[0] } | Select-Object -Unique)
        $files | Should -Contain 'README.md'
        $pages = @(Get-ChildItem -Path (Join-Path $RepoRoot 'docs/en-US') -Filter '*-Zt*.md').Count
        @($files | Where-Object { $_ -like '*-Zt*.md' }).Count | Should -Be $pages
        @($All | Where-Object Skip).Count | Should -BeLessOrEqual 2 -Because 'a skip needs a reason an emulator cannot remove'
    }
}
