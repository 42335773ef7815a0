using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// Benchmark 2: per-request cost with no rate limit in the way. The emulator runs in a child process, so the
    /// CPU time and allocations measured here are the client's alone; the server's CPU is read from the child.
    /// Three clients against the same server: a raw HttpClient sending a pre-built request (the floor: what the
    /// server and the socket stack cost), ours (ZtClient, the full handler chain), and the TypeScript SDK.
    /// </summary>
    public static class OverheadBenchmark
    {
        private const string UnthrottledLimit = "100000000/1s";

        /// <summary>One client's figures for one (op, concurrency), summed over its rounds.</summary>
        private sealed class Measurement
        {
            public string Client = "";
            public string Op = "";
            public int Concurrency;
            public readonly List<double> RoundRates = new List<double>();
            public int Requests;
            public int Failed;
            public TimeSpan ClientCpu;
            public TimeSpan ServerCpu;
            public long? AllocatedBytes;
            public int? Gen0;
            public long? NodeHeapBytes;
            public int? NodeGcs;
            public double? NodeRssMb;

            public double MedianRate => Median(RoundRates);

            public double ClientCpuMicros => ClientCpu.TotalMilliseconds * 1000 / Requests;

            public double ServerCpuMicros => ServerCpu.TotalMilliseconds * 1000 / Requests;
        }

        /// <summary>What one round of one client measured.</summary>
        private readonly struct Round
        {
            public Round(int requests, int failed, TimeSpan elapsed, TimeSpan clientCpu, TimeSpan serverCpu)
            {
                Requests = requests;
                Failed = failed;
                Elapsed = elapsed;
                ClientCpu = clientCpu;
                ServerCpu = serverCpu;
            }

            public int Requests { get; }
            public int Failed { get; }
            public TimeSpan Elapsed { get; }
            public TimeSpan ClientCpu { get; }
            public TimeSpan ServerCpu { get; }
        }

        public static async Task RunAsync(Options options, Report report)
        {
            int requests = options.Int("requests", 2000);
            int rounds = Math.Max(1, options.Int("rounds", 5));
            int perRound = Math.Max(1, requests / rounds);
            int warmup = options.Int("warmup", 500);
            int[] levels = options.Ints("concurrency", "1,8");
            bool withNode = !options.Flag("no-node");

            using ChildEmulator server = await ChildEmulator.StartAsync("--rate-limit", UnthrottledLimit);
            report.Line($"{perRound * rounds} measured requests per row, in {rounds} rounds of {perRound} interleaved across the clients (the order rotates each round), after {warmup} warm-up requests per client and row; "
                + $"zt-emulator in a child process (server GC) at {UnthrottledLimit}; every client on 127.0.0.1 over HTTP/1.1 keep-alive. Load average before: {LoadAverage()}.");
            if (withNode)
            {
                report.Line($"Peer: cloudflare 7.3.0 on Node {NodePeer.Version()} (`list` is its GET organization, `revokeUsers` its revoke_user), one long-lived Node process run with --expose-gc --max-semi-space-size=64.");
            }

            report.Line();

            // The server, and our code, JIT on the first few thousand requests; no row should pay for that.
            Report.Progress("warming up (2000 GET + 2000 revoke, raw HttpClient and ours)");
            await RunPoolAsync(RawClient(server.BaseUri, "get"), 0, 2000, 8);
            await RunPoolAsync(RawClient(server.BaseUri, "revoke"), 0, 2000, 8);
            using (ZtClient warm = Workload.OurClient(server.BaseUri, 100_000_000, TimeSpan.FromSeconds(1)))
            {
                await RunPoolAsync(OurCall(warm, "get", 0), 0, 2000, 8);
                await RunPoolAsync(OurCall(warm, "revoke", 900_000), 0, 2000, 8);
            }

            using NodeWorker? node = withNode
                ? NodeWorker.Start(new[] { "--expose-gc", "--max-semi-space-size=64" }, new[] { "overhead-worker", "--base-url", server.BaseUri.ToString(), "--token", Workload.Token, "--account", Workload.AccountId })
                : null;
            var rows = new List<Measurement>();
            int offset = 0;
            foreach (string op in new[] { "get", "revoke" })
            {
                foreach (int concurrency in levels)
                {
                    Report.Progress($"{op}, concurrency {concurrency}: {rounds} rounds");
                    using ZtClient ours = Workload.OurClient(server.BaseUri, 100_000_000, TimeSpan.FromSeconds(1));
                    var raw = new Measurement { Client = "raw HttpClient", Op = op, Concurrency = concurrency, AllocatedBytes = 0, Gen0 = 0 };
                    var zt = new Measurement { Client = "ZeroTrustOrg", Op = op, Concurrency = concurrency, AllocatedBytes = 0, Gen0 = 0 };
                    var ts = new Measurement { Client = "TS SDK 7.3.0", Op = op, Concurrency = concurrency, NodeHeapBytes = 0, NodeGcs = 0 };
                    Func<int, Task<bool>> rawCall = RawClient(server.BaseUri, op);
                    Func<int, Task<bool>> ourCall = OurCall(ours, op, offset);
                    int next = warmup;
                    await RunPoolAsync(rawCall, 0, warmup, concurrency);
                    await RunPoolAsync(ourCall, 0, warmup, concurrency);
                    if (node != null)
                    {
                        await NodeRoundAsync(node, server, ts, op, concurrency, 0, warmup, offset);
                    }

                    var steps = new List<Func<Task>>
                    {
                        () => DotNetRoundAsync(raw, rawCall, next, perRound, concurrency, server),
                        () => DotNetRoundAsync(zt, ourCall, next, perRound, concurrency, server),
                    };
                    if (node != null)
                    {
                        steps.Add(() => NodeRoundAsync(node, server, ts, op, concurrency, perRound, 0, offset + next));
                    }

                    for (int r = 0; r < rounds; r++)
                    {
                        for (int k = 0; k < steps.Count; k++)
                        {
                            await steps[(k + r) % steps.Count]();
                        }

                        next += perRound;
                    }

                    rows.Add(raw);
                    rows.Add(zt);
                    if (node != null)
                    {
                        rows.Add(ts);
                    }

                    offset += next;
                }
            }

            report.Line($"Load average after: {LoadAverage()}.");
            report.Line();
            var table = new Table("client", "op", "conc", "req/s median", "req/s min–max", "client CPU µs/req", "server CPU µs/req", "alloc B/req (.NET)", "gen0 GCs", "V8 heap B/req (Node)", "Node GCs in rounds", "failed");
            foreach (Measurement m in rows)
            {
                table.Row(m.Client, m.Op, m.Concurrency, m.MedianRate, $"{m.RoundRates.Min():0}–{m.RoundRates.Max():0}", m.ClientCpuMicros, m.ServerCpuMicros,
                    m.AllocatedBytes.HasValue ? Math.Round((double)m.AllocatedBytes.Value / m.Requests).ToString(CultureInfo.InvariantCulture) : "",
                    m.Gen0,
                    m.NodeHeapBytes.HasValue ? Math.Round((double)m.NodeHeapBytes.Value / m.Requests).ToString(CultureInfo.InvariantCulture) : "",
                    m.NodeGcs, m.Failed);
            }

            report.Table(table);
            report.Line("req/s = the median of the rounds (min–max shows the noise of a shared 2-core machine). client CPU = user + kernel time of the client process over its rounds (Node: process.cpuUsage()), "
                + "which for .NET at concurrency 1 includes the thread pool spinning while it waits for the socket; server CPU = the emulator child's over the same spans (10 ms ticks). "
                + ".NET allocations are GC.GetTotalAllocatedBytes(true) deltas over the whole client process. V8 heap B/req is Node's heapUsed delta over a round that began after a collection: "
                + "it is the allocation only when no GC ran in the round (see the GC column), and it leaves out Buffers, so it is a lower bound and not comparable like for like.");
            report.Line();

            var ratios = new Table("op", "conc", "ours / TS req/s", "TS / ours client CPU", "ours % of raw req/s", "TS % of raw req/s", "ours − raw CPU µs", "ours − raw B/req", "target: ours no worse than TS");
            foreach (var group in rows.GroupBy(r => (r.Op, r.Concurrency)))
            {
                Measurement raw = group.Single(r => r.Client == "raw HttpClient");
                Measurement ours = group.Single(r => r.Client == "ZeroTrustOrg");
                Measurement? ts = group.SingleOrDefault(r => r.Client.StartsWith("TS", StringComparison.Ordinal));
                ratios.Row(group.Key.Op, group.Key.Concurrency,
                    ts == null ? double.NaN : ours.MedianRate / ts.MedianRate,
                    ts == null ? double.NaN : ts.ClientCpuMicros / ours.ClientCpuMicros,
                    Percent(ours.MedianRate / raw.MedianRate),
                    ts == null ? "" : Percent(ts.MedianRate / raw.MedianRate),
                    ours.ClientCpuMicros - raw.ClientCpuMicros,
                    Math.Round((double)(ours.AllocatedBytes!.Value - raw.AllocatedBytes!.Value) / ours.Requests).ToString(CultureInfo.InvariantCulture),
                    ts == null ? "n/a" : (ours.ClientCpuMicros <= ts.ClientCpuMicros && ours.MedianRate >= ts.MedianRate ? "PASS" : "FAIL"));
            }

            report.Table(ratios);
            await ClientBreakdown.RunAsync(server.BaseUri, report);
        }

        private static async Task DotNetRoundAsync(Measurement into, Func<int, Task<bool>> call, int first, int count, int concurrency, ChildEmulator server)
        {
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpu0 = self.TotalProcessorTime;
            TimeSpan server0 = server.Cpu;
            long allocated0 = GC.GetTotalAllocatedBytes(true);
            int gen0 = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            int failed = await RunPoolAsync(call, first, count, concurrency);
            TimeSpan elapsed = watch.Elapsed;
            long allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
            self.Refresh();
            into.RoundRates.Add(count / elapsed.TotalSeconds);
            into.Requests += count;
            into.Failed += failed;
            into.ClientCpu += self.TotalProcessorTime - cpu0;
            into.ServerCpu += server.Cpu - server0;
            into.AllocatedBytes += allocated;
            into.Gen0 += GC.CollectionCount(0) - gen0;
        }

        private static async Task NodeRoundAsync(NodeWorker node, ChildEmulator server, Measurement into, string op, int concurrency, int requests, int warmup, int offset)
        {
            TimeSpan serverStart = TimeSpan.Zero;
            TimeSpan serverEnd = TimeSpan.Zero;
            var round = new JsonObject { ["op"] = op, ["concurrency"] = concurrency, ["requests"] = requests, ["warmup"] = warmup, ["offset"] = offset };
            JsonObject result = await node.RoundAsync(round, marker =>
            {
                if (marker == "#start")
                {
                    serverStart = server.Cpu;
                }
                else if (marker == "#end")
                {
                    serverEnd = server.Cpu;
                }
            });
            if (requests == 0)
            {
                return;
            }

            into.RoundRates.Add(requests / ((double)result["elapsedMs"]! / 1000));
            into.Requests += requests;
            into.Failed += (int)result["failed"]!;
            into.ClientCpu += TimeSpan.FromMilliseconds(((double)result["cpuUserUs"]! + (double)result["cpuSystemUs"]!) / 1000);
            into.ServerCpu += serverEnd - serverStart;
            into.NodeHeapBytes += (long)(double)result["heapUsedDelta"]!;
            into.NodeGcs += (int)result["gcDuringRound"]!;
            into.NodeRssMb = (double)result["rssMb"]!;
        }

        private static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = values.OrderBy(v => v).ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        private static string LoadAverage()
        {
            try
            {
                return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (System.IO.IOException)
            {
                return "unknown";
            }
        }

        private static Func<int, Task<bool>> OurCall(ZtClient client, string op, int offset) => op == "get"
            ? async _ => (await client.GetOrganizationAsync(Workload.Scope).ConfigureAwait(false)).Name != null
            : async i => (await client.RevokeUserAsync(Workload.Scope, new RevokeUserRequest(Workload.Email(offset + i))).ConfigureAwait(false)).Revoked;

        /// <summary>The floor: the same handler type ours uses, a request whose URI, header and body bytes are built once.</summary>
        internal static Func<int, Task<bool>> RawClient(Uri baseUri, string op)
        {
            var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate });
            string path = baseUri.AbsoluteUri.TrimEnd('/') + $"/accounts/{Workload.AccountId}/access/organizations";
            var get = new Uri(path);
            var revoke = new Uri(path + "/revoke_user");
            var auth = new AuthenticationHeaderValue("Bearer", Workload.Token);
            var json = new MediaTypeHeaderValue("application/json");
            byte[] body = Encoding.UTF8.GetBytes("{\"email\":\"" + Workload.Email(0) + "\"}");
            return async _ =>
            {
                using var request = new HttpRequestMessage(op == "get" ? HttpMethod.Get : HttpMethod.Post, op == "get" ? get : revoke);
                request.Headers.Authorization = auth;
                if (op != "get")
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = json;
                }

                using HttpResponseMessage response = await http.SendAsync(request).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK;
            };
        }

        /// <summary>`concurrency` workers take the next index until <paramref name="count"/> calls are done; returns the failures.</summary>
        private static async Task<int> RunPoolAsync(Func<int, Task<bool>> call, int first, int count, int concurrency)
        {
            int next = -1;
            int failed = 0;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    bool ok;
                    try
                    {
                        ok = await call(first + i).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        ok = false;
                    }

                    if (!ok)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            })));
            return failed;
        }

        private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
    }
}
