using System;
using System.Globalization;
using System.Threading.Tasks;
using ZeroTrustOrg.Emulator.Server;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// dotnet run -c Release --project bench/ZeroTrustOrg.Bench -- breakdown. The one thing the PowerShell benchmarks
    /// (bench/Invoke-Benchmark.ps1) cannot see: where a call's time and allocations go inside Core, stage by stage.
    /// </summary>
    public static class Program
    {
        private const string Usage =
@"ZeroTrustOrg.Bench: the cost of each stage inside Core, per call, with no socket (the emulator's real answers replayed).

Usage: dotnet run -c Release --project bench/ZeroTrustOrg.Bench -- breakdown

The benchmarks against Invoke-RestMethod, the TypeScript SDK and Cloudflare's limits are PowerShell:
dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Name overhead|bulk|limited|coldstart|memory
";

        public static async Task<int> Main(string[] args)
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            if (args.Length != 1 || args[0] != "breakdown")
            {
                Console.Write(Usage);
                return args.Length == 1 && args[0] is "--help" or "-h" or "help" ? 0 : 2;
            }

            // The emulator only supplies the real answers once; the timed calls never reach it.
            await using RunningEmulator emulator = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl, "--rate-limit", "1000000/1s" });
            await Report.RunAsync("breakdown", report => ClientBreakdown.RunAsync(emulator.BaseUri, report));
            return 0;
        }
    }
}
