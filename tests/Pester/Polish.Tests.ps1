# Pester 5 (build.ps1 -Test runs it in a fresh process against out/ZeroTrustOrg).
# The smaller things an admin meets: error messages that lead with their meaning, help that works online and
# at 80 columns, completion that offers only what helps, a hint for a plain-text token, a clean manifest,
# and a connection that closes the one it replaces.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    Import-ZeroTrustOrg
    $HelpBase = 'https://github.com/zerotrustorg/ZeroTrustOrg/blob/main/docs/en-US/'
}

AfterAll {
    Disconnect-ZtAccount
}

Describe 'Error messages lead with their meaning' {
    BeforeAll {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
    }

    It 'a Cloudflare failure says what it means on the first line, and the code, URL and cf-ray below' {
        Get-ZtOrganization -AccountId 00000000000000000000000000000000 -ErrorAction SilentlyContinue -ErrorVariable failures
        $lines = @($failures[0].ErrorDetails.Message -split "`r?`n")
        $lines[0] | Should -Be 'Cloudflare does not know that account or zone.'
        $lines.Count | Should -BeGreaterThan 1
        $lines[1..($lines.Count - 1)] -join "`n" | Should -Match 'Cloudflare error 7003'
        $lines[-1] | Should -Match '^GET http\S+/accounts/0{32}/access/organizations -> 400 BadRequest, cf-ray \S+'
    }

    It 'the first line fits 80 columns in the default error view' {
        Get-ZtOrganization -AccountId 00000000000000000000000000000000 -ErrorAction SilentlyContinue -ErrorVariable failures
        ($failures[0].ErrorDetails.Message -split "`r?`n")[0].Length | Should -BeLessThan 72
    }

    It 'a revoke result carries the meaning, not the transport, in Error' {
        $result = Revoke-ZtUser -Email 'x@example.com' -ZoneId 00000000000000000000000000000000 -Force -ErrorAction SilentlyContinue
        $result.Error | Should -Be 'Cloudflare does not know that account or zone.'
    }
}

Describe 'Help works online and offline' {
    It '<_> has a HelpUri to its own page in the project docs' -ForEach @(Get-Command -Module ZeroTrustOrg | ForEach-Object Name) {
        (Get-Command $_).HelpUri | Should -Be "$HelpBase$_.md"
    }

    It '<_> help names its own page first among the links (Get-Help -Online opens it)' -ForEach @(Get-Command -Module ZeroTrustOrg | ForEach-Object Name) {
        $links = @((Get-Help $_).relatedLinks.navigationLink | Where-Object { $_.uri })
        $links[0].uri | Should -Be "$HelpBase$_.md"
    }

    It 'about_ZeroTrustOrg is plain text that fits 80 columns: no pipe tables, fences or backticks' {
        $text = Get-Help about_ZeroTrustOrg | Out-String -Width 200
        $text | Should -Match 'ABOUT_ZEROTRUSTORG|about_ZeroTrustOrg'
        foreach ($line in $text -split "`r?`n") {
            $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit 80 columns"
            $line | Should -Not -Match '^\s*\|' -Because 'pipe tables wrap into soup'
            $line | Should -Not -Match '^\s*```' -Because 'code fences are markdown'
        }

        $text | Should -Not -Match '`'
        $text | Should -Not -Match '\*\*'
    }

    It 'the -Email help of Revoke-ZtUser no longer says an invalid address ends the command' {
        $help = (Get-Help Revoke-ZtUser -Parameter Email).description.Text -join ' '
        $help | Should -Not -Match 'ends the command'
        $help | Should -Match 'does not end the command'
    }

    It 'the Revoke-ZtUser help says what Revoked means' {
        $text = Get-Help Revoke-ZtUser -Full | Out-String -Width 200
        $text | Should -Match 'Cloudflare accepted the revocation request'
        $text | Should -Match 'does not prove'
    }
}

Describe 'Completion offers only what helps' {
    It '<Command> -<Parameter> offers no file paths' -ForEach @(
        @{ Command = 'Set-ZtDohSetting'; Parameter = 'ServiceTokenId' }
        @{ Command = 'Connect-ZtAccount'; Parameter = 'RateLimit' }
        @{ Command = 'Get-ZtOrganization'; Parameter = 'AccountId' }
    ) {
        # Not connected: nothing to offer, and still no file paths.
        Disconnect-ZtAccount
        Push-Location -Path $TestDrive
        try {
            Set-Content -Path (Join-Path $TestDrive 'zz-file.txt') -Value 'x'
            $line = "$Command -$Parameter "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.CompletionText | Should -Not -Contain './zz-file.txt'
            @($completions | Where-Object ResultType -EQ 'ProviderItem').Count | Should -Be 0
        }
        finally {
            Pop-Location
        }
    }

    It '-RateLimit offers Cloudflare''s limit and smaller shares' {
        $line = 'Connect-ZtAccount -RateLimit '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '1200/300s'
    }

    It '-ServiceTokenId offers the id last read with Get-ZtDohSetting' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $null = Get-ZtDohSetting
        $line = 'Set-ZtDohSetting -ServiceTokenId '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $EmulatorDohServiceTokenId
    }
}

Describe 'Connect-ZtAccount' {
    It 'a plain string for -ApiToken gets a hint to ConvertTo-SecureString or Read-Host -AsSecureString, without echoing it' {
        $secret = 'plain-text-token-5c1f0e9a'
        $failure = { Connect-ZtAccount -ApiToken $secret -SkipVerification } | Should -Throw -PassThru
        "$failure" | Should -Match 'ConvertTo-SecureString'
        "$failure" | Should -Match 'Read-Host -AsSecureString'
        ($failure | Out-String -Width 4096) | Should -Not -Match $secret
    }

    It 'closes the default context it replaces' {
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $first = Get-ZtContext
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $first.IsConnected | Should -BeFalse
        (Get-ZtContext).IsConnected | Should -BeTrue
    }

    It 'leaves open a replaced context that was handed out with -PassThru' {
        $kept = Connect-ZtAccount -Emulator -PassThru -WarningAction SilentlyContinue
        Connect-ZtAccount -Emulator -WarningAction SilentlyContinue
        $kept.IsConnected | Should -BeTrue
        (Get-ZtOrganization -Context $kept).Name | Should -Be 'Example Team'
        Disconnect-ZtAccount -Context $kept
    }

    It 'gives no version warning on a supported PowerShell' {
        Connect-ZtAccount -Emulator -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object { "$_" -match 'not supported on PowerShell' }).Count | Should -Be 0
    }
}

Describe 'The shipped manifest' {
    BeforeAll {
        $manifestText = Get-Content -LiteralPath $ManifestPath -Raw
        $data = Import-PowerShellDataFile -LiteralPath $ManifestPath
    }

    It 'is a clean final file, not a template' {
        $manifestText | Should -Not -Match 'template'
        $manifestText | Should -Not -Match '\{\{'
    }

    It 'has real release notes: no "Unreleased", no internal benchmark talk' {
        $notes = $data.PrivateData.PSData.ReleaseNotes
        $notes | Should -Not -BeNullOrEmpty
        $notes | Should -Not -Match 'Unreleased'
        $notes | Should -Not -Match '(?i)benchmark'
        $notes | Should -Match 'ZeroTrustOrg'
    }
}
