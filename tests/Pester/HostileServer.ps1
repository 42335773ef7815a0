# Loads the misbehaving loopback server (tests/Shared/HostileServer.cs, which the xunit project compiles too) and
# helpers to use it. Dot-source after TestSupport.ps1. Servers bind 127.0.0.1:0 and stop themselves after their lifetime.

if (-not ('ZeroTrustOrg.TestSupport.HostileServer' -as [type])) {
    Add-Type -Path (Join-Path -Path (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath '..') -ChildPath 'Shared') -ChildPath 'HostileServer.cs')
}

# Short names for the server, its replies and actions, and an organization for it to answer with.
$Server = [ZeroTrustOrg.TestSupport.HostileServer]
$Reply = [ZeroTrustOrg.TestSupport.HostileReply]
$Action = [ZeroTrustOrg.TestSupport.HostileAction]
$OrganizationJson = '{"name":"Hostile","auth_domain":"hostile.cloudflareaccess.com","session_duration":"24h"}'

# A made-up credential: the hostile server accepts anything, and the tests look for these exact strings in output.
$HostileToken = 'hostileTokenValue0123456789abcdefABCDEF'
$HostileKey = 'hostilekeyvalue0123456789abcdef01234'
$HostileAccountId = '699d98642c564d2e855e9661899b7252'

function Connect-Hostile {
    param(
        [Parameter(Mandatory)] $Server,
        [int] $MaxRetries = 0,
        [object] $RequestTimeout = 30,
        [switch] $GlobalKey
    )

    $common = @{
        BaseUri          = $Server.BaseUri.AbsoluteUri
        AccountId        = $HostileAccountId
        MaxRetries       = $MaxRetries
        RequestTimeout   = $RequestTimeout
        SkipVerification = $true
        PassThru         = $true
    }
    if ($GlobalKey) {
        Connect-ZtAccount -ApiKey (ConvertTo-SecureString $HostileKey -AsPlainText -Force) -Email 'admin@example.com' @common
    }
    else {
        Connect-ZtAccount -ApiToken (ConvertTo-SecureString $HostileToken -AsPlainText -Force) @common
    }
}

# Everything an error can show a user or a log: message, details, recommended action, exception chain.
function Get-ErrorText {
    param([Parameter(ValueFromPipeline)] $Record)
    process {
        $Record | Format-List * -Force | Out-String -Width 4096
        $Record.Exception.ToString()
        "$($Record.ErrorDetails.Message) $($Record.ErrorDetails.RecommendedAction)"
    }
}

# The first error a command reports, terminating or not (bad input ends a command; a failed call does not).
function Get-FirstError {
    param([Parameter(Mandatory)] [scriptblock] $Script)
    try {
        @(& $Script 2>&1) | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1
    }
    catch {
        $_
    }
}
