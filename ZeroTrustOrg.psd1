#
# BUILD-SOURCE: the build writes the shipped manifest from this file with the module version from
# Directory.Build.props, and drops this header. Everything else ships as written here, release notes included.
#
@{
    RootModule           = 'ZeroTrustOrg.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '3f6d1c52-8b9e-4d2a-a0f7-5e1b9c4d7a21'
    Author               = 'ZeroTrustOrg contributors'
    CompanyName          = 'ZeroTrustOrg contributors'
    Copyright            = '(c) 2026 ZeroTrustOrg contributors. MIT License.'
    Description          = 'Manage a Cloudflare Zero Trust (Access) organization from PowerShell: read and change organization settings at account or zone scope, revoke users'' Access sessions in bulk, and manage DNS-over-HTTPS settings. Safe read-modify-write updates, -WhatIf diffs, rate-limit pacing and retries, no prompts in unattended jobs, and a built-in emulator (Connect-ZtAccount -Emulator).'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('ZeroTrustOrg.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-ZtAccount'
        'Disconnect-ZtAccount'
        'Get-ZtContext'
        'Get-ZtOrganization'
        'New-ZtOrganization'
        'Set-ZtOrganization'
        'Export-ZtOrganization'
        'Compare-ZtOrganization'
        'Test-ZtOrganization'
        'Revoke-ZtUser'
        'Get-ZtDohSetting'
        'Set-ZtDohSetting'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Cloudflare', 'ZeroTrust', 'Access', 'CloudflareAccess', 'SASE', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/zerotrustorg/ZeroTrustOrg/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/zerotrustorg/ZeroTrustOrg'
            ReleaseNotes = @'
ZeroTrustOrg {{ModuleVersion}}: manage a Cloudflare Zero Trust organization from PowerShell.
- Read and change the organization of an account or a zone; only the fields you name change, and -WhatIf shows each field's old and new value.
- Revoke users' Access sessions in bulk from CSV files or directory objects, one result per user.
- Read and change DNS-over-HTTPS settings.
- Reads Cloudflare's live answers tolerantly (an odd value is warned about and kept, never an error) and compares values without false drift.
- A change confirmed at a prompt is re-read before it is written, so a colleague's edit made meanwhile is never reverted.
- Try everything offline with Connect-ZtAccount -Emulator (-EmulatorShape Live answers like the live API).
- Runs on Windows PowerShell 5.1 (Azure Automation) and PowerShell 7.4 or later.
Full change history: https://github.com/zerotrustorg/ZeroTrustOrg/blob/main/CHANGELOG.md
'@
        }
    }
}
