using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    /// <summary>
    /// The account's DNS-over-HTTPS settings: Cloudflare answers with a view of the linked service
    /// token plus the DoH JWT lifetime (api-contract §2.5).
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

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => $"{Name} ({Id}), DoH JWT {DohJwtDuration}";
    }

    /// <summary>The outcome of one revoke_user call.</summary>
    public sealed class ZtRevokeResult
    {
        public ZtRevokeResult(string email, ZtScope scope)
        {
            Email = email;
            Scope = scope.Kind.ToString();
            ScopeId = scope.Id;
        }

        public string Email { get; }

        /// <summary>"Account" or "Zone" (text, so it converts to JSON as a word).</summary>
        public string Scope { get; }

        public string ScopeId { get; }

        /// <summary>True when Cloudflare confirmed the revocation.</summary>
        public bool Revoked { get; internal set; }

        public bool? Devices { get; internal set; }

        public bool? WarpSessionReauth { get; internal set; }

        public string? UserUid { get; internal set; }

        /// <summary>Why the revocation failed, or null.</summary>
        public string? Error { get; internal set; }

        /// <summary>The Cloudflare error code, when Cloudflare gave one.</summary>
        public int? ErrorCode { get; internal set; }

        /// <summary>A result that echoes the request's options; the caller fills in the outcome.</summary>
        internal static ZtRevokeResult For(RevokeUserRequest request, ZtScope scope) =>
            new ZtRevokeResult(request.Email, scope) { Devices = request.Devices, WarpSessionReauth = request.WarpSessionReauth, UserUid = request.UserUid };

        // Kept for the error record; not part of the object's public shape (ConvertTo-Json stays clean).
        internal Exception? Exception { get; set; }

        public override string ToString() => Revoked ? $"{Email}: revoked" : $"{Email}: {Error ?? "not revoked"}";
    }

    /// <summary>What a token-verify endpoint said about the credential (api-contract §4).</summary>
    public sealed class ZtTokenStatus
    {
        public string? Id { get; set; }

        public string? Status { get; set; }

        public DateTimeOffset? NotBefore { get; set; }

        public DateTimeOffset? ExpiresOn { get; set; }
    }
}
