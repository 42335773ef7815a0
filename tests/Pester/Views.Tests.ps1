# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# The default views are designed for an 80-column console: every line fits, no header wraps, the key columns
# are all there, and every label is the property's own name (so Sort-Object on a visible header works).

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    Connect-ZtAccount -Emulator -WarningAction SilentlyContinue

    $script:Samples = @{
        Organization = Get-ZtOrganization
        ZoneOrganization = Get-ZtOrganization -ZoneId $EmulatorZoneId
        DohSetting = Get-ZtDohSetting
        RevokeResult = @(Revoke-ZtUser -Email 'christopher.long-name@corp.example.com', 'not-an-address', 'a.very.long.address.for.wrapping@subdomain.example.com' -Force -ErrorAction SilentlyContinue)
        Context = Get-ZtContext
        Difference = @(Compare-ZtOrganization -InputObject @{ session_duration = '7h'; name = 'Renamed Team' })
        TestResult = Test-ZtOrganization -InputObject @{ session_duration = '7h' } -Detailed
    }

    # What must be visible in each type's default view, at any width from 80 up.
    $script:MustShow = @{
        Organization = @('Name', 'AuthDomain', 'Scope', 'SessionDuration', 'DenyUnmatchedRequests', 'IsUiReadOnly', 'UpdatedAt', 'IsEmulator', 'example-team.cloudflareaccess.com')
        ZoneOrganization = @('Name', 'AuthDomain', 'Scope', 'Zone', 'IsEmulator', 'example-zone.cloudflareaccess.com')
        DohSetting = @('Name', 'Id', 'DohJwtDuration', 'ExpiresAt', 'IsEmulator', $EmulatorDohServiceTokenId)
        RevokeResult = @('Email', 'Status', 'EmailSource', 'IsEmulator', 'Revoked', 'Failed', 'christopher.long-name@corp.example.com')
        Context = @('IsEmulator', 'AccountId', 'DefaultScope', 'BaseUri', 'TokenStatus', $EmulatorAccountId)
        Difference = @('Field', 'Current', 'Desired', 'session_duration', '24h', '7h', 'Renamed Team', 'IsEmulator')
        TestResult = @('InSync', 'Differences', 'session_duration: 24h -> 7h', 'IsEmulator')
    }

    # The table header: the line above the first dashed line.
    function Get-TableHeader([string] $Text) {
        $lines = $Text -split "`r?`n"
        $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^-{2,}( +-{2,})*\s*$' })
        if ($dashes -lt 1) { return $null }
        [pscustomobject]@{ Header = $lines[$dashes - 1]; Dashes = $lines[$dashes]; Labels = @($lines[$dashes - 1] -split '\s+' | Where-Object { $_ }) }
    }

    function Get-ListLabels([string] $Text) {
        @($Text -split "`r?`n" | Where-Object { $_ -match '^(\w+)\s*: ' } | ForEach-Object { $Matches[1] } | Select-Object -Unique)
    }
}

AfterAll {
    Disconnect-ZtAccount
}

Describe 'Default views at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    It '<_> fits, and shows its key fields' -ForEach @('Organization', 'ZoneOrganization', 'DohSetting', 'RevokeResult', 'Context', 'Difference', 'TestResult') {
        $text = $Samples[$_] | Out-String -Width $Width
        foreach ($line in $text -split "`r?`n") {
            $line.TrimEnd().Length | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns"
        }

        foreach ($visible in $MustShow[$_]) {
            $text | Should -Match ([regex]::Escape($visible)) -Because "$_ must show $visible at $Width columns:`n$text"
        }

        $text | Should -Not -Match '…' -Because "nothing in the default view of $_ may be cut off at $Width columns:`n$text"
    }

    It '<_> default view labels are property names' -ForEach @('Organization', 'DohSetting', 'RevokeResult', 'Context', 'Difference', 'TestResult') {
        $sample = @($Samples[$_])[0]
        $text = $Samples[$_] | Out-String -Width $Width
        $table = Get-TableHeader $text
        $labels = if ($table) { $table.Labels } else { Get-ListLabels $text }
        $labels.Count | Should -BeGreaterThan 2
        foreach ($label in $labels) {
            $sample.PSObject.Properties.Name | Should -Contain $label -Because "the label '$label' must be a property Sort-Object can use"
        }
    }

    It '<Type> table view fits without a wrapped header and keeps its key columns' -ForEach @(
        @{ Type = 'Organization'; Key = @('Name', 'AuthDomain', 'Scope', 'IsEmulator') }
        @{ Type = 'DohSetting'; Key = @('Name', 'DohJwtDuration', 'ExpiresAt', 'IsEmulator') }
        @{ Type = 'RevokeResult'; Key = @('Email', 'Status', 'EmailSource', 'IsEmulator') }
    ) {
        $text = $Samples[$Type] | Format-Table | Out-String -Width $Width
        $table = Get-TableHeader $text
        $table | Should -Not -BeNullOrEmpty
        $table.Labels | Should -Be $Key -Because "every key column must be there in full, in order:`n$text"
        $text | Should -Not -Match '…' -Because "the emulator's sample values fit their columns:`n$text"
        foreach ($line in $text -split "`r?`n") {
            $line.TrimEnd().Length | Should -BeLessOrEqual $Width
        }

        # A wrapped header puts label fragments on the lines above the header line.
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Be $table.Header.TrimEnd() -Because 'the header must be a single line'
        foreach ($label in $Key) {
            $sample = @($Samples[$Type])[0]
            $sample.PSObject.Properties.Name | Should -Contain $label
        }
    }
}

Describe 'Sorting and filtering on a visible header' {
    It 'Sort-Object and Where-Object on each visible revoke column work' {
        $results = $Samples.RevokeResult
        @($results | Where-Object Status -EQ 'Failed').Count | Should -Be 1
        @($results | Sort-Object EmailSource, IsEmulator).Count | Should -Be 3
    }
}
