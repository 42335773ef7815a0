using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Emulator.Server;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// Benchmark 1: N revocations against an emulator whose limit is scaled down so a paced run takes about a
    /// minute. Each run gets a fresh emulator (fresh window, fresh journal) in this process on 127.0.0.1:0; the
    /// journal, not the client, says how many requests were sent, refused (429) and applied.
    /// </summary>
    public static class BulkRevokeBenchmark
    {
        private sealed class Outcome
        {
            public string Client = "";
            public string How = "";
            public int Ok;
            public int Failed;
            public TimeSpan Elapsed;
            public HashSet<string> ClientOk = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public long? ClientSeen429;
            public string Notes = "";
            public JournalSummary Journal = null!;
        }

        private sealed class JournalSummary
        {
            public int Requests;
            public int Throttled;
            public int OtherErrors;
            public int AppliedDistinct;
            public int Duplicates;
            public int Lost;
            public int Missing;
            public int Windows;
            public double MeanGapSeconds;
        }

        public static async Task RunAsync(Options options, Report report)
        {
            int n = options.Int("n", 1000);
            string limitText = options.Text("rate-limit", "250/15s");
            int[] windows = options.Ints("windows", "4,8");
            int nodePool = options.Int("node-pool", 4);
            bool withNode = !options.Flag("no-node");
            (int limit, TimeSpan window) = TransportSettings.ParseRateLimit(limitText);
            double allowed = limit / window.TotalSeconds;

            report.Line($"N = {n} revocations; emulator and client both at {limitText} ({allowed:0.00} requests/s allowed, a fixed window per credential opened by the first request, as Cloudflare does); a fresh emulator per run on 127.0.0.1:0.");
            if (withNode)
            {
                report.Line($"Peer: cloudflare 7.3.0 (the official TypeScript SDK) on Node {NodePeer.Version()}, default options (maxRetries 2, timeout 60 s), run as a child process of this harness.");
            }

            report.Line();
            var outcomes = new List<Outcome>();
            foreach (int w in windows)
            {
                outcomes.Add(await RunOursAsync(n, limitText, limit, window, w));
            }

            if (withNode)
            {
                outcomes.Add(await RunNodeAsync(n, limitText, window, "all", 0));
                outcomes.Add(await RunNodeAsync(n, limitText, window, "pool", nodePool));
            }

            var table = new Table("client", "how", "wall s", "revoked", "failed", "rate /s", "of allowed", "requests", "429s", "429 %", "dupes", "lost", "missing", "windows", "idle at window change s");
            foreach (Outcome o in outcomes)
            {
                double rate = o.Journal.AppliedDistinct / o.Elapsed.TotalSeconds;
                table.Row(o.Client, o.How, o.Elapsed.TotalSeconds, o.Ok, o.Failed, rate, Percent(rate / allowed),
                    o.Journal.Requests, o.Journal.Throttled, Percent((double)o.Journal.Throttled / Math.Max(1, o.Journal.Requests)),
                    o.Journal.Duplicates, o.Journal.Lost, o.Journal.Missing, o.Journal.Windows, o.Journal.MeanGapSeconds);
            }

            report.Table(table);
            report.Line("rate = distinct users the emulator revoked / wall time; of allowed = rate / (limit / window). requests, 429s, dupes (extra applied revocations of a user), lost (the client said revoked, the emulator has no record) and missing (users never revoked) all come from the emulator's journal. windows = rate-limit windows the run opened; idle at window change = mean time from a window's end to the next accepted request (budget left unused).");
            foreach (Outcome o in outcomes.Where(o => o.Notes.Length > 0))
            {
                report.Line($"- {o.Client} {o.How}: {o.Notes}");
            }

            report.Line();
            Outcome? tsPool = outcomes.FirstOrDefault(o => o.How.StartsWith("pool", StringComparison.Ordinal));
            Outcome? tsAll = outcomes.FirstOrDefault(o => o.How.StartsWith("Promise.all", StringComparison.Ordinal));
            foreach (Outcome ours in outcomes.Where(o => o.Client == "ZeroTrustOrg"))
            {
                double rate = ours.Journal.AppliedDistinct / ours.Elapsed.TotalSeconds;
                double share = (double)ours.Journal.Throttled / Math.Max(1, ours.Journal.Requests);
                report.Line($"Targets, ours {ours.How}: rate {Percent(rate / allowed)} of allowed (≥95%: {PassFail(rate / allowed >= 0.95)}); "
                    + $"failed {ours.Failed} (0: {PassFail(ours.Failed == 0 && ours.Journal.Missing == 0)}); 429s {Percent(share)} of requests (≤1%: {PassFail(share <= 0.01)}).");
                if (tsPool != null)
                {
                    report.Line($"  vs TS {tsPool.How}: wall time ×{ours.Elapsed.TotalSeconds / tsPool.Elapsed.TotalSeconds:0.00}, 429s {ours.Journal.Throttled} vs {tsPool.Journal.Throttled}, failed {ours.Failed} vs {tsPool.Failed}.");
                }

                if (tsAll != null)
                {
                    report.Line($"  vs TS {tsAll.How}: wall time ×{ours.Elapsed.TotalSeconds / tsAll.Elapsed.TotalSeconds:0.00}, 429s {ours.Journal.Throttled} vs {tsAll.Journal.Throttled}, failed {ours.Failed} vs {tsAll.Failed}.");
                }
            }

            report.Line();
        }

        private static async Task<Outcome> RunOursAsync(int n, string limitText, int limit, TimeSpan window, int inFlight)
        {
            Report.Progress($"ours, window {inFlight}: {n} revocations at {limitText}");
            await using RunningEmulator emulator = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl, "--rate-limit", limitText });
            using ZtClient client = Workload.OurClient(emulator.BaseUri, limit, window);
            var outcome = new Outcome { Client = "ZeroTrustOrg", How = $"window {inFlight}" };
            var errors = new Dictionary<string, int>(StringComparer.Ordinal);
            var watch = Stopwatch.StartNew();
            await Workload.RevokeAllAsync(client, Workload.Emails(0, n), inFlight, result =>
            {
                if (result.Revoked && result.Exception == null)
                {
                    outcome.Ok++;
                    outcome.ClientOk.Add(result.Email);
                }
                else
                {
                    outcome.Failed++;
                    string kind = result.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? result.Exception?.GetType().Name ?? "result=false";
                    errors[kind] = errors.TryGetValue(kind, out int c) ? c + 1 : 1;
                }
            });
            outcome.Elapsed = watch.Elapsed;
            outcome.ClientSeen429 = client.Pacer.Throttled;
            outcome.Journal = Summarize(emulator.Engine, n, outcome.ClientOk, window);
            outcome.Notes = errors.Count == 0 ? "" : "errors " + string.Join(", ", errors.Select(e => $"{e.Key}×{e.Value}"));
            return outcome;
        }

        private static async Task<Outcome> RunNodeAsync(int n, string limitText, TimeSpan window, string mode, int pool)
        {
            Report.Progress($"TS SDK, {(mode == "all" ? "Promise.all" : "pool " + pool)}: {n} revocations at {limitText}");
            await using RunningEmulator emulator = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl, "--rate-limit", limitText });
            var args = new List<string> { "bulk", "--base-url", emulator.BaseUri.ToString(), "--token", Workload.Token, "--account", Workload.AccountId, "--n", n.ToString(CultureInfo.InvariantCulture), "--mode", mode };
            if (mode == "pool")
            {
                args.AddRange(new[] { "--concurrency", pool.ToString(CultureInfo.InvariantCulture) });
            }

            JsonObject result = await NodePeer.RunAsync(args);
            var failed = new HashSet<string>(result["failedEmails"]!.AsArray().Select(e => (string)e!), StringComparer.OrdinalIgnoreCase);
            var outcome = new Outcome
            {
                Client = "TS SDK 7.3.0",
                How = mode == "all" ? $"Promise.all ({n})" : $"pool {pool}",
                Ok = (int)result["ok"]!,
                Failed = (int)result["failed"]!,
                Elapsed = TimeSpan.FromMilliseconds((double)result["elapsedMs"]!),
            };
            foreach (string email in Workload.Emails(0, n).Where(e => !failed.Contains(e)))
            {
                outcome.ClientOk.Add(email);
            }

            outcome.Journal = Summarize(emulator.Engine, n, outcome.ClientOk, window);
            JsonObject kinds = result["kinds"]!.AsObject();
            outcome.Notes = kinds.Count == 0 ? "" : "errors " + string.Join(", ", kinds.Select(k => $"{k.Key}×{k.Value}"));
            return outcome;
        }

        private static JournalSummary Summarize(EmulatorEngine engine, int n, HashSet<string> clientOk, TimeSpan window)
        {
            List<JournalEntry> revokes = engine.Journal.Entries.Where(e => e.Operation == JournalOperation.RevokeUser).OrderBy(e => e.Sequence).ToList();

            // The emulator's window opens with the first accepted request after the previous one ended; the time
            // between a window's end and the next accepted request is budget nobody used.
            var starts = new List<DateTimeOffset>();
            foreach (JournalEntry e in revokes.Where(e => e.StatusCode != 429))
            {
                if (starts.Count == 0 || e.Time >= starts[starts.Count - 1] + window)
                {
                    starts.Add(e.Time);
                }
            }

            double meanGap = starts.Count < 2 ? 0 : starts.Zip(starts.Skip(1), (a, b) => (b - (a + window)).TotalSeconds).Average();
            var appliedPerUser = revokes.Where(e => e.Applied && e.Email != null)
                .GroupBy(e => e.Email!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            return new JournalSummary
            {
                Requests = revokes.Count,
                Throttled = revokes.Count(e => e.StatusCode == 429),
                OtherErrors = revokes.Count(e => e.StatusCode != 200 && e.StatusCode != 429),
                AppliedDistinct = appliedPerUser.Count,
                Duplicates = appliedPerUser.Values.Sum(c => c - 1),
                Lost = clientOk.Count(e => !appliedPerUser.ContainsKey(e)),
                Missing = Workload.Emails(0, n).Count(e => !appliedPerUser.ContainsKey(e)),
                Windows = starts.Count,
                MeanGapSeconds = meanGap,
            };
        }

        private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        private static string PassFail(bool pass) => pass ? "PASS" : "FAIL";
    }
}
