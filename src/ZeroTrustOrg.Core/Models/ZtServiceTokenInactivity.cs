using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    public sealed class ZtServiceTokenInactivity
    {
        public string? Action { get; set; }

        public bool? Enabled { get; set; }

        public int? InactivityThresholdDays { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => ModelText.Join(("Action", Action), ("Enabled", Enabled?.ToString()), ("Days", InactivityThresholdDays?.ToString()));
    }
}
