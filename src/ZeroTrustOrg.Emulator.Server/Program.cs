using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Emulator.Server
{
    internal static class Program
    {
        /// <summary>Exit codes: 0 stopped normally or printed help, 1 could not listen, 2 bad options.</summary>
        public static async Task<int> Main(string[] args)
        {
            var parsed = EmulatorServerOptions.Parse(args);
            if (!parsed.Succeeded)
            {
                Console.Error.WriteLine("zt-emulator: " + parsed.Error);
                Console.Error.WriteLine("Run zt-emulator --help for the options.");
                return 2;
            }
            var options = parsed.Options!;
            if (options.ShowHelp)
            {
                Console.Out.Write(EmulatorServerOptions.Usage);
                return 0;
            }

            RunningEmulator running;
            try
            {
                running = await EmulatorServer.StartAsync(options);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"zt-emulator: could not listen on {string.Join(";", options.Urls)}: {e.Message}");
                return 1;
            }

            await using (running)
            {
                PrintBanner(running, options);
                await running.WaitForShutdownAsync();
            }
            return 0;
        }

        /// <summary>Everything a client needs to connect. The credentials are printed because they are dev credentials.</summary>
        private static void PrintBanner(RunningEmulator running, EmulatorServerOptions options)
        {
            var engineOptions = running.Engine.Options;
            Console.WriteLine("zt-emulator is listening.");
            Console.WriteLine($"  Base URI:    {running.BaseUri}");
            foreach (var other in running.ListeningOn.Skip(1))
            {
                Console.WriteLine($"  Also on:     {other.GetLeftPart(UriPartial.Authority)}{EmulatorDefaults.BasePath}");
            }

            Console.WriteLine($"  Account ID:  {engineOptions.AccountId}");
            Console.WriteLine($"  Zone ID:     {engineOptions.ZoneId}");
            foreach (string token in engineOptions.ApiTokens)
            {
                Console.WriteLine($"  API token:   {token}");
            }

            foreach (var key in engineOptions.GlobalKeys)
            {
                Console.WriteLine($"  Global key:  {key.Key} / {key.Value}");
            }

            Console.WriteLine($"  Seeded:      {(options.Seed ? "yes" : "no")}; PUT mode: {options.PutMode.ToString().ToLowerInvariant()}; shape: {options.Shape.ToString().ToLowerInvariant()}; strict: {(options.Strict ? "on" : "off")}");
            Console.WriteLine($"  Rate limit:  {options.RateLimitRequests} requests / {options.RateLimitWindow.TotalSeconds:0}s per credential; faults: {options.FaultSpec}");
            Console.WriteLine("Press Ctrl+C to stop.");
        }
    }
}
