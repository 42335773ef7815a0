using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Bench
{
    /// <summary>Runs bench/node/peer.mjs (the official TypeScript SDK) as a child process and reads its one JSON line.</summary>
    public static class NodePeer
    {
        private static readonly TimeSpan MaxRun = TimeSpan.FromMinutes(5);
        private static bool _installed;

        public static string Folder => Path.Combine(Paths.RepoRoot(), "bench", "node");

        /// <summary>`npm ci` once if node_modules is missing: the lockfile pins cloudflare 7.3.0.</summary>
        public static void EnsureInstalled()
        {
            if (_installed || Directory.Exists(Path.Combine(Folder, "node_modules", "cloudflare")))
            {
                _installed = true;
                return;
            }

            Report.Progress("bench/node/node_modules is missing; running npm ci");
            var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Folder, UseShellExecute = false })
                ?? throw new InvalidOperationException("Could not start npm.");
            if (!npm.WaitForExit(300_000) || npm.ExitCode != 0)
            {
                throw new InvalidOperationException("npm ci failed in bench/node.");
            }

            _installed = true;
        }

        public static string Version()
        {
            var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            string text = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return text;
        }

        /// <summary>Runs the script; lines starting with '#' are markers handed to <paramref name="onMarker"/> as they arrive.</summary>
        public static async Task<JsonObject> RunAsync(IEnumerable<string> args, Action<string>? onMarker = null, bool exposeGc = false)
        {
            EnsureInstalled();
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = Folder,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (exposeGc)
            {
                start.ArgumentList.Add("--expose-gc");
            }

            start.ArgumentList.Add("peer.mjs");
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using Process node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            Task<string> errors = node.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(MaxRun);
            JsonObject? result = null;
            try
            {
                while (await node.StandardOutput.ReadLineAsync(limit.Token) is string line)
                {
                    if (line.StartsWith("#", StringComparison.Ordinal))
                    {
                        onMarker?.Invoke(line);
                    }
                    else if (line.StartsWith("{", StringComparison.Ordinal))
                    {
                        result = JsonNode.Parse(line)!.AsObject();
                    }
                }

                await node.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill();
                throw new TimeoutException($"node peer.mjs ran longer than {MaxRun.TotalMinutes} minutes and was stopped.");
            }

            if (node.ExitCode != 0 || result == null)
            {
                throw new InvalidOperationException($"node peer.mjs failed (exit {node.ExitCode}): {await errors}");
            }

            return result;
        }
    }
}

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// A long-lived `node peer.mjs overhead-worker`: one JSON round description in on stdin, one JSON result out, so
    /// the harness can interleave the TypeScript SDK's rounds with ours on one warm Node process.
    /// </summary>
    public sealed class NodeWorker : IDisposable
    {
        private static readonly TimeSpan MaxRound = TimeSpan.FromMinutes(2);
        private readonly Process _process;
        private readonly Task<string> _errors;

        private NodeWorker(Process process)
        {
            _process = process;
            _errors = process.StandardError.ReadToEndAsync();
        }

        public static NodeWorker Start(IEnumerable<string> nodeFlags, IEnumerable<string> args)
        {
            NodePeer.EnsureInstalled();
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = NodePeer.Folder,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string flag in nodeFlags)
            {
                start.ArgumentList.Add(flag);
            }

            start.ArgumentList.Add("peer.mjs");
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return new NodeWorker(Process.Start(start) ?? throw new InvalidOperationException("Could not start node."));
        }

        public async Task<JsonObject> RoundAsync(JsonObject round, Action<string>? onMarker = null)
        {
            await _process.StandardInput.WriteLineAsync(round.ToJsonString());
            await _process.StandardInput.FlushAsync();
            using var limit = new CancellationTokenSource(MaxRound);
            while (true)
            {
                string? line;
                try
                {
                    line = await _process.StandardOutput.ReadLineAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"A node round took longer than {MaxRound.TotalMinutes} minutes.");
                }

                if (line == null)
                {
                    throw new InvalidOperationException("node peer.mjs overhead-worker ended: " + await _errors);
                }

                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    onMarker?.Invoke(line);
                }
                else if (line.StartsWith("{", StringComparison.Ordinal))
                {
                    return JsonNode.Parse(line)!.AsObject();
                }
            }
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill();
                }
            }
            finally
            {
                _process.Dispose();
            }
        }
    }
}
