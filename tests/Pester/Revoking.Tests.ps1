# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Revoking users: Revoke-ZtUser in every parameter set against both emulators. It reads the address itself and gives
# exactly one result per input row, so a runbook that reports from its results never loses a leaver: blank columns
# fall through, UPN use is flagged, bad rows fail visibly, and a connection closed under a bulk run reports the users
# in flight as not revoked. -Verbose and progress tell the admin about each user. A 2xx revoke answer Cloudflare
# words loosely is in Reading.Tests.ps1; confirmation of every state-changing cmdlet is in Changing.Tests.ps1.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')
    # The hostile server is C# 8 (Add-Type); Windows PowerShell 5.1 compiles C# 5 only, so those scenarios run on PowerShell 7.
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    }
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

Describe 'Revoke-ZtUser (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Default set: the email by position' {
        $result = Revoke-ZtUser 'a@example.com' -Force
        $result.Email | Should -Be 'a@example.com'
        $result.Revoked | Should -BeTrue
        @(Get-Writes $ctx | Where-Object Operation -EQ 'RevokeUser').Email | Should -Be @('a@example.com')
    }

    It 'Default set: several emails by name, one result each, in order' {
        $results = @(Revoke-ZtUser -Email 'a@example.com', 'b@example.com', 'c@example.com' -Force)
        $results.Email | Should -Be @('a@example.com', 'b@example.com', 'c@example.com')
        @(Get-Writes $ctx).Count | Should -Be 3
    }

    It 'takes strings from the pipeline' {
        $results = @('a@example.com', 'b@example.com' | Revoke-ZtUser -Force)
        $results.Count | Should -Be 2
    }

    It 'takes Email from the pipeline by property name' {
        $results = @([pscustomobject]@{ Email = 'a@example.com' } | Revoke-ZtUser -Force)
        $results.Email | Should -Be 'a@example.com'
    }

    It 'takes Mail from the pipeline by property name (Microsoft Graph, Active Directory)' {
        $results = @([pscustomobject]@{ Mail = 'm@example.com' } | Revoke-ZtUser -Force)
        $results.Email | Should -Be 'm@example.com'
    }

    It 'Account set: -AccountId by name' {
        $result = Revoke-ZtUser -Email 'a@example.com' -AccountId $EmulatorAccountId -Force
        "$($result.Scope)" | Should -Be 'Account'
        (Get-Writes $ctx)[0].Path | Should -Match "/accounts/$EmulatorAccountId/"
    }

    It 'Zone set: -ZoneId by name' {
        $result = Revoke-ZtUser -Email 'a@example.com' -ZoneId $EmulatorZoneId -Force
        "$($result.Scope)" | Should -Be 'Zone'
        (Get-Writes $ctx)[0].Path | Should -Match "/zones/$EmulatorZoneId/"
    }

    It '-WhatIf sends nothing, even with -Force' {
        Revoke-ZtUser -Email 'a@example.com', 'b@example.com' -Force -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It '-Confirm:$false revokes without asking' {
        (Revoke-ZtUser -Email 'a@example.com' -Confirm:$false).Revoked | Should -BeTrue
    }

    It 'a malformed address is an error for that row, with the address as target, and is never sent' {
        $results = @('good@example.com', 'not an address' | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable failures)
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        "$($failures[0].TargetObject)" | Should -Match 'not an address'
        @(Get-Writes $ctx).Email | Should -Be @('good@example.com')
        @($results | Where-Object Revoked).Count | Should -Be 1
    }

    It 'the default view shows the email and the outcome at 80 and 120 columns' {
        $result = Revoke-ZtUser -Email 'someone@example.com' -Force
        foreach ($width in 80, 120) {
            $text = $result | Out-String -Width $width
            $text | Should -Match 'someone@example\.com'
            $text | Should -Match 'Revoked' -Because 'Status shows the outcome'
        }
    }

    It 'the result converts to JSON cleanly' {
        $back = Revoke-ZtUser -Email 'someone@example.com' -Force | ConvertTo-Json | ConvertFrom-Json
        $back.Email | Should -Be 'someone@example.com'
        $back.Revoked | Should -BeTrue
        "$($back.Scope)" | Should -Be 'Account'
    }
}

Describe 'Revoking users' {
    BeforeEach {
        Connect-ZtAccount -Emulator
    }

    It 'takes objects with a Mail property from the pipeline and returns one result per user' {
        $results = @('a@x.com', 'b@x.com' | ForEach-Object { [pscustomobject]@{ Mail = $_ } } | Revoke-ZtUser -Force)
        $results.Count | Should -Be 2
        $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtRevokeResult' }
        $results.Email | Should -Be @('a@x.com', 'b@x.com')
        $results.Revoked | Should -Be @($true, $true)
    }

    It 'takes the Email column of Import-Csv' {
        $csv = Join-Path -Path $TestDrive -ChildPath 'leavers.csv'
        @(
            [pscustomobject]@{ Email = 'carol@contoso.com'; Department = 'Sales' }
            [pscustomobject]@{ Email = 'dave@contoso.com'; Department = 'IT' }
            [pscustomobject]@{ Email = 'erin@contoso.com'; Department = 'HR' }
        ) | Export-Csv -Path $csv -NoTypeInformation

        $results = @(Import-Csv -Path $csv | Revoke-ZtUser -Force)
        $results.Email | Should -Be @('carol@contoso.com', 'dave@contoso.com', 'erin@contoso.com')
        @($results | Where-Object Revoked).Count | Should -Be 3
    }

    It 'one malformed row is an error for that row only; the other rows are still revoked' {
        $errors = $null
        $results = @('a@x.com', 'not-an-email', 'b@x.com' | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable errors)
        $results.Email | Should -Be @('a@x.com', 'not-an-email', 'b@x.com')
        $results.Revoked | Should -Be @($true, $false, $true)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
    }

    It '-WhatIf wins over -Force' {
        $results = 'a@x.com' | Revoke-ZtUser -Force -WhatIf
        $results | Should -BeNullOrEmpty
    }

    It 'keeps account-only options out of the zone parameter set' {
        { Revoke-ZtUser -ZoneId $EmulatorZoneId -Email 'a@x.com' -Devices -Force } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        $zoneResult = Revoke-ZtUser -ZoneId $EmulatorZoneId -Email 'a@x.com' -Force
        $zoneResult.Revoked | Should -BeTrue
        "$($zoneResult.Scope)" | Should -Be 'Zone'
    }
}

Describe 'Revoke-ZtUser reads the address from each row' {
    BeforeEach {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
    }

    It 'a mixed CSV (blank Email + filled Mail, UPN only, empty row, Email) gives exactly one result per row, in order' {
        $rows = @'
Email,Mail,UserPrincipalName
,alice@example.com,alice.upn@corp.example.com
,,bob@corp.example.com
,,
carol@example.com,,
'@ | ConvertFrom-Csv

        $results = @($rows | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $results.Count | Should -Be 4
        $results.Email | Should -Be @('alice@example.com', 'bob@corp.example.com', '', 'carol@example.com')
        $results.EmailSource | Should -Be @('Mail', 'UserPrincipalName', $null, 'Email')
        $results.Status | Should -Be @('Revoked', 'Revoked', 'Failed', 'Revoked')
    }

    It 'a row with no usable address gives a failed result with the reason, and an error record' {
        $rows = @([pscustomobject]@{ Email = ''; Mail = '  ' }, [pscustomobject]@{ Email = 'dan@example.com' })

        $results = @($rows | Revoke-ZtUser -Force -ErrorAction SilentlyContinue -ErrorVariable failures)

        $results.Count | Should -Be 2
        $results[0].Status | Should -Be 'Failed'
        $results[0].Revoked | Should -BeFalse
        $results[0].Error | Should -Match 'No address to revoke: input row 1'
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $results[1].Status | Should -Be 'Revoked'
    }

    It 'a Graph-like user with Mail = $null is revoked by its UserPrincipalName, and the result says so' {
        $user = [pscustomobject]@{ Id = '1d3e'; DisplayName = 'Erin'; Mail = $null; UserPrincipalName = 'erin@corp.example.com' }

        $result = $user | Revoke-ZtUser -Force -WarningAction SilentlyContinue

        $result.Email | Should -Be 'erin@corp.example.com'
        $result.EmailSource | Should -Be 'UserPrincipalName'
        $result.Revoked | Should -BeTrue
    }

    It 'Mail wins over UserPrincipalName when both are set' {
        $user = [pscustomobject]@{ Mail = 'frank@example.com'; UserPrincipalName = 'frank.upn@corp.example.com' }

        ($user | Revoke-ZtUser -Force).EmailSource | Should -Be 'Mail'
    }

    It 'using a UserPrincipalName warns once per run, not once per user' {
        $users = 1..3 | ForEach-Object { [pscustomobject]@{ Mail = $null; UserPrincipalName = "u$_@corp.example.com" } }

        $null = $users | Revoke-ZtUser -Force -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'UserPrincipalName'
        "$($warnings[0])" | Should -Match 'once per run'
    }

    It 'an address from an Email column gives no warning' {
        $null = [pscustomobject]@{ Email = 'gail@example.com' } | Revoke-ZtUser -Force -WarningVariable warnings
        @($warnings).Count | Should -Be 0
    }

    It 'a hashtable row is read like an object' {
        (@{ EmailAddress = 'hank@example.com' } | Revoke-ZtUser -Force).EmailSource | Should -Be 'EmailAddress'
    }

    It 'plain strings, piped or given to -Email, report EmailSource Value' {
        ('ivy@example.com' | Revoke-ZtUser -Force).EmailSource | Should -Be 'Value'
        (Revoke-ZtUser -Email 'jay@example.com' -Force).EmailSource | Should -Be 'Value'
    }

    It 'an invalid address in -Email fails that row only; the command goes on' {
        $results = @(Revoke-ZtUser -Email 'not-an-address', 'kim@example.com' -Force -ErrorAction SilentlyContinue -ErrorVariable failures)

        $results.Status | Should -Be @('Failed', 'Revoked')
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
    }

    It '-Email together with pipeline input is a clear error before any request' {
        $ctx = Get-ZtContext
        { 'pia@example.com' | Revoke-ZtUser -Email 'quin@example.com' -Force } | Should -Throw -ErrorId 'ZtInvalidArgument.Email*'
        @(Get-ZtTestJournal -Context $ctx -Writes).Count | Should -Be 0
    }

    It 'a $null row gives a failed result too, so the count still matches the input' {
        $results = @(@('rae@example.com', $null) | Revoke-ZtUser -Force -ErrorAction SilentlyContinue)
        $results.Status | Should -Be @('Revoked', 'Failed')
    }

    It 'neither -Email nor pipeline input is a clear error before any request' {
        { Revoke-ZtUser -Force } | Should -Throw -ErrorId 'ZtInvalidArgument.Email*'
    }
}

Describe 'Revoke-ZtUser tells the admin about each user' {
    BeforeEach {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
    }

    It '-Verbose with -Force names each user and its outcome' {
        $rows = @([pscustomobject]@{ Mail = 'lee@example.com' }, [pscustomobject]@{ Mail = '' })

        $verbose = $rows | Revoke-ZtUser -Force -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $verbose | Should -Contain 'lee@example.com (from Mail): revoked'
        @($verbose | Where-Object { $_ -like '(no address): failed: No address to revoke*' }).Count | Should -Be 1
    }

    It 'a declined prompt gives a result marked Skipped and sends nothing for that user' {
        $run = Invoke-InScriptedHost -Answers 'Yes', 'No' -Script @'
'mia@example.com', 'ned@example.com' | Revoke-ZtUser -Confirm -Verbose
'@
        $run.Output.Count | Should -Be 2
        $run.Output[0].Status | Should -Be 'Revoked'
        $run.Output[1].Status | Should -Be 'Skipped'
        $run.Output[1].Revoked | Should -BeFalse
        $run.Errors.Count | Should -Be 0 -Because 'declining is a choice, not a failure'
        $run.Ui.Prompts.Count | Should -Be 2
        $run.Ui.Verbose | Should -Contain 'ned@example.com: skipped: Not sent: the confirmation prompt was declined.'
    }

    It '-WhatIf gives no result objects (nothing was decided)' {
        @('oli@example.com' | Revoke-ZtUser -Force -WhatIf).Count | Should -Be 0
    }
}

Describe 'Revoke-ZtUser progress' {
    It 'writes a fresh record for each update, throttled, with a percentage and a completed record at the end (-Email array)' {
        $run = Invoke-InScriptedHost -Script @'
$emails = 1..300 | ForEach-Object { "user$_@example.com" }
$null = Revoke-ZtUser -Email $emails -Force
'@
        $records = @($run.Ui.Progress)
        $records.Count | Should -BeGreaterThan 1 -Because '300 users is long enough to show progress'
        $distinct = @($records | ForEach-Object { [System.Runtime.CompilerServices.RuntimeHelpers]::GetHashCode($_) } | Select-Object -Unique)
        $distinct.Count | Should -Be $records.Count -Because 'each update must be its own record'
        # One record per user was the old behaviour (151 for 300 users); a few per second stays far below N/10.
        $records.Count | Should -BeLessThan 30
        @($records | Where-Object { $_.RecordType -eq 'Processing' -and $_.PercentComplete -ge 0 }).Count | Should -BeGreaterThan 0
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows a percentage once a piped run knows its total (after the pipeline ends)' {
        $run = Invoke-InScriptedHost -Script @'
$null = 1..200 | ForEach-Object { "piped$_@example.com" } | Revoke-ZtUser -Force
'@
        $records = @($run.Ui.Progress)
        $records[-1].RecordType | Should -Be 'Completed'
        $processing = @($records | Where-Object RecordType -eq 'Processing')
        $processing.Count | Should -BeGreaterThan 0
        $processing[-1].StatusDescription | Should -Match "200 of 200"
        $processing[-1].PercentComplete | Should -Be 100
    }
}

Describe 'A connection closed under a running command' -Skip:$OnWindowsPowerShell {
    It 'ends a bulk revoke with ZtNotConnected records and reports the users in flight as not revoked, with the reason' {
        $slow = $Reply::Of($Action::DripBody, 'true')
        $slow.DripDelayMilliseconds = 1000
        $api = $Server::Start($slow)
        $ps = [powershell]::Create()
        try {
            $ctx = Connect-Hostile -Server $api
            $null = $ps.AddScript({
                    param($Context, $Manifest)
                    Import-Module $Manifest
                    1..8 | ForEach-Object { "user$_@example.com" } | Revoke-ZtUser -Context $Context -ThrottleLimit 2 -Force
                }).AddArgument($ctx).AddArgument($ManifestPath)
            $output = New-Object 'System.Management.Automation.PSDataCollection[psobject]'
            $running = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($api.Requests.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

            Disconnect-ZtAccount -Context $ctx
            $terminating = try { $null = $ps.EndInvoke($running); $null } catch { $_.Exception.InnerException.ErrorRecord }
            $records = @(@($ps.Streams.Error) + @($terminating) | Where-Object { $_ })
        }
        finally { $api.Dispose(); $ps.Dispose() }

        $api.Requests.Count | Should -Be 2 -Because 'no user after the disconnect may be sent'
        $records.Count | Should -BeGreaterOrEqual 3
        @($output).Count | Should -BeLessThan 8 -Because 'the command ends at the first user that finds the connection closed'
        foreach ($record in $records) {
            $record.FullyQualifiedErrorId | Should -BeLike 'ZtNotConnected,*'
            $record.CategoryInfo.Category | Should -Not -BeIn @('NotSpecified', 'OperationStopped')
            $record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
            $record.Exception.Message | Should -Match 'Disconnect-ZtAccount'
        }
        $inFlight = @($output | Where-Object { $_.Email -in 'user1@example.com', 'user2@example.com' })
        $inFlight.Count | Should -Be 2
        $inFlight | ForEach-Object {
            $_.Revoked | Should -BeFalse
            $_.Error | Should -Match 'in flight'
            $_.Error | Should -Not -Match 'stopped'
        }
    }
}
