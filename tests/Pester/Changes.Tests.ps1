# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Changes that read first: Set-ZtDohSetting compares before it writes, and New-ZtOrganization always asks
# before creating where an organization exists or could not be read. The journal tells what was sent.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')
    $importLine = "Import-Module -Name $(ConvertTo-SingleQuoted $ManifestPath) -ErrorAction Stop"
}

AfterAll {
    Disconnect-ZtAccount
}

Describe 'Set-ZtDohSetting reads first' {
    BeforeEach {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
    }

    It 'sends no write when nothing changes, and says so under -Verbose' {
        $before = Get-ZtDohSetting

        $verbose = Set-ZtDohSetting -DohJwtDuration $before.DohJwtDuration -ServiceTokenId $before.Id -Confirm:$false -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
        $verbose | Should -Contain "DNS-over-HTTPS settings of account $EmulatorAccountId already have the requested values; nothing was sent."
        (Get-ZtDohSetting).UpdatedAt | Should -Be $before.UpdatedAt
    }

    It 'treats the same length of time written differently as unchanged (24h = 1440m)' {
        (Get-ZtDohSetting).DohJwtDuration | Should -Be '24h'
        Set-ZtDohSetting -DohJwtDuration 1440m -Confirm:$false
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
    }

    It 'writes once when a value changes' {
        Set-ZtDohSetting -DohJwtDuration 36h -Confirm:$false
        $writes = @(Get-ZtTestJournal -Context $ctx -Writes)
        $writes.Count | Should -Be 1
        $writes[0].Method | Should -Be 'PUT'
        (Get-ZtDohSetting).DohJwtDuration | Should -Be '36h'
    }

    It '-WhatIf shows old -> new and sends nothing' {
        $run = Invoke-InScriptedHost -Script 'Set-ZtDohSetting -DohJwtDuration 36h -WhatIf'
        $shown = $run.Ui.Lines -join "`n"
        $shown | Should -Match 'DohJwtDuration: 24h -> 36h'
        (Get-ZtDohSetting).DohJwtDuration | Should -Be '24h'
    }

    It '-PassThru returns the current settings when nothing changes' {
        $result = Set-ZtDohSetting -DohJwtDuration 24h -Confirm:$false -PassThru
        $result.DohJwtDuration | Should -Be '24h'
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
    }
}

Describe 'New-ZtOrganization over an organization that exists or was not read' {
    It 'asks even at the default $ConfirmPreference, naming the existing organization and the consequence' {
        $run = Invoke-InScriptedHost -Answers 'No' -Script @'
New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
'@
        $run.Ui.Prompts.Count | Should -Be 1
        $run.Ui.Prompts[0] | Should -Match "already has the organization 'Example Team'"
        $run.Ui.Prompts[0] | Should -Match 'signs every user out'
        $run.Output.Count | Should -Be 0
    }

    It 'in a -NonInteractive process without -Force sends no write and names -Force' {
        $run = Invoke-FreshPowerShell -Script @"
$importLine
`$ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
`$report = @{}
try { New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -ErrorAction Stop; `$report.Id = 'created' }
catch { `$report.Id = `$_.FullyQualifiedErrorId; `$report.Message = `$_.ErrorDetails.Message; `$report.Action = `$_.ErrorDetails.RecommendedAction }
`$report.Writes = @([ZeroTrustOrg.Testing.ZtEmulatorJournal]::Get(`$ctx) | Where-Object Method -NE 'GET').Count
'RESULT:' + (ConvertTo-Json -InputObject `$report -Compress)
"@
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Id | Should -BeLike 'ZtOrganizationConfirmationRequired,*'
        $run.Result.Message | Should -Match 'already has the organization'
        $run.Result.Action | Should -Match '-Force'
        $run.Result.Writes | Should -Be 0
    }

    It 'with -Force it sends the create (and Cloudflare refuses it, as the organization exists)' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        { New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ZtOrganizationExists*'
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 1
    }

    It '-WhatIf still wins over -Force' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        New-ZtOrganization -Name 'Second' -AuthDomain 'second.cloudflareaccess.com' -Force -WhatIf
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
    }

    It 'creates without asking where the read shows no organization' {
        $run = Invoke-InScriptedHost -NotConnected -Script @'
Connect-ZtAccount -Emulator -NoSeed -WarningAction SilentlyContinue
New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso.cloudflareaccess.com'
'@
        $run.Ui.Prompts.Count | Should -Be 0
        $run.Output[0].Name | Should -Be 'Contoso'
    }
}
