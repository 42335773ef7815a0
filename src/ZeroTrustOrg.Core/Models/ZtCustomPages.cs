using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg
{
    /// <summary>Custom block pages of the organization, by the UID of each page.</summary>
    public sealed class ZtCustomPages
    {
        /// <summary>UID of the custom page shown when a non-identity rule fails.</summary>
        public string? Forbidden { get; set; }

        /// <summary>UID of the custom page shown on an identity denial.</summary>
        public string? IdentityDenied { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>The set pages as Name=UID pairs, or "(not set)".</summary>
        public override string ToString() => ModelText.Join(("Forbidden", Forbidden), ("IdentityDenied", IdentityDenied));
    }
}
