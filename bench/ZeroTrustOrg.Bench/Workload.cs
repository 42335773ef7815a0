using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Bench
{
    /// <summary>The emulator's account and token, and the same addresses as the PowerShell benchmarks.</summary>
    public static class Workload
    {
        public static readonly string Token = EmulatorDefaults.ApiToken;
        public static readonly string AccountId = EmulatorDefaults.AccountId;
        public static readonly ZtScope Scope = ZtScope.Account(EmulatorDefaults.AccountId);

        /// <summary>The same addresses as bench/BenchSupport.ps1 and bench/node/peer.mjs.</summary>
        public static string Email(int i) => $"user{i:D6}@example.com";
    }
}
