# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# Revoke-ZtUser reads the address itself and gives exactly one result per input row, so a runbook that reports
# from its results never loses a leaver: blank columns fall through, UPN use is flagged, bad rows fail visibly.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')
}

AfterAll {
    Disconnect-ZtAccount
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
