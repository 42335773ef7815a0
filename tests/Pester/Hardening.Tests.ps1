# Pester 5. The module against misbehaving loopback servers (tests/Pester/Support/HostileServer.cs): redirects, header
# echoes, dripped and cut-off bodies, a PUT race, closed connections, absurd rate-limit headers, a disconnect
# under a running command, and input carrying control characters. Each server binds 127.0.0.1:0 and stops itself.

# The hostile server is C# 8 (Add-Type); Windows PowerShell 5.1 compiles C# 5 only, so these run on PowerShell 7.
BeforeDiscovery {
    $OnWindowsPowerShell = $PSVersionTable.PSVersion.Major -lt 7
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1')
    if ($PSVersionTable.PSVersion.Major -lt 7) { return }
    . (Join-Path -Path $PSScriptRoot -ChildPath 'HostileServer.ps1')
    Import-ZeroTrustOrg
    $Reply = [ZeroTrustOrg.TestSupport.HostileReply]
    $Server = [ZeroTrustOrg.TestSupport.HostileServer]
    $Action = [ZeroTrustOrg.TestSupport.HostileAction]
    $OrganizationJson = '{"name":"Hostile","auth_domain":"hostile.cloudflareaccess.com","session_duration":"24h"}'
}

Describe 'Redirects are never followed' -Skip:$OnWindowsPowerShell {
    BeforeEach {
        $target = $Server::Start()
        $elsewhere = "http://localhost:$($target.Port)/client/v4/accounts/$HostileAccountId/access/organizations"
    }
    AfterEach {
        $target.Dispose()
        $api.Dispose()
    }

    It 'a 302 on a GET ends with ZtRedirectRefused naming the target host, and the key reaches no one there' {
        $api = $Server::Start($Reply::Redirect(302, $elsewhere))
        $ctx = Connect-Hostile -Server $api -GlobalKey

        Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $failures[0].Exception.Message | Should -Match "localhost:$($target.Port)"
        $target.Requests.Count | Should -Be 0
        $api.CountRequests('GET') | Should -Be 1
    }

    It 'a 307 on the PUT of Set-ZtOrganization sends neither body nor credential to the target' {
        $api = $Server::Start($Reply::Success($OrganizationJson), $Reply::Redirect(307, $elsewhere))
        $ctx = Connect-Hostile -Server $api -GlobalKey

        Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $target.Requests.Count | Should -Be 0
        $api.CountRequests('PUT') | Should -Be 1
    }

    It 'a 307 on the revoke POST is reported for that user and nothing reaches the target' {
        $api = $Server::Start($Reply::Redirect(307, $elsewhere))
        $ctx = Connect-Hostile -Server $api

        $result = Revoke-ZtUser -Context $ctx -Email 'jane@example.com' -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Revoked | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRedirectRefused,*'
        $target.Requests.Count | Should -Be 0
    }
}

Describe 'Header values are checked before anything is sent' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $key = ConvertTo-SecureString $HostileKey -AsPlainText -Force
    }
    AfterAll {
        $api.Dispose()
    }

    It 'refuses -Email with CR/LF at Connect-ZtAccount, so no forged header reaches the wire' {
        $failure = try {
            Connect-ZtAccount -ApiKey $key -Email "a@b.com`r`nX-Evil: 1" -BaseUri $api.BaseUri.AbsoluteUri -AccountId $HostileAccountId -PassThru -ErrorAction Stop | ForEach-Object { Get-ZtOrganization -Context $_ }
            $null
        } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failure.Exception.Message | Should -Match 'control character'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
        @($api.Requests | Where-Object { $_.HeaderLines -like 'X-Evil*' }).Count | Should -Be 0
    }

    It 'refuses a non-ASCII -Email at Connect-ZtAccount with its own message' {
        $failure = try { Connect-ZtAccount -ApiKey $key -Email 'jürgen@example.com' -BaseUri $api.BaseUri.AbsoluteUri -PassThru -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $failure.Exception.Message | Should -Match 'ASCII'
    }

    It 'refuses CLOUDFLARE_EMAIL with a line break on the environment-variable path' {
        $saved = @{ key = $env:CLOUDFLARE_API_KEY; email = $env:CLOUDFLARE_EMAIL; token = $env:CLOUDFLARE_API_TOKEN }
        try {
            $env:CLOUDFLARE_API_TOKEN = $null
            $env:CLOUDFLARE_API_KEY = $HostileKey
            $env:CLOUDFLARE_EMAIL = "a@b.com`nX-Evil: 1"
            $failure = try { Connect-ZtAccount -BaseUri $api.BaseUri.AbsoluteUri -PassThru -ErrorAction Stop; $null } catch { $_ }
        }
        finally {
            $env:CLOUDFLARE_API_KEY = $saved.key; $env:CLOUDFLARE_EMAIL = $saved.email; $env:CLOUDFLARE_API_TOKEN = $saved.token
        }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.CLOUDFLARE_EMAIL,*'
    }

    It 'refuses an email to revoke that carries <Name>, and sends nothing for it' -ForEach @(
        @{ Name = 'a zero-width space'; Email = "jane`u{200B}@example.com" }
        @{ Name = 'a NUL'; Email = "jane`0@example.com" }
    ) {
        $ctx = Connect-Hostile -Server $api
        $before = $api.Requests.Count

        $result = Revoke-ZtUser -Context $ctx -Email $Email -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $result.Revoked | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Email,*'
        $api.Requests.Count | Should -Be $before
    }
}

Describe '-Proxy follows the rules of -BaseUri' -Skip:$OnWindowsPowerShell {
    It 'refuses a plain-http proxy on another machine' {
        $failure = try {
            Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://10.0.0.5:3128' -SkipVerification -PassThru -ErrorAction Stop
            $null
        } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.Proxy,*'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'AllowInsecureProxy'
    }

    It 'accepts a plain-http proxy on another machine with -AllowInsecureProxy, on loopback, or in front of an https API' {
        $token = ConvertTo-SecureString $HostileToken -AsPlainText -Force

        $optedIn = Connect-ZtAccount -ApiToken $token -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://10.0.0.5:3128' -AllowInsecureProxy -SkipVerification -PassThru
        $loopback = Connect-ZtAccount -ApiToken $token -BaseUri 'http://127.0.0.1:8787' -Proxy 'http://127.0.0.1:3128' -SkipVerification -PassThru
        $tunnelled = Connect-ZtAccount -ApiToken $token -Proxy 'http://10.0.0.5:3128' -SkipVerification -PassThru

        @($optedIn, $loopback, $tunnelled).IsConnected | Should -Be @($true, $true, $true)
    }
}

Describe 'Secrets the connection holds are masked wherever they show up' -Skip:$OnWindowsPowerShell {
    BeforeEach { $Error.Clear() }

    It 'masks the global key and email header echoed by a server in the error, $Error and the debug body' {
        $echo = New-Object ZeroTrustOrg.TestSupport.HostileReply
        $echo.EchoRequestHeaders = $true
        $api = $Server::Start($echo)
        try {
            $ctx = Connect-Hostile -Server $api -GlobalKey
            $records = Get-ZtOrganization -Context $ctx -Debug -ErrorAction SilentlyContinue 5>&1
        }
        finally { $api.Dispose() }

        $text = ($records | Out-String -Width 4096) + ($Error | Get-ErrorText | Out-String -Width 4096)
        $text | Should -Match 'X-Auth-Key' -Because 'the echo must have come back, or this test proves nothing'
        $text | Should -Not -Match $HostileKey
    }

    It 'masks a bare token that a server repeats in its error message' {
        $api = $Server::Start($Reply::Failure(403, 10000, "token $HostileToken is not allowed here"))
        try {
            $ctx = Connect-Hostile -Server $api
            Get-ZtOrganization -Context $ctx -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $text = $Error | Get-ErrorText | Out-String -Width 4096
        $text | Should -Match 'is not allowed here'
        $text | Should -Not -Match $HostileToken
    }

    It 'does not repeat a token pasted into -AccountId' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -AccountId $HostileToken -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.AccountId,*'
        ($failure | Get-ErrorText | Out-String) | Should -Not -Match $HostileToken
    }

    It 'does not repeat a password given in the -BaseUri user info' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri 'http://admin:hunter2secret@10.0.0.5/client/v4' -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.BaseUri,*'
        ($failure | Get-ErrorText | Out-String) | Should -Not -Match 'hunter2secret'
    }
}

Describe 'Timeouts cover the whole response; cut-off bodies are transient' -Skip:$OnWindowsPowerShell {
    It '-RequestTimeout also bounds a body that drips in slowly' {
        $drip = $Reply::Of($Action::DripBody, $OrganizationJson)
        $drip.DripDelayMilliseconds = 400
        $api = $Server::Start($drip)
        try {
            $ctx = Connect-Hostile -Server $api -RequestTimeout 1
            $org = Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $org | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRequestTimedOut,*'
    }

    It 'retries a 2xx body cut off mid-stream and succeeds' {
        $api = $Server::Start($Reply::Of($Action::CutBody, $OrganizationJson), $Reply::Of($Action::CutBody, $OrganizationJson), $Reply::Success($OrganizationJson))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 3
            $org = Get-ZtOrganization -Context $ctx
        }
        finally { $api.Dispose() }

        $org.Name | Should -Be 'Hostile'
        $api.CountRequests('GET') | Should -Be 3
    }

    It 'classifies a body cut off on every attempt as ZtResponseIncomplete once retries run out' {
        $api = $Server::Start($Reply::Of($Action::CutBody, $OrganizationJson))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 1
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtResponseIncomplete,*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $api.CountRequests('GET') | Should -Be 2
    }
}

Describe 'A retried PUT' -Skip:$OnWindowsPowerShell {
    It 'keeps a rename made by someone else between the failed PUT and its retry' {
        $racer = $Server::StartPutRacer('Original', '24h', 'Renamed elsewhere')
        try {
            $ctx = Connect-Hostile -Server $racer -MaxRetries 2
            Set-ZtOrganization -Context $ctx -SessionDuration 12h -Confirm:$false
        }
        finally { $racer.Dispose() }

        $racer.State['name'] | Should -Be 'Renamed elsewhere'
        $racer.State['session_duration'] | Should -Be '12h'
        $racer.CountRequests('PUT') | Should -Be 2
    }
}

Describe 'Every attempt on the wire counts against -MaxRetries' -Skip:$OnWindowsPowerShell {
    It '-MaxRetries <Retries> puts exactly <Expected> GET(s) on the wire when the server <Name>' -ForEach @(
        @{ Retries = 0; Expected = 1; Name = 'closes every connection unanswered'; Kind = 'CloseWithoutResponse' }
        @{ Retries = 2; Expected = 3; Name = 'closes every connection unanswered'; Kind = 'CloseWithoutResponse' }
    ) {
        $api = $Server::Start($Reply::Of($Action::$Kind))
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries $Retries
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtConnectionFailed,*'
        $api.CountRequests('GET') | Should -Be $Expected
    }
}

Describe 'Server errors and unreadable bodies share one retry budget' -Skip:$OnWindowsPowerShell {
    It '-MaxRetries 1 puts exactly 2 GETs on the wire when a 503 and an HTML page alternate' {
        $api = $Server::Start()
        foreach ($i in 1..4) {
            $api.Enqueue($Reply::Failure(503, 0, 'unavailable'))
            $api.Enqueue($Reply::Json(200, '<html>captive portal</html>'))
        }
        try {
            $ctx = Connect-Hostile -Server $api -MaxRetries 1
            Get-ZtOrganization -Context $ctx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $api.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtUnreadableResponse,*'
        $api.CountRequests('GET') | Should -Be 2
    }
}

Describe 'Numbers are ASCII, invariant and in range' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $ctx = Connect-Hostile -Server $api
    }
    AfterAll { $api.Dispose() }

    It 'refuses the duration <Text> with a validation error before any request' -ForEach @(
        @{ Text = '１２h' }
        @{ Text = '٣h' }
    ) {
        $before = $api.Requests.Count

        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration $Text -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $api.Requests.Count | Should -Be $before
    }

    It 'refuses -RateLimit 100/١٠s with a validation error' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -RateLimit '100/١٠s' -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.RateLimit,*'
    }

    It 'refuses InactivityThresholdDays <Value> with a validation error' -ForEach @(
        @{ Value = 1e30 }
        @{ Value = [double]::NaN }
    ) {
        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -ServiceTokenInactivity @{ Action = 'disable'; Enabled = $true; InactivityThresholdDays = $Value } -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.ServiceTokenInactivity,*'
    }

    It 'clamps an absurd Ratelimit t=1e13 header instead of failing' {
        $hostile = $Server::Start($Reply::Success($OrganizationJson).WithHeader('Ratelimit', '"default";r=5;t=1e13'))
        try {
            $hostileCtx = Connect-Hostile -Server $hostile
            $org = Get-ZtOrganization -Context $hostileCtx
        }
        finally { $hostile.Dispose() }

        $org.Name | Should -Be 'Hostile'
    }

    It 'reads Retry-After-Ms: Infinity on a 429 as a capped wait and reports ZtRateLimited' {
        $hostile = $Server::Start($Reply::Failure(429, 971, 'Please wait and consider throttling your request speed').WithHeader('Retry-After-Ms', 'Infinity'))
        try {
            $hostileCtx = Connect-Hostile -Server $hostile
            Get-ZtOrganization -Context $hostileCtx -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $hostile.Dispose() }

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZtRateLimited,*'
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

Describe 'Input with control characters' -Skip:$OnWindowsPowerShell {
    BeforeAll {
        $api = $Server::Start($Reply::Success($OrganizationJson))
        $ctx = Connect-Hostile -Server $api
    }
    AfterAll { $api.Dispose() }

    It 'escapes CR/LF from an id in the error message, so no log line can be forged' {
        $failure = Get-FirstError { Get-ZtOrganization -Context $ctx -AccountId "abc`r`nWARNING: forged line" }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.AccountId,*'
        $failure.Exception.Message | Should -Match ([regex]::Escape('abc\r\nW'))
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }

    It 'escapes CR/LF from a duration in the error message' {
        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration "12x`r`nWARNING: forged" -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }

    It 'escapes CR/LF from a server-sent name and from a new header text in the verbose lines of a change' {
        $evil = $Server::Start($Reply::Success('{"name":"Evil\r\nWARNING: forged","auth_domain":"evil.cloudflareaccess.com"}'))
        try {
            $evilCtx = Connect-Hostile -Server $evil
            $verbose = Set-ZtOrganization -Context $evilCtx -LoginDesign @{ HeaderText = "Hi`r`nWARNING: forged too" } -Confirm:$false -Verbose 4>&1
        }
        finally { $evil.Dispose() }

        $lines = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $lines | Where-Object { $_ -like 'Updated*' } | Should -Match ([regex]::Escape('Evil\r\nWARNING'))
        $lines | Where-Object { $_ -like 'Updated*' } | Should -Match ([regex]::Escape('Hi\r\nWARNING'))
        # The module's own multi-line messages (the difference list) may break lines; input must never start one.
        $lines -split "`r?`n" | Where-Object { $_ -like 'WARNING: forged*' } | Should -BeNullOrEmpty
    }

    It "treats -SessionDuration '' as a validation error, not as clearing the field" {
        $before = $api.Requests.Count

        $failure = Get-FirstError { Set-ZtOrganization -Context $ctx -SessionDuration '' -Confirm:$false }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.SessionDuration,*'
        $api.Requests.Count | Should -Be $before
    }

    It 'refuses a -BaseUri with CR/LF inside it' {
        $failure = try { Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) -BaseUri "http://127.0.0.1:8787/client`r`n/v4" -SkipVerification -ErrorAction Stop; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ZtInvalidArgument.BaseUri,*'
        $failure.Exception.Message | Should -Not -Match "`r|`n"
    }
}
