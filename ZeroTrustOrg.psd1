#
# Module manifest for ZeroTrustOrg. This file is a template: the build fills in the module version from
# Directory.Build.props and the release notes from CHANGELOG.md, and writes the result to out/ZeroTrustOrg/.
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
{{ReleaseNotes}}
'@
        }
    }
}
