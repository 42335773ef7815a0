using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    /// <summary>
    /// The account's DNS-over-HTTPS settings: Cloudflare answers with a view of the linked service
    /// token plus the DoH JWT lifetime (docs/cloudflare-api.md#doh-settings).
    /// </summary>
    public sealed class ZtDohSetting
    {
        [JsonIgnore]
        public string? AccountId { get; set; }

        /// <summary>The service token's id: the value Set-ZtDohSetting -ServiceTokenId takes.</summary>
        public string? Id { get; set; }

        /// <summary>The value checked in CF-Access-Client-Id (not the id).</summary>
        public string? ClientId { get; set; }

        public string? Name { get; set; }

        public string? Duration { get; set; }

        public bool? Enabled { get; set; }

        public string? DohJwtDuration { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }

        public DateTimeOffset? LastSeenAt { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        /// <summary>True when read from the built-in emulator: nothing reached Cloudflare.</summary>
        [JsonIgnore]
        public bool IsEmulator { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => $"{Name} ({Id}), DoH JWT {DohJwtDuration}";
    }
}
