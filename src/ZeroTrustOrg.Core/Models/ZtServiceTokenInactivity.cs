using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg
{
    /// <summary>What happens to service tokens nobody uses (account organizations only).</summary>
    public sealed class ZtServiceTokenInactivity
    {
        /// <summary>What is done to an unused token: disable or delete.</summary>
        public string? Action { get; set; }

        /// <summary>True when unused tokens are acted on.</summary>
        public bool? Enabled { get; set; }

        /// <summary>How many days without use make a token unused (30 to 365).</summary>
        public int? InactivityThresholdDays { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>The action, state and threshold that are set, or "(not set)".</summary>
        public override string ToString() => ModelText.Join(("Action", Action), ("Enabled", Enabled?.ToString()), ("Days", InactivityThresholdDays?.ToString()));
    }
}
