namespace ZeroTrustOrg.Emulator
{
    /// <summary>
    /// The identities and credentials a fresh emulator accepts. They are public on purpose: the emulator
    /// is a development tool, and these values let a newcomer connect without configuring anything.
    /// </summary>
    internal static class EmulatorDefaults
    {
        public const string ApiToken = "zt-emulator-dev-token";
        public const string Email = "admin@example.com";
        public const string ApiKey = "0123456789abcdef0123456789abcdef01234";
        public const string AccountId = "699d98642c564d2e855e9661899b7252";
        public const string ZoneId = "023e105f4ecef8ad9ca31a8372d0c353";
        public const string BasePath = "/client/v4";
        public const string Urls = "http://127.0.0.1:8787";

        /// <summary>The service token the seed links to the account's DoH settings.</summary>
        public const string DohServiceTokenId = "5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24";
        public const string DohServiceTokenClientId = "8f2a4c6e0b1d3f5a7c9e1b3d5f7a9c0e.access";
        public const string DohServiceTokenName = "Example DoH service token";

        /// <summary>
        /// Cloudflare Access rotates its signing keys every six weeks unless the account changes it;
        /// the DoH JWT lifetime may not exceed that period (docs/cloudflare-api.md#doh-settings).
        /// </summary>
        public static readonly System.TimeSpan KeyRotationPeriod = System.TimeSpan.FromDays(42);

        /// <summary>docs/cloudflare-api.md#doh-settings: DoH JWT duration default.</summary>
        public const string DohJwtDuration = "24h";
    }
}
