using System;
using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>How a PUT treats writable fields that the body leaves out (docs/cloudflare-api.md#update).</summary>
    internal enum PutMode
    {
        /// <summary>Omitted fields keep their value; <c>null</c> clears a field.</summary>
        Merge,

        /// <summary>Omitted writable fields are cleared, so clients that send partial bodies lose data.</summary>
        Replace,
    }

    /// <summary>How the engine's answers look: as the API reference describes them, or as the live API sends them.</summary>
    internal enum EmulatorShape
    {
        /// <summary>The reference's shape (docs/cloudflare-api.md#account-organization-fields): every field, explicit defaults, microsecond timestamps.</summary>
        Reference,

        /// <summary>
        /// The live API's shape (docs/cloudflare-api.md#live-answers-and-the-reference): the recorded organization, false and empty
        /// values left out, response-only fields, whole-second timestamps, and writes of response-only fields refused.
        /// </summary>
        Live,
    }

    /// <summary>What a token may do, mirroring the Read/Write/Revoke permission groups (docs/cloudflare-api.md#authentication).</summary>
    [Flags]
    internal enum EmulatorPermissions
    {
        None = 0,
        Read = 1,
        Write = 2,
        Revoke = 4,
        All = Read | Write | Revoke,
    }

    /// <summary>
    /// Settings of one emulator. The engine reads credentials, modes, limits, the clock and the slow delay
    /// on every request, so a test may change them between requests. <see cref="AccountId"/>,
    /// <see cref="ZoneId"/>, <see cref="Seed"/> and <see cref="Faults"/> count only when the engine is built;
    /// afterwards use <see cref="EmulatorEngine.Faults"/> and the engine's Enable/Add methods.
    /// </summary>
    internal sealed class EmulatorOptions
    {
        public IList<string> ApiTokens { get; } = new List<string> { EmulatorDefaults.ApiToken };

        /// <summary>Global API keys by email. Emails compare case-insensitively, as mailboxes do.</summary>
        public IDictionary<string, string> GlobalKeys { get; } =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [EmulatorDefaults.Email] = EmulatorDefaults.ApiKey };

        /// <summary>Restricts the listed tokens; a token that is not listed may do everything.</summary>
        public IDictionary<string, EmulatorPermissions> TokenPermissions { get; } = new Dictionary<string, EmulatorPermissions>(StringComparer.Ordinal);

        public string AccountId { get; set; } = EmulatorDefaults.AccountId;
        public string ZoneId { get; set; } = EmulatorDefaults.ZoneId;
        public bool Seed { get; set; } = true;
        public PutMode PutMode { get; set; } = PutMode.Merge;

        /// <summary>The seed follows the shape the engine is built with; answers and writes follow the current one.</summary>
        public EmulatorShape Shape { get; set; } = EmulatorShape.Reference;

        /// <summary>Reject (400) what the default mode silently ignores, such as account-only fields sent to a zone.</summary>
        public bool Strict { get; set; }

        public int RateLimitRequests { get; set; } = 1200;
        public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(300);
        public FaultSettings Faults { get; set; } = FaultSettings.None;
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
        public TimeSpan SlowResponseDelay { get; set; } = TimeSpan.FromSeconds(2);
    }
}
