using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg
{
    /// <summary>The organization-wide MFA settings (account organizations only).</summary>
    public sealed class ZtMfaConfig
    {
        /// <summary>The authenticators users may use: totp, biometrics, security_key, piv_key, ssh_fido2_key.</summary>
        public string[]? AllowedAuthenticators { get; set; }

        /// <summary>How long an MFA session lasts, as a Go duration (0m to 720h).</summary>
        public string? SessionDuration { get; set; }

        /// <summary>How long an identity provider's MFA claim is accepted, as a Go duration (0m to 720h).</summary>
        public string? AmrMatchingSessionDuration { get; set; }

        /// <summary>The AAGUID a security key must have, when one is required.</summary>
        public string? RequiredAaguids { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>The authenticators and session duration that are set, or "(not set)".</summary>
        public override string ToString() => ModelText.Join(
            ("AllowedAuthenticators", AllowedAuthenticators == null ? null : string.Join(",", AllowedAuthenticators)),
            ("SessionDuration", SessionDuration));
    }
}
