using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg
{
    /// <summary>The look of the Access login page.</summary>
    public sealed class ZtLoginDesign
    {
        /// <summary>The page background colour, for example #FFFFFF.</summary>
        public string? BackgroundColor { get; set; }

        /// <summary>The text colour, for example #000000.</summary>
        public string? TextColor { get; set; }

        /// <summary>The URL of the logo shown on the page.</summary>
        public string? LogoPath { get; set; }

        /// <summary>The text above the sign-in options.</summary>
        public string? HeaderText { get; set; }

        /// <summary>The text below the sign-in options.</summary>
        public string? FooterText { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? AdditionalFields { get; set; }

        /// <summary>The header text and colours that are set, or "(not set)".</summary>
        public override string ToString() => ModelText.Join(("HeaderText", HeaderText), ("BackgroundColor", BackgroundColor), ("TextColor", TextColor));
    }
}
