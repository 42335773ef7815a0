using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    public sealed class ZtPivKeyRequirements
    {
        public string? PinPolicy { get; set; }

        public string? TouchPolicy { get; set; }

        public bool? RequireFipsDevice { get; set; }

        public string[]? SshKeyType { get; set; }

        public int[]? SshKeySize { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => ModelText.Join(("PinPolicy", PinPolicy), ("TouchPolicy", TouchPolicy));
    }
}
