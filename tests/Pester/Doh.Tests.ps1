# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# DNS-over-HTTPS settings: Get-ZtDohSetting and Set-ZtDohSetting in every parameter set against both emulators, the
# service token id and client id kept apart, and a Set that reads first and writes only what changes. Loosely worded
# DoH answers are in Reading.Tests.ps1.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/ScriptedRuns.ps1')
}

AfterAll {
    Disconnect-ZtAccount -ErrorAction SilentlyContinue
    Stop-ZtSharedTestServer
}

Describe 'Get-ZtDohSetting and Set-ZtDohSetting (<Mode>)' -ForEach $EmulatorModes {
    BeforeEach {
        $ctx = Connect-ZtTestEmulator -Mode $Mode
    }

    It 'Get-ZtDohSetting reads the context account' {
        $doh = Get-ZtDohSetting
        $doh.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtDohSetting'
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
    }

    It 'Get-ZtDohSetting takes -AccountId by name and from the pipeline by property name' {
        (Get-ZtDohSetting -AccountId $EmulatorAccountId).Id | Should -Be $EmulatorDohServiceTokenId
        ([pscustomobject]@{ AccountId = $EmulatorAccountId } | Get-ZtDohSetting).Id | Should -Be $EmulatorDohServiceTokenId
    }

    It 'Set-ZtDohSetting -PassThru returns the new lifetime' {
        $doh = Set-ZtDohSetting -DohJwtDuration 36h -ServiceTokenId $EmulatorDohServiceTokenId -PassThru -Confirm:$false
        $doh.DohJwtDuration | Should -Be '36h'
        @(Get-Writes $ctx).Count | Should -Be 1
    }

    It 'Set-ZtDohSetting -WhatIf sends nothing' {
        Set-ZtDohSetting -DohJwtDuration 36h -WhatIf
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'Set-ZtDohSetting refuses a duration it cannot read before any request' {
        $record = Get-ErrorRecord { Set-ZtDohSetting -DohJwtDuration 'a day' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.DohJwtDuration' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'a service token id that is no UUID is refused before any request' {
        $record = Get-ErrorRecord { Set-ZtDohSetting -ServiceTokenId 'abc.access' -Confirm:$false }
        Assert-ErrorRecord $record 'ZtInvalidArgument.ServiceTokenId' InvalidArgument
        (Get-Writes $ctx).Count | Should -Be 0
    }

    It 'the default view shows the token name and id at 120 columns and the id at 80' {
        $doh = Get-ZtDohSetting
        ($doh | Out-String -Width 80) | Should -Match ([regex]::Escape($EmulatorDohServiceTokenId.Substring(0, 8)))
        ($doh | Out-String -Width 120) | Should -Match ([regex]::Escape($EmulatorDohServiceTokenId))
    }

    It 'converts to JSON cleanly' {
        $back = Get-ZtDohSetting | ConvertTo-Json | ConvertFrom-Json
        $back.Id | Should -Be $EmulatorDohServiceTokenId
        $back.PSObject.Properties.Name | Should -Contain 'DohJwtDuration'
    }
}

Describe 'DNS-over-HTTPS settings' {
    BeforeEach {
        Connect-ZtAccount -Emulator
    }

    It 'Get-ZtDohSetting returns the linked service token, id and client id apart' {
        $doh = Get-ZtDohSetting
        $doh.PSObject.TypeNames[0] | Should -Be 'ZeroTrustOrg.ZtDohSetting'
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
        $doh.ClientId | Should -Not -Be $doh.Id
    }

    It 'Set-ZtDohSetting changes the JWT lifetime with the service token id' {
        $doh = Set-ZtDohSetting -DohJwtDuration 800h -ServiceTokenId $EmulatorDohServiceTokenId -PassThru
        $doh.Id | Should -Be $EmulatorDohServiceTokenId
        $doh.DohJwtDuration | Should -Be '800h'
        (Get-ZtDohSetting).DohJwtDuration | Should -Be '800h'
    }

    It 'Set-ZtDohSetting reports an unknown service token as ZtServiceTokenNotFound' {
        { Set-ZtDohSetting -ServiceTokenId '00000000-0000-0000-0000-000000000000' -ErrorAction Stop } | Should -Throw -ErrorId 'ZtServiceTokenNotFound*'
    }
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
