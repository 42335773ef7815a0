using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg
{
    /// <summary>What a PIV key must satisfy to be accepted (account organizations only).</summary>
    public sealed class ZtPivKeyRequirements
    {
        /// <summary>When the key asks for its PIN: never, once or always.</summary>
        public string? PinPolicy { get; set; }

        /// <summary>When the key must be touched: never, always or cached.</summary>
        public string? TouchPolicy { get; set; }

        /// <summary>True when only FIPS-validated devices are accepted.</summary>
        public bool? RequireFipsDevice { get; set; }

        /// <summary>The SSH key types accepted: ecdsa, ed25519, rsa.</summary>
        public string[]? SshKeyType { get; set; }

        /// <summary>The SSH key sizes accepted, in bits.</summary>
        public int[]? SshKeySize { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>The PIN and touch policies that are set, or "(not set)".</summary>
        public override string ToString() => ModelText.Join(("PinPolicy", PinPolicy), ("TouchPolicy", TouchPolicy));
    }
}
