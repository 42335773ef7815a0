using System;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// The manifest admits 5.1 so Windows PowerShell (Azure Automation) loads the module, which also admits
    /// PowerShell 7.0 to 7.3. Those run on .NET versions out of support and are not tested; say so plainly.
    /// </summary>
    internal static class SupportedPowerShell
    {
        public static readonly Version FirstSupportedCore = new Version(7, 4);

        /// <summary>A warning for an untested PowerShell, or null when the version is supported.</summary>
        public static string? Warning(Version version)
        {
            if (version.Major == 7 && version < FirstSupportedCore)
            {
                return $"ZeroTrustOrg is not supported on PowerShell {version.Major}.{version.Minor}: it is tested on Windows PowerShell 5.1 and PowerShell 7.4 or later. " +
                    "Upgrade PowerShell (https://aka.ms/powershell-release) before relying on it.";
            }

            return null;
        }
    }
}
