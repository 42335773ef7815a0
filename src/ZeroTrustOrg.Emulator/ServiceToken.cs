using System;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>An Access service token, as far as the DoH settings need one (docs/cloudflare-api.md#doh-settings).</summary>
    internal sealed class ServiceToken
    {
        public string Id { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string Name { get; set; } = "";

        /// <summary>docs/cloudflare-api.md#doh-settings: the token lifetime defaults to 8760h.</summary>
        public string Duration { get; set; } = "8760h";

        public bool Enabled { get; set; } = true;
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? LastSeenAt { get; set; }

        public JsonObject ToDohView(string dohJwtDuration, EmulatorShape shape = EmulatorShape.Reference) => new JsonObject
        {
            ["id"] = Id,
            ["client_id"] = ClientId,
            ["name"] = Name,
            ["duration"] = Duration,
            ["enabled"] = Enabled,
            ["expires_at"] = JsonNodes.FormatTimestamp(ExpiresAt, shape),
            ["doh_jwt_duration"] = dohJwtDuration,
            ["created_at"] = JsonNodes.FormatTimestamp(CreatedAt, shape),
            ["updated_at"] = JsonNodes.FormatTimestamp(UpdatedAt, shape),
            ["last_seen_at"] = LastSeenAt is null ? null : JsonNodes.FormatTimestamp(LastSeenAt.Value, shape),
        };
    }

    /// <summary>An account's DoH settings: which service token, and how long DoH JWTs live.</summary>
    internal sealed class DohSettings
    {
        public string? ServiceTokenId { get; set; }
        public string JwtDuration { get; set; } = EmulatorDefaults.DohJwtDuration;
    }
}
