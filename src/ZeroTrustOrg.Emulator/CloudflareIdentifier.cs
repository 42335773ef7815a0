using System.Linq;

namespace ZeroTrustOrg.Emulator
{
    internal static class CloudflareIdentifier
    {
        /// <summary>docs/cloudflare-api.md#endpoints: account and zone ids are 32 hex characters.</summary>
        public static bool IsValid(string? id) =>
            id != null && id.Length == 32 && id.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
