using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Emulator.Server;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// zt-emulator in a process of its own, so the client's CPU time, allocations and working set are measured
    /// without the server's. The child is this same program in "serve" mode: it starts the emulator exactly as
    /// zt-emulator does (<see cref="EmulatorServer.StartAsync(string[], CancellationToken)"/>), prints its base URI,
    /// and stops when its standard input closes, so it cannot outlive the harness.
    /// </summary>
    public sealed class ChildEmulator : IDisposable
    {
        public const string ServeCommand = "serve";
        private const string BaseUriMarker = "BASE_URI ";
        private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(20);

        private readonly Process _process;

        private ChildEmulator(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public int ProcessId => _process.Id;

        /// <summary>CPU the server process has used so far (user + kernel).</summary>
        public TimeSpan Cpu
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public static async Task<ChildEmulator> StartAsync(params string[] emulatorArgs)
        {
            string self = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot find its own executable.");
            var start = new ProcessStartInfo(self)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            };
            if (System.IO.Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(ChildEmulator).Assembly.Location);
            }

            start.ArgumentList.Add(ServeCommand);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(EmulatorServer.EphemeralLoopbackUrl);
            foreach (string arg in emulatorArgs)
            {
                start.ArgumentList.Add(arg);
            }

            // zt-emulator is a Web SDK project, which runs with server GC; the child does the same.
            start.Environment["DOTNET_gcServer"] = "1";
            Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator process.");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line == null)
                {
                    throw new InvalidOperationException("The emulator process ended before it printed its base URI.");
                }

                if (line.StartsWith(BaseUriMarker, StringComparison.Ordinal))
                {
                    return new ChildEmulator(process, new Uri(line.Substring(BaseUriMarker.Length)));
                }
            }
        }

        /// <summary>The child's side: serve until stdin closes (or the lifetime cap passes).</summary>
        public static async Task<int> ServeAsync(string[] args)
        {
            await using RunningEmulator running = await EmulatorServer.StartAsync(args.Skip(1).ToArray());
            Console.WriteLine(BaseUriMarker + running.BaseUri);
            Console.Out.Flush();
            await Task.WhenAny(Console.In.ReadToEndAsync(), Task.Delay(MaxLifetime));
            return 0;
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill();
                    _process.WaitForExit(5_000);
                }
            }
            finally
            {
                _process.Dispose();
            }
        }
    }
}
