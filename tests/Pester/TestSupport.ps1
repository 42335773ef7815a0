# Shared by the module tests; dot-source it in BeforeAll or BeforeDiscovery. Works on Windows PowerShell 5.1
# and PowerShell 7, so no syntax newer than 5.1 belongs here.

$RepoRoot = (Resolve-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
$ModuleRoot = Join-Path -Path (Join-Path -Path $RepoRoot -ChildPath 'out') -ChildPath 'ZeroTrustOrg'
$ManifestPath = Join-Path -Path $ModuleRoot -ChildPath 'ZeroTrustOrg.psd1'
. (Join-Path -Path (Join-Path -Path (Join-Path -Path $RepoRoot -ChildPath 'tools') -ChildPath 'build') -ChildPath 'ChildShell.ps1')

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
Runs a script in a new process of the PowerShell that runs the tests (pwsh or powershell.exe, found through
$PSHOME) with -NoProfile -NonInteractive, and waits at most $TimeoutSeconds. A line 'RESULT:<json>' in the output
becomes the Result property. A prompt in a -NonInteractive process throws instead of waiting, so a script that
completes has not prompted.
#>
function Invoke-FreshPowerShell {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSeconds = 180,
        [hashtable] $Environment = @{}
    )

    $prelude = "`$ProgressPreference = 'SilentlyContinue'`n"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($prelude + $Script))
    $shell = Get-ChildShell
    $arguments = @($shell.Arguments | ForEach-Object { '"' + $_ + '"' }) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $start.FileName = $shell.FilePath
    $start.Arguments = $arguments -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.CreateNoWindow = $true
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$start.EnvironmentVariables.Remove($name) }
        else { $start.EnvironmentVariables[$name] = [string]$Environment[$name] }
    }

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

# ---------------------------------------------------------------------------------------------------------------
# The two emulators. Scenarios run against both: the in-process engine (Connect-ZtAccount -Emulator, no socket) and
# zt-emulator over loopback (a real socket, the real HttpClientHandler, the -BaseUri path). The journal of either
# tells what reached it.

$EmulatorModes = @(
    @{ Mode = 'InProcess' }
    @{ Mode = 'Loopback' }
)

# The same two emulators answering as the live API does (Connect-ZtAccount -EmulatorShape Live, zt-emulator's
# reset?shape=live): the recorded organization, false and empty fields left out, response-only fields.
$EmulatorLiveModes = @(
    @{ Mode = 'InProcess'; Shape = 'Live' }
    @{ Mode = 'Loopback'; Shape = 'Live' }
)

function Get-ZtEmulatorServerPath {
    $candidates = @(
        (Join-Path -Path $RepoRoot -ChildPath 'out/zt-emulator/zt-emulator.dll'),
        (Join-Path -Path $RepoRoot -ChildPath 'src/ZeroTrustOrg.Emulator.Server/bin/Release/net10.0/zt-emulator.dll'),
        (Join-Path -Path $RepoRoot -ChildPath 'src/ZeroTrustOrg.Emulator.Server/bin/Debug/net10.0/zt-emulator.dll')
    )
    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    throw "zt-emulator is not built: run ./build.ps1 (it publishes out/zt-emulator)."
}

<#
Starts zt-emulator on a free loopback port and returns an object with BaseUri, Process and the log. Extra
arguments (for example '--rate-limit', '30/10s') go to the server. Stop it with Stop-ZtTestEmulatorServer.
#>
function Start-ZtTestEmulatorServer {
    param([string[]] $ArgumentList = @(), [int] $TimeoutSeconds = 60)

    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $start.FileName = 'dotnet'
    $start.Arguments = (@('"' + (Get-ZtEmulatorServerPath) + '"', '--urls', 'http://127.0.0.1:0') + $ArgumentList) -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.CreateNoWindow = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $log = New-Object -TypeName System.Text.StringBuilder
    $baseUri = $null
    while ($null -eq $baseUri) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $read.Result) {
            try { $process.Kill() } catch { }
            throw "zt-emulator did not start within $TimeoutSeconds s: $log $($process.StandardError.ReadToEnd())"
        }
        [void]$log.AppendLine($read.Result)
        if ($read.Result -match '^\s*Base URI:\s*(\S+)') { $baseUri = $Matches[1] }
    }

    [pscustomobject]@{
        PSTypeName = 'ZeroTrustOrg.Tests.EmulatorServer'
        BaseUri    = $baseUri
        Root       = $baseUri.Substring(0, $baseUri.IndexOf('/client/v4'))
        Process    = $process
    }
}

function Stop-ZtTestEmulatorServer {
    param($Server)
    if ($null -ne $Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        [void]$Server.Process.WaitForExit(10000)
    }
}

<# The server this test file shares; started on first use, stopped by Stop-ZtTestEmulatorServer in AfterAll. #>
function Get-ZtSharedTestServer {
    if ($null -eq $script:ZtSharedTestServer -or $script:ZtSharedTestServer.Process.HasExited) {
        $script:ZtSharedTestServer = Start-ZtTestEmulatorServer
    }
    $script:ZtSharedTestServer
}

function Stop-ZtSharedTestServer {
    Stop-ZtTestEmulatorServer $script:ZtSharedTestServer
    $script:ZtSharedTestServer = $null
}

<#
Connects to a fresh emulator in the given mode and returns the context (it is also the runspace default).
InProcess: Connect-ZtAccount -Emulator. Loopback: resets the shared zt-emulator (seeded, or empty with -NoSeed)
and connects to it with its development token over http://127.0.0.1. -Shape Live makes either answer as the live
API does. Extra Connect-ZtAccount parameters pass through (-RateLimit, -MaxRetries, ...).
#>
function Connect-ZtTestEmulator {
    param(
        [Parameter(Mandatory)] [ValidateSet('InProcess', 'Loopback')] [string] $Mode,
        [ValidateSet('Reference', 'Live')] [string] $Shape = 'Reference',
        [switch] $NoSeed,
        [hashtable] $Connect = @{},
        $Server
    )

    if ($Mode -eq 'InProcess') {
        return Connect-ZtAccount -Emulator -EmulatorShape $Shape -NoSeed:$NoSeed -PassThru @Connect
    }

    if ($null -eq $Server) { $Server = Get-ZtSharedTestServer }
    $seed = if ($NoSeed) { 'false' } else { 'true' }
    Invoke-RestMethod -Method Post -Uri "$($Server.Root)/__emulator/reset?seed=$seed&shape=$($Shape.ToLowerInvariant())" | Out-Null
    # What the caller gave in -Connect wins over these defaults.
    $parameters = @{
        BaseUri   = $Server.BaseUri
        ApiToken  = ConvertTo-SecureString -String $EmulatorToken -AsPlainText -Force
        AccountId = $EmulatorAccountId
        ZoneId    = $EmulatorZoneId
        PassThru  = $true
    }
    foreach ($name in $Connect.Keys) { $parameters[$name] = $Connect[$name] }
    Connect-ZtAccount @parameters
}

<#
What reached the emulator behind a context, oldest first: Method, Path, Query, StatusCode, Operation, Applied,
Email, RequestBody. -Writes keeps only requests that could change state (anything but GET).
#>
function Get-ZtTestJournal {
    param(
        [Parameter(Mandatory)] $Context,
        [switch] $Writes,
        [switch] $ExcludeVerify
    )

    if ($Context.IsEmulator -and $Context.BaseUri -like '*zt-emulator.localhost*') {
        $entries = @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get($Context) | ForEach-Object {
                [pscustomobject]@{
                    Method = $_.Method; Path = $_.Path; Query = $_.Query; StatusCode = $_.StatusCode
                    Operation = "$($_.Operation)"; Applied = $_.Applied; Email = $_.Email; RequestBody = $_.RequestBody
                }
            })
    }
    else {
        $root = $Context.BaseUri.Substring(0, $Context.BaseUri.IndexOf('/client/v4'))
        $entries = @(Invoke-RestMethod -Method Get -Uri "$root/__emulator/journal" | ForEach-Object { $_ } | ForEach-Object {
                [pscustomobject]@{
                    Method = $_.method; Path = $_.path; Query = $_.query; StatusCode = $_.statusCode
                    Operation = $_.operation; Applied = $_.applied; Email = $_.email; RequestBody = $_.requestBody
                }
            })
    }

    if ($Writes) { $entries = @($entries | Where-Object Method -NE 'GET') }
    if ($ExcludeVerify) { $entries = @($entries | Where-Object Operation -NE 'VerifyToken') }
    $entries
}

# ---------------------------------------------------------------------------------------------------------------
# Prompts answered from a script. Invoke-WithScriptedHost runs a script in a new runspace whose host answers each
# prompt (-Confirm, ShouldContinue, ConfirmImpact High) with the next of -Answers ('Yes', 'No', 'Yes to All', ...)
# and records what each prompt said. A prompt with no answer left fails instead of waiting.

if (-not ('ZeroTrustOrg.Tests.ScriptedHost' -as [type])) {
    Add-Type -Path (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Support') -ChildPath 'ScriptedHost.cs')
}

# -BeforePrompt acts while a prompt waits: @{ 1 = @{ Script = '...'; Arguments = @($ctx) } } runs that script (with the
# module imported) in a new PowerShell instance just before prompt 1 is answered, as a colleague would change the
# organization meanwhile. -NonInteractiveWhenOutOfAnswers makes a prompt with no answer left fail the way a
# -NonInteractive console does, so a test can see what the command does where nobody can answer.
function Invoke-WithScriptedHost {
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [string[]] $Answers = @(),
        [object[]] $ArgumentList = @(),
        [hashtable] $BeforePrompt = @{},
        [switch] $NonInteractiveWhenOutOfAnswers
    )

    $scriptedHost = [ZeroTrustOrg.Tests.ScriptedHost]::new([string[]]$Answers)
    foreach ($number in $BeforePrompt.Keys) {
        $hook = $BeforePrompt[$number]
        $scriptedHost.BeforePrompt([int]$number, $ManifestPath, [string]$hook.Script, [object[]]@($hook.Arguments))
    }
    $scriptedHost.NonInteractiveWhenOutOfAnswers = [bool]$NonInteractiveWhenOutOfAnswers
    $runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Host.PSHost]$scriptedHost)
    $runspace.Open()
    try {
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        [void]$ps.AddScript("Import-Module -Name '$($ManifestPath.Replace("'", "''"))' -ErrorAction Stop").AddStatement()
        [void]$ps.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { [void]$ps.AddArgument($argument) }
        $output = $null
        $failure = $null
        try { $output = $ps.Invoke() } catch { $failure = $_.Exception }
        [pscustomobject]@{
            Output  = @($output)
            Errors  = @($ps.Streams.Error)
            Prompts = @($scriptedHost.Prompts)
            Lines   = @($scriptedHost.Lines)
            HookErrors = @($scriptedHost.HookErrors)
            Failure = $failure
        }
        $ps.Dispose()
    }
    finally {
        $runspace.Dispose()
    }
}

# ---------------------------------------------------------------------------------------------------------------
# Journal and error helpers the feature files share.

# Writes that reached the emulator, without the token check that Connect-ZtAccount makes.
function Get-Writes($Context) { @(Get-ZtTestJournal -Context $Context -Writes) }

function Get-Reads($Context) { @(Get-ZtTestJournal -Context $Context | Where-Object { $_.Method -eq 'GET' -and $_.Operation -ne 'VerifyToken' }) }

# Runs a script block that must fail, and returns its error record.
function Get-ErrorRecord([scriptblock] $Script) {
    try {
        & $Script
    }
    catch {
        return $_
    }
    throw 'The command did not fail.'
}

function Assert-ErrorRecord($Record, [string] $ErrorId, [System.Management.Automation.ErrorCategory] $Category) {
    $Record | Should -Not -BeNullOrEmpty
    $Record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
    $Record.CategoryInfo.Category | Should -Be $Category
    $Record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty -Because 'every error says how to fix it'
}
