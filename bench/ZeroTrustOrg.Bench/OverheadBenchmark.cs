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

        private sealed class Measurement
        {
            public string Client = "";
            public string Op = "";
            public int Concurrency;
            public int Requests;
            public int Failed;
            public TimeSpan Elapsed;
            public TimeSpan ClientCpu;
            public TimeSpan ServerCpu;
            public double? AllocatedBytes;
            public int? Gen0;
            public double? NodeHeapDelta;
            public double? NodeRssDelta;

            public double PerSecond => Requests / Elapsed.TotalSeconds;

            public double ClientCpuMicros => ClientCpu.TotalMilliseconds * 1000 / Requests;

            public double ServerCpuMicros => ServerCpu.TotalMilliseconds * 1000 / Requests;
        }

        public static async Task RunAsync(Options options, Report report)
        {
            int requests = options.Int("requests", 2000);
            int warmup = options.Int("warmup", 500);
            int[] levels = options.Ints("concurrency", "1,8");
            bool withNode = !options.Flag("no-node");

            using ChildEmulator server = await ChildEmulator.StartAsync("--rate-limit", UnthrottledLimit);
            report.Line($"{requests} requests per row after {warmup} warm-up requests; zt-emulator in a child process (server GC) at {UnthrottledLimit}; every client on 127.0.0.1 over HTTP/1.1 keep-alive.");
            if (withNode)
            {
                report.Line($"Peer: cloudflare 7.3.0 on Node {NodePeer.Version()} (`list` is its GET organization, `revokeUsers` its revoke_user), run with --expose-gc so heap figures are taken after a collection.");
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

            var rows = new List<Measurement>();
            int offset = 0;
            foreach (string op in new[] { "get", "revoke" })
            {
                foreach (int concurrency in levels)
                {
                    Report.Progress($"{op}, concurrency {concurrency}: raw HttpClient");
                    rows.Add(await MeasureDotNetAsync("raw HttpClient", op, concurrency, warmup, requests, server, RawClient(server.BaseUri, op)));
                    Report.Progress($"{op}, concurrency {concurrency}: ZeroTrustOrg");
                    using (ZtClient client = Workload.OurClient(server.BaseUri, 100_000_000, TimeSpan.FromSeconds(1)))
                    {
                        int start = offset;
                        rows.Add(await MeasureDotNetAsync("ZeroTrustOrg", op, concurrency, warmup, requests, server, OurCall(client, op, start)));
                    }

                    if (withNode)
                    {
                        Report.Progress($"{op}, concurrency {concurrency}: TS SDK");
                        rows.Add(await MeasureNodeAsync(op, concurrency, warmup, requests, server));
                    }

                    offset += warmup + requests;
                }
            }

            var table = new Table("client", "op", "conc", "req/s", "client CPU µs/req", "server CPU µs/req", "alloc B/req (.NET)", "gen0 GCs", "heap Δ KB (Node)", "RSS Δ KB (Node)", "failed");
            foreach (Measurement m in rows)
            {
                table.Row(m.Client, m.Op, m.Concurrency, m.PerSecond, m.ClientCpuMicros, m.ServerCpuMicros,
                    m.AllocatedBytes.HasValue ? Math.Round(m.AllocatedBytes.Value / m.Requests).ToString(CultureInfo.InvariantCulture) : "",
                    m.Gen0, m.NodeHeapDelta.HasValue ? (m.NodeHeapDelta.Value / 1024).ToString("0", CultureInfo.InvariantCulture) : "",
                    m.NodeRssDelta.HasValue ? (m.NodeRssDelta.Value / 1024).ToString("0", CultureInfo.InvariantCulture) : "", m.Failed);
            }

            report.Table(table);
            report.Line("client CPU = user + kernel time of the client process during the measured requests (for Node, process.cpuUsage()); server CPU = the emulator child's, over the same span. "
                + ".NET allocations are GC.GetTotalAllocatedBytes(true) deltas over the whole client process. Node's heap Δ (heapUsed, before any collection) and RSS Δ are the closest analogue and are not comparable like for like.");
            report.Line();

            var ratios = new Table("op", "conc", "ours / TS req/s", "TS / ours client CPU", "ours % of raw req/s", "TS % of raw req/s", "ours − raw CPU µs", "ours − raw B/req", "target: ours no worse than TS");
            foreach (var group in rows.GroupBy(r => (r.Op, r.Concurrency)))
            {
                Measurement raw = group.Single(r => r.Client == "raw HttpClient");
                Measurement ours = group.Single(r => r.Client == "ZeroTrustOrg");
                Measurement? ts = group.SingleOrDefault(r => r.Client.StartsWith("TS", StringComparison.Ordinal));
                ratios.Row(group.Key.Op, group.Key.Concurrency,
                    ts == null ? double.NaN : ours.PerSecond / ts.PerSecond,
                    ts == null ? double.NaN : ts.ClientCpuMicros / ours.ClientCpuMicros,
                    Percent(ours.PerSecond / raw.PerSecond),
                    ts == null ? "" : Percent(ts.PerSecond / raw.PerSecond),
                    ours.ClientCpuMicros - raw.ClientCpuMicros,
                    Math.Round((ours.AllocatedBytes!.Value - raw.AllocatedBytes!.Value) / ours.Requests).ToString(CultureInfo.InvariantCulture),
                    ts == null ? "n/a" : (ours.ClientCpuMicros <= ts.ClientCpuMicros && ours.PerSecond >= ts.PerSecond ? "PASS" : "FAIL"));
            }

            report.Table(ratios);
            await ClientBreakdown.RunAsync(server.BaseUri, report);
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

        private static async Task<Measurement> MeasureDotNetAsync(string name, string op, int concurrency, int warmup, int requests, ChildEmulator server, Func<int, Task<bool>> call)
        {
            int warmFailed = await RunPoolAsync(call, 0, warmup, concurrency);
            if (warmFailed > 0)
            {
                throw new InvalidOperationException($"{name} {op}: {warmFailed} warm-up requests failed.");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpu0 = self.TotalProcessorTime;
            TimeSpan server0 = server.Cpu;
            long allocated0 = GC.GetTotalAllocatedBytes(true);
            int gen0 = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            int failed = await RunPoolAsync(call, warmup, requests, concurrency);
            TimeSpan elapsed = watch.Elapsed;
            long allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
            self.Refresh();
            return new Measurement
            {
                Client = name,
                Op = op,
                Concurrency = concurrency,
                Requests = requests,
                Failed = failed,
                Elapsed = elapsed,
                ClientCpu = self.TotalProcessorTime - cpu0,
                ServerCpu = server.Cpu - server0,
                AllocatedBytes = allocated,
                Gen0 = GC.CollectionCount(0) - gen0,
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

        private static async Task<Measurement> MeasureNodeAsync(string op, int concurrency, int warmup, int requests, ChildEmulator server)
        {
            TimeSpan serverStart = TimeSpan.Zero;
            TimeSpan serverEnd = TimeSpan.Zero;
            JsonObject result = await NodePeer.RunAsync(
                new[]
                {
                    "overhead", "--base-url", server.BaseUri.ToString(), "--token", Workload.Token, "--account", Workload.AccountId,
                    "--op", op, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                    "--requests", requests.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
                },
                marker =>
                {
                    if (marker == "#start")
                    {
                        serverStart = server.Cpu;
                    }
                    else if (marker == "#end")
                    {
                        serverEnd = server.Cpu;
                    }
                },
                exposeGc: true);
            return new Measurement
            {
                Client = "TS SDK 7.3.0",
                Op = op,
                Concurrency = concurrency,
                Requests = requests,
                Failed = (int)result["failed"]!,
                Elapsed = TimeSpan.FromMilliseconds((double)result["elapsedMs"]!),
                ClientCpu = TimeSpan.FromMilliseconds(((double)result["cpuUserUs"]! + (double)result["cpuSystemUs"]!) / 1000),
                ServerCpu = serverEnd - serverStart,
                NodeHeapDelta = (double)result["heapUsedDelta"]!,
                NodeRssDelta = (double)result["rssDelta"]!,
            };
        }

        private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
    }
}
