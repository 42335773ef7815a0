using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    /// <summary>
    /// A Zero Trust organization as Cloudflare returns it: the account superset of docs/cloudflare-api.md#account-organization-fields.
    /// A zone organization fills only the zone fields (docs/cloudflare-api.md#zone-organization-fields). Booleans are nullable because Cloudflare
    /// leaves some out when they are false (docs/cloudflare-api.md#behaviour-notes); absent and false mean the same.
    /// </summary>
    public sealed class ZtOrganization
    {
        /// <summary>The account that owns the organization (null for a zone organization).</summary>
        [JsonIgnore]
        public string? AccountId { get; set; }

        /// <summary>The zone that owns the organization (null for an account organization).</summary>
        [JsonIgnore]
        public string? ZoneId { get; set; }

        /// <summary>"Account" or "Zone". Text rather than an enum so ConvertTo-Json writes a word, not a number.</summary>
        [JsonIgnore]
        public string Scope => (ZoneId != null ? ZtScopeKind.Zone : ZtScopeKind.Account).ToString();

        public string? Name { get; set; }

        public string? AuthDomain { get; set; }

        public string? SessionDuration { get; set; }

        public string? UserSeatExpirationInactiveTime { get; set; }

        public string? WarpAuthSessionDuration { get; set; }

        public bool? AllowAuthenticateViaWarp { get; set; }

        public bool? AutoRedirectToIdentity { get; set; }

        public bool? DenyUnmatchedRequests { get; set; }

        public string[]? DenyUnmatchedRequestsExemptedZoneNames { get; set; }

        public bool? IsUiReadOnly { get; set; }

        public string? UiReadOnlyToggleReason { get; set; }

        [JsonPropertyName("warp_auth_non_browser_401")]
        public bool? WarpAuthNonBrowser401 { get; set; }

        public bool? StrictServiceTokenAuth { get; set; }

        public bool? MfaRequiredForAllApps { get; set; }

        public ZtLoginDesign? LoginDesign { get; set; }

        public ZtCustomPages? CustomPages { get; set; }

        public ZtMfaConfig? MfaConfig { get; set; }

        public ZtPivKeyRequirements? MfaPivKeyRequirements { get; set; }

        public ZtServiceTokenInactivity? ServiceTokenInactivity { get; set; }

        /// <summary>Read-only: account tags this organization trusts.</summary>
        public string[]? TrustedAccounts { get; set; }

        /// <summary>Read-only: reported by live answers only (docs/cloudflare-api.md#live-answers-and-the-reference); never written.</summary>
        public bool? CacheDevicePosture { get; set; }

        /// <summary>Read-only: reported by live answers only (docs/cloudflare-api.md#live-answers-and-the-reference); never written.</summary>
        public bool? HasMigratedPrivateApps { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        /// <summary>True when read from the built-in emulator: nothing reached Cloudflare.</summary>
        [JsonIgnore]
        public bool IsEmulator { get; set; }

        // Fields this module does not know yet; kept so a write never drops them (docs/cloudflare-api.md#sources-and-api-lag).
        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>
        /// The organization exactly as Cloudflare returned it when this object was made; null for an object built by
        /// hand. Set-ZtOrganization compares against it to apply only what was changed on this object.
        /// </summary>
        [JsonIgnore]
        internal System.Text.Json.Nodes.JsonObject? ReadState { get; set; }

        /// <summary>Names of fields Cloudflare returned that this module version does not model.</summary>
        [JsonIgnore]
        public string[] UnknownFieldNames => AdditionalFields == null ? Array.Empty<string>() : new List<string>(AdditionalFields.Keys).ToArray();

        public override string ToString() => $"{Name} ({AuthDomain})";
    }
}
