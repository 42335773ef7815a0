# Pester 5 (build.ps1 -Test runs it). The repository stands alone: what the code says about the Cloudflare API is
# in docs/cloudflare-api.md, every citation of it names a section that exists, and no message a user can see
# points at a document.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $sourceFiles = @(
        Get-ChildItem -Path (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tools'), (Join-Path $RepoRoot 'docs') -Recurse -File -Include *.cs, *.ps1, *.md, *.ps1xml, *.json, *.csproj |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    ) + @(Get-Item (Join-Path $RepoRoot 'build.ps1'))
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    $apiDoc = Join-Path $RepoRoot 'docs/cloudflare-api.md'
    # GitHub's anchors: lower case, punctuation dropped, spaces to hyphens.
    $anchors = @(Select-String -Path $apiDoc -Pattern '^#{2,4} (.+)$' | ForEach-Object {
            ($_.Matches[0].Groups[1].Value.ToLowerInvariant() -replace '[^a-z0-9 _-]', '') -replace ' ', '-'
        })
    $codeFiles = @(Get-ChildItem -Path (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests'), (Join-Path $RepoRoot 'tools') -Recurse -File -Include *.cs, *.ps1 |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
}

Describe 'The repository stands alone' {
    It 'has the API facts in docs/cloudflare-api.md' {
        $apiDoc | Should -Exist
        $anchors | Should -Contain 'update'
        $anchors | Should -Contain 'rate-limits'
    }

    It '<_> cites no document outside the repository' -ForEach $sourceFiles {
        $hits = @(Select-String -LiteralPath $_.FullName -Pattern 'api-contract|api-field-notes|shared/(design|anchors)\.md|§' -SimpleMatch:$false)
        $hits | ForEach-Object { "$($_.LineNumber): $($_.Line.Trim())" } | Should -BeNullOrEmpty
    }

    It 'every cited section of the API facts file exists' {
        $cited = @($codeFiles | Select-String -Pattern 'docs/cloudflare-api\.md#([a-z0-9-]+)' -AllMatches | ForEach-Object {
                foreach ($match in $_.Matches) { [pscustomobject]@{ Anchor = $match.Groups[1].Value; Where = "$($_.Path):$($_.LineNumber)" } }
            })
        $cited.Count | Should -BeGreaterThan 50 -Because 'the code cites the API facts it relies on'
        @($cited | Where-Object { $anchors -notcontains $_.Anchor } | ForEach-Object { "$($_.Where) -> #$($_.Anchor)" }) | Should -BeNullOrEmpty
    }
}

Describe 'Messages users see cite no document' {
    BeforeAll {
        Import-ZeroTrustOrg
        Connect-ZtAccount -Emulator
        function Get-Message([scriptblock] $Script) {
            try { & $Script; 'no error' } catch { "$($_.Exception.Message) $($_.ErrorDetails.Message) $($_.ErrorDetails.RecommendedAction)" }
        }
    }

    AfterAll {
        Disconnect-ZtAccount -ErrorAction SilentlyContinue
    }

    It '<Name>' -ForEach @(
        @{ Name = 'an account-only field at zone scope'; Script = { Set-ZtOrganization -ZoneId $EmulatorZoneId -SessionDuration 1h -Confirm:$false -ErrorAction Stop } }
        @{ Name = 'an account-only revoke option at zone scope'; Script = { [pscustomobject]@{ Email = 'a@example.com'; UserUid = '5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24' } | Revoke-ZtUser -ZoneId $EmulatorZoneId -Force -ErrorAction Stop } }
        @{ Name = 'a setting that cannot be given on create'; Script = { Connect-ZtAccount -Emulator -NoSeed; New-ZtOrganization -Name X -AuthDomain x.cloudflareaccess.com -ZoneId $EmulatorZoneId -SessionDuration 1h -Force -ErrorAction Stop } }
    ) {
        $message = Get-Message $Script
        $message | Should -Not -Be 'no error'
        $message | Should -Not -Match 'api-contract|§|\.md\b'
    }
}

Describe 'ARCHITECTURE.md points a newcomer to files and tests that exist' {
    BeforeAll {
        $architecture = Join-Path $RepoRoot 'ARCHITECTURE.md'
        $text = Get-Content -LiteralPath $architecture -Raw
    }

    It 'is at the root, and CONTRIBUTING.md points to it' {
        $architecture | Should -Exist
        Get-Content -LiteralPath (Join-Path $RepoRoot 'CONTRIBUTING.md') -Raw | Should -BeLike '*ARCHITECTURE.md*'
    }

    It 'every path it names exists' {
        $paths = @([regex]::Matches($text, '`((?:src|tests|docs|tools|bench|\.ci)/[^`\s]+)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $missing = @($paths | Where-Object { -not (Test-Path -LiteralPath (Join-Path $RepoRoot $_)) })

        $paths.Count | Should -BeGreaterThan 40
        $missing | Should -BeNullOrEmpty
    }

    It 'every xunit test it names exists' {
        $tests = Get-ChildItem -Path (Join-Path $RepoRoot 'tests/ZeroTrustOrg.Tests') -Recurse -Filter *.cs | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Get-Content -Raw
        $allTests = $tests -join "`n"
        $names = @([regex]::Matches($text, '`([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){2,})`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $missing = @($names | Where-Object { $allTests -notmatch ('\b' + [regex]::Escape($_) + '\(') })

        $names.Count | Should -BeGreaterThan 20
        $missing | Should -BeNullOrEmpty
    }

    It 'has a where-to-find-it table of at least 15 rules' {
        $section = ($text -split '(?m)^## Where to find it')[1]
        @(($section -split "`n") | Where-Object { $_ -match '^\| ' -and $_ -notmatch '^\| rule ' }).Count | Should -BeGreaterOrEqual 15
    }
}
