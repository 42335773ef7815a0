using System;
using System.Globalization;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// dotnet run -c Release --project bench/ZeroTrustOrg.Bench -- &lt;benchmark&gt; [options]. Every benchmark talks only to a
    /// zt-emulator on 127.0.0.1, sends a bounded number of requests, and prints markdown tables for bench/README.md.
    /// </summary>
    public static class Program
    {
        private const string Usage =
@"ZeroTrustOrg.Bench: our client against Cloudflare's limits and the official TypeScript SDK, on a loopback zt-emulator.

Usage: dotnet run -c Release --project bench/ZeroTrustOrg.Bench -- <benchmark> [options]

  bulk       Bulk revoke under the limit (ours with windows 4 and 8; the TS SDK with Promise.all and a pool of 4).
               --n 1000  --rate-limit 250/15s  --windows 4,8  --node-pool 4  --no-node
  overhead   Requests per second, CPU and allocations per request, unthrottled: raw HttpClient, ours, the TS SDK.
               --requests 2000  --warmup 200  --concurrency 1,8  --no-node
  memory     Peak working set and GC heap of the client while N revocations stream through the bulk path.
               --sizes 1000,10000,100000,300000  --window 8
  all        bulk, overhead and memory in turn, each with its defaults.

Tables also go to bench/results/<benchmark>-<UTC time>.md (ignored by git).
";

        public static async Task<int> Main(string[] args)
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                Console.Write(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            if (args[0] == ChildEmulator.ServeCommand)
            {
                return await ChildEmulator.ServeAsync(args);
            }

            Options options;
            try
            {
                options = Options.Parse(args, 1);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("ZeroTrustOrg.Bench: " + e.Message);
                return 2;
            }

            switch (args[0])
            {
                case "bulk":
                    await Report.RunAsync("bulk", report => BulkRevokeBenchmark.RunAsync(options, report));
                    return 0;
                case "overhead":
                    await Report.RunAsync("overhead", report => OverheadBenchmark.RunAsync(options, report));
                    return 0;
                case "memory":
                    await Report.RunAsync("memory", report => MemoryBenchmark.RunAsync(options, report));
                    return 0;
                case "all":
                    await Report.RunAsync("bulk", report => BulkRevokeBenchmark.RunAsync(options, report));
                    await Report.RunAsync("overhead", report => OverheadBenchmark.RunAsync(options, report));
                    await Report.RunAsync("memory", report => MemoryBenchmark.RunAsync(options, report));
                    return 0;
                default:
                    Console.Error.WriteLine($"ZeroTrustOrg.Bench: unknown benchmark \"{args[0]}\".");
                    Console.Error.Write(Usage);
                    return 2;
            }
        }
    }
}
