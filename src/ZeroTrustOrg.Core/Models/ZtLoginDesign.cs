using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZeroTrustOrg
{
    public sealed class ZtLoginDesign
    {
        public string? BackgroundColor { get; set; }

        public string? TextColor { get; set; }

        public string? LogoPath { get; set; }

        public string? HeaderText { get; set; }

        public string? FooterText { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        public override string ToString() => ModelText.Join(("HeaderText", HeaderText), ("BackgroundColor", BackgroundColor), ("TextColor", TextColor));
    }
}
