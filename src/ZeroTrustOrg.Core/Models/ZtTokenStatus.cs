using System;

namespace ZeroTrustOrg.Core.Models
{
    /// <summary>What a token-verify endpoint said about the credential (docs/cloudflare-api.md#authentication).</summary>
    internal sealed class ZtTokenStatus
    {
        public string? Id { get; set; }

        public string? Status { get; set; }

        public DateTimeOffset? NotBefore { get; set; }

        public DateTimeOffset? ExpiresOn { get; set; }
    }
}
