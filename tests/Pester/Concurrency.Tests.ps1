# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# A confirmed change never reverts what changed while the prompt waited: a scripted host answers only after a
# colleague (a new PowerShell instance sharing the context) has changed the organization, and the journal shows
# what the module wrote then. A long wait for rate-limit budget before the PUT gets the same fresh read.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
    $Server = [ZeroTrustOrg.TestSupport.HostileServer]

    # The colleague works in the dashboard meanwhile; here, from another runspace with the same context.
    $ColleagueHeader = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -LoginDesign @{ HeaderText = ''colleague'' } -Force' }
    $ColleagueDomain = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -AuthDomain colleague-team.cloudflareaccess.com -Force -WarningAction SilentlyContinue' }
    $ColleagueRename = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name ''Renamed by a colleague'' -Force' }

    function Get-Puts($Context) {
        @(Get-ZtTestJournal -Context $Context -Writes | Where-Object Method -EQ 'PUT' | ForEach-Object {
                [pscustomobject]@{ Body = ($_.RequestBody | ConvertFrom-Json); StatusCode = $_.StatusCode }
            })
    }
}

AfterAll {
    Stop-ZtSharedTestServer
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
}

Describe 'Set-ZtOrganization writes what is there when the answer comes (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Connect @{ WarningAction = 'SilentlyContinue' }
    }

    It 'an AuthDomain change answered after a colleague changed the login header keeps the header and writes the domain, asking once' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue -Verbose
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        @($run.Errors).Count | Should -Be 0 -Because ($run.Errors | Out-String)
        $run.Prompts.Count | Should -Be 1
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 2 -Because 'the colleague writes once, then the confirmed change once'
        $puts[0].Body.login_design.header_text | Should -Be 'colleague'
        $puts[1].Body.login_design.header_text | Should -Be 'colleague' -Because "the colleague's header is not reverted"
        $puts[1].Body.auth_domain | Should -Be 'new-team.cloudflareaccess.com'
        (Get-ZtOrganization -Context $ctx).LoginDesign.HeaderText | Should -Be 'colleague'
        ($run.Lines -join "`n") | Should -Match 'reading the organization again before the write \(a question was asked about it\)'
    }

    It '-Confirm on an ordinary change keeps a colleague''s edit made while the prompt waited' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -SessionDuration 7h -Confirm
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 1
        $puts = Get-Puts $ctx
        $puts[-1].Body.login_design.header_text | Should -Be 'colleague'
        $puts[-1].Body.session_duration | Should -Be '7h'
    }

    It 'a colleague''s change to the same field is shown in a second question; Yes writes the user''s value' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'Yes') -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $run.Prompts[1].Caption | Should -Be 'Confirm again: the organization changed'
        $run.Prompts[1].Message | Should -Match 'changed after you were asked'
        $run.Prompts[1].Message | Should -Match 'is colleague-team\.cloudflareaccess\.com now'
        $run.Prompts[1].Message | Should -Match 'AuthDomain: colleague-team\.cloudflareaccess\.com -> new-team\.cloudflareaccess\.com'
        $run.Prompts[1].DefaultChoice | Should -Be 'No'
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 2
        $puts[1].Body.auth_domain | Should -Be 'new-team.cloudflareaccess.com'
    }

    It 'a colleague''s change to the same field answered No to the second question writes nothing of ours' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'No') -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Prompts.Count | Should -Be 2
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 1 -Because 'only the colleague wrote'
        (Get-ZtOrganization -Context $ctx).AuthDomain | Should -Be 'colleague-team.cloudflareaccess.com'
    }

    It 'where nobody can answer the second question, it stops with ZtOrganizationChangedWhileConfirming and writes nothing of ours' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -NonInteractiveWhenOutOfAnswers -BeforePrompt @{ 1 = $ColleagueDomain + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -AuthDomain new-team.cloudflareaccess.com -WarningAction SilentlyContinue
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ZtOrganizationChangedWhileConfirming,ZeroTrustOrg.Commands.SetZtOrganization'
        $run.Errors[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $run.Errors[0].ErrorDetails.Message | Should -Match '^Account [0-9a-f]{32} changed after the change was confirmed|changed after the change was confirmed'
        $run.Errors[0].ErrorDetails.Message | Should -Match 'is colleague-team\.cloudflareaccess\.com now'
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -Match 'Get-ZtOrganization'
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 1 -Because 'only the colleague wrote'
    }

    It 'a change the colleague already made writes nothing and says so' {
        $colleagueSame = @{ Script = 'param($ctx) Set-ZtOrganization -Context $ctx -SessionDuration 7h -Force'; Arguments = @($ctx) }
        $run = Invoke-WithScriptedHost -Answers @('Yes') -BeforePrompt @{ 1 = $colleagueSame } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            Set-ZtOrganization -Context $ctx -SessionDuration 7h -Confirm
        }

        $run.Prompts.Count | Should -Be 1
        (Get-Puts $ctx).Count | Should -Be 1 -Because 'only the colleague wrote'
        ($run.Lines | Where-Object { $_ -like 'WARNING: *' }) -join "`n" | Should -Match 'Nothing was written.*already has the requested values now.*SessionDuration is already 7h'
    }

    It 'a piped list answered one by one writes each row over what is there at its answer' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'Yes') -BeforePrompt @{ 2 = $ColleagueHeader + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            @{ session_duration = '6h' }, @{ session_duration = '5h' } | Set-ZtOrganization -Context $ctx -Confirm
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $puts = Get-Puts $ctx
        $puts.Count | Should -Be 3
        $puts[2].Body.login_design.header_text | Should -Be 'colleague'
        $puts[2].Body.session_duration | Should -Be '5h'
    }

    It '-Force with no question and no wait reads once' {
        Set-ZtOrganization -Context $ctx -SessionDuration 9h -Force
        @(Get-ZtTestJournal -Context $ctx -ExcludeVerify | Where-Object Method -EQ 'GET').Count | Should -Be 1
    }
}

Describe 'New-ZtOrganization checks after the answer that what it described is still true (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode -Connect @{ WarningAction = 'SilentlyContinue' }
    }

    It 'a rename while the question waited is shown in a second question, and No creates nothing' {
        $run = Invoke-WithScriptedHost -Answers @('Yes', 'No') -BeforePrompt @{ 1 = $ColleagueRename + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            New-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
        }

        $run.Failure | Should -BeNullOrEmpty
        $run.HookErrors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 2
        $run.Prompts[1].Message | Should -Match "Now: .*'Renamed by a colleague'"
        @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Method -EQ 'POST').Count | Should -Be 0
    }

    It 'where nobody can answer the second question, it stops with ZtOrganizationChangedWhileConfirming' {
        $run = Invoke-WithScriptedHost -Answers @('Yes') -NonInteractiveWhenOutOfAnswers -BeforePrompt @{ 1 = $ColleagueRename + @{ Arguments = @($ctx) } } -ArgumentList $ctx -ScriptBlock {
            param($ctx)
            New-ZtOrganization -Context $ctx -ZoneId 023e105f4ecef8ad9ca31a8372d0c353 -Name 'Second' -AuthDomain 'second.cloudflareaccess.com'
        }

        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ZtOrganizationChangedWhileConfirming,ZeroTrustOrg.Commands.NewZtOrganization'
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-ZtTestJournal -Context $ctx -Writes | Where-Object Method -EQ 'POST').Count | Should -Be 0
    }
}

Describe 'A long wait for rate-limit budget before the PUT is followed by a fresh read' -Skip:$OnWindowsPowerShell {
    It 'a rename made during a 3 s budget wait survives, and the wait costs exactly one extra GET' {
        $spender = $Server::StartBudgetSpender('Original', '24h', 'Renamed during the wait', 3)
        try {
            $ctx = Connect-Hostile -Server $spender
            $verbose = Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        }
        finally { $spender.Dispose() }

        $spender.State['name'] | Should -Be 'Renamed during the wait'
        $spender.State['session_duration'] | Should -Be '12h'
        $spender.CountRequests('GET') | Should -Be 2
        $spender.CountRequests('PUT') | Should -Be 1
        ($verbose -join "`n") | Should -Match 'reading the organization again before the write \(it waited [0-9.]+ s for rate-limit budget\)'
    }
}
