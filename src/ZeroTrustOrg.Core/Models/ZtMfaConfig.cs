using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    public sealed class ZtMfaConfig
    {
        public string[]? AllowedAuthenticators { get; set; }

        public string? SessionDuration { get; set; }

        public string? AmrMatchingSessionDuration { get; set; }

        public string? RequiredAaguids { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => ModelText.Join(
            ("AllowedAuthenticators", AllowedAuthenticators == null ? null : string.Join(",", AllowedAuthenticators)),
            ("SessionDuration", SessionDuration));
    }
}
