# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# A runbook left on -Emulator must not look like one that reached Cloudflare: the connection warns, and the
# context and every result carry IsEmulator, which the default views show.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
}

AfterAll {
    Disconnect-ZtAccount
}

Describe 'The emulator says so' {
    It 'Connect-ZtAccount -Emulator warns that nothing reaches Cloudflare, even with a real-looking account id' {
        Connect-ZtAccount -Emulator -AccountId 0123456789abcdef0123456789abcdef -WarningVariable warnings -WarningAction SilentlyContinue

        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'emulator'
        "$($warnings[0])" | Should -Match 'nothing reaches Cloudflare'
    }

    It 'the context carries IsEmulator, and its default view shows it' {
        $ctx = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        $ctx.IsEmulator | Should -BeTrue
        ($ctx | Out-String -Width 80) | Should -Match 'IsEmulator\s+: True'
    }

    It 'every output type carries IsEmulator = True' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $outputs = @(
            Get-ZtOrganization
            Get-ZtOrganization -ZoneId $EmulatorZoneId
            Set-ZtOrganization -SessionDuration 9h -Confirm:$false -PassThru
            Set-ZtOrganization -SessionDuration 9h -Confirm:$false -PassThru
            Get-ZtDohSetting
            Set-ZtDohSetting -DohJwtDuration 30h -Confirm:$false -PassThru
            Set-ZtDohSetting -DohJwtDuration 30h -Confirm:$false -PassThru
            Revoke-ZtUser -Email 'pat@example.com', 'not-an-address' -Force -ErrorAction SilentlyContinue
        )
        $outputs.Count | Should -Be 9
        foreach ($output in $outputs) {
            $output.IsEmulator | Should -BeTrue -Because "$($output.GetType().Name) came from the emulator"
        }
    }

    It 'Compare-ZtOrganization and Test-ZtOrganization -Detailed results carry IsEmulator = True, and their views show it' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $desired = @{ session_duration = '7h' }
        $difference = Compare-ZtOrganization -InputObject $desired
        $test = Test-ZtOrganization -InputObject $desired -Detailed
        $difference.IsEmulator | Should -BeTrue
        $test.IsEmulator | Should -BeTrue
        ($difference | Out-String -Width 80) | Should -Match 'IsEmulator'
        ($test | Out-String -Width 80) | Should -Match 'IsEmulator\s+: True'
    }

    It 'a created organization carries IsEmulator = True' {
        Connect-ZtAccount -Emulator -NoSeed -WarningAction SilentlyContinue
        (New-ZtOrganization -Name 'Contoso' -AuthDomain 'contoso-emu.cloudflareaccess.com' -Confirm:$false).IsEmulator | Should -BeTrue
    }

    It 'the default view of each output type shows IsEmulator' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        foreach ($output in @((Get-ZtOrganization), (Get-ZtDohSetting), (Revoke-ZtUser -Email 'quinn@example.com' -Force))) {
            ($output | Out-String -Width 80) | Should -Match 'IsEmulator' -Because "$($output.GetType().Name)'s default view must show it"
            ($output | Format-Table | Out-String -Width 80) | Should -Match 'IsEmulator' -Because "$($output.GetType().Name)'s table view must show it"
        }
    }

    It 'a real connection gives no emulator warning and IsEmulator False' {
        # A loopback base URI that nobody answers; -SkipVerification so no request is made.
        $ctx = Connect-ZtAccount -ApiToken (ConvertTo-SecureString 'not-a-real-token-0123456789' -AsPlainText -Force) -BaseUri 'http://127.0.0.1:9/client/v4' `
            -SkipVerification -PassThru -WarningVariable warnings
        @($warnings).Count | Should -Be 0
        $ctx.IsEmulator | Should -BeFalse
        Disconnect-ZtAccount -Context $ctx
    }
}
