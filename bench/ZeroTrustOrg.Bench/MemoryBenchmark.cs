using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// Benchmark 3: N revocations streamed through the bulk path (OrderedWorkQueue + BulkRevoke, the users generated
    /// lazily as a pipeline would feed them) must cost the memory of the window, not of N. The emulator runs in a
    /// child process over loopback, so its journal (one entry per request, growing with N) is not in these figures.
    /// The sizes run one after another in one process; a sampler reads the working set and GC heap every 20 ms.
    /// </summary>
    public static class MemoryBenchmark
    {
        private const string UnthrottledLimit = "100000000/1s";
        private const double MiB = 1024 * 1024;
        private const int WarmupRevocations = 3000;

        public static async Task RunAsync(Options options, Report report)
        {
            int[] sizes = options.Ints("sizes", "1000,10000,100000,300000");
            int window = options.Int("window", 8);
            using ChildEmulator server = await ChildEmulator.StartAsync("--rate-limit", UnthrottledLimit);
            using ZtClient client = Workload.OurClient(server.BaseUri, 100_000_000, TimeSpan.FromSeconds(1));
            report.Line($"Client: ZtClient over the default HttpClientHandler, window {window}, to a zt-emulator child process on 127.0.0.1 at {UnthrottledLimit}; sizes run in turn in one client process after {WarmupRevocations} warm-up revocations (enough for several gen0 collections, so the GC has sized its budget before the first row).");

            int next = 0;
            int warmFailed = 0;
            await Workload.RevokeAllAsync(client, Workload.Emails(next, WarmupRevocations), window, r => warmFailed += r.Revoked ? 0 : 1);
            next += WarmupRevocations;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using Process self = Process.GetCurrentProcess();
            self.Refresh();
            report.Line($"After warm-up ({warmFailed} failed): working set {self.WorkingSet64 / MiB:0.0} MiB, process peak {self.PeakWorkingSet64 / MiB:0.0} MiB, GC heap {GC.GetTotalMemory(false) / MiB:0.00} MiB.");
            report.Line();

            var table = new Table("N", "wall s", "revocations/s", "failed", "max WS 1st half MiB", "max WS whole run MiB", "WS at end MiB", "process peak WS MiB", "max GC heap in run MiB", "GC committed MiB", "GC heap after full GC MiB", "alloc KB/revocation", "gen0/1/2 GCs");
            var peaks = new List<(int N, double PeakWs, double Retained)>();
            var halves = new List<(int N, double FirstHalf, double Whole)>();
            foreach (int n in sizes)
            {
                Report.Progress($"memory: {n} revocations");
                var sampler = new Sampler();
                long allocated0 = GC.GetTotalAllocatedBytes(true);
                int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                int failed = 0;
                int done = 0;
                var watch = Stopwatch.StartNew();
                sampler.Start();
                await Workload.RevokeAllAsync(client, Workload.Emails(next, n), window, r =>
                {
                    failed += r.Revoked && r.Exception == null ? 0 : 1;
                    if (++done == n / 2)
                    {
                        sampler.MarkHalfway();
                    }
                });
                TimeSpan elapsed = watch.Elapsed;
                sampler.Stop();
                next += n;
                long allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
                string collections = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
                self.Refresh();
                long workingSet = self.WorkingSet64;
                long processPeak = self.PeakWorkingSet64;
                long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
                long heapAfterGc = GC.GetTotalMemory(true);
                peaks.Add((n, sampler.MaxWorkingSet / MiB, heapAfterGc / MiB));
                halves.Add((n, sampler.FirstHalfMaxWorkingSet / MiB, sampler.MaxWorkingSet / MiB));
                table.Row(n, elapsed.TotalSeconds, n / elapsed.TotalSeconds, failed, sampler.FirstHalfMaxWorkingSet / MiB, sampler.MaxWorkingSet / MiB, workingSet / MiB, processPeak / MiB,
                    sampler.MaxGcHeap / MiB, committed / MiB, heapAfterGc / MiB, allocated / 1024.0 / n, collections);
            }

            report.Table(table);
            report.Line("WS = working set (Environment.WorkingSet, sampled every 20 ms); process peak = Process.PeakWorkingSet64 (VmHWM) since the process started; GC heap = GC.GetTotalMemory(false) sampled; "
                + "GC committed = GCMemoryInfo.TotalCommittedBytes at the end of the row; GC heap after full GC = what the client still holds once the row is done.");
            if (peaks.Count >= 2)
            {
                var first = peaks[0];
                var previous = peaks[peaks.Count - 2];
                var last = peaks[peaks.Count - 1];
                double lastStep = last.PeakWs / previous.PeakWs - 1;
                double retainedGrowth = last.Retained - first.Retained;
                bool flat = lastStep <= 0.05 && retainedGrowth < 1.0;
                report.Line($"From N={first.N} to N={last.N} (×{(double)last.N / first.N:0} the users) the peak working set changes by {last.PeakWs - first.PeakWs:+0.0;-0.0} MiB ({(last.PeakWs / first.PeakWs - 1) * 100:+0;-0}%) "
                    + $"and the GC heap left after a full collection by {retainedGrowth * 1024:+0;-0} KiB; from N={previous.N} to N={last.N} the peak changes by {last.PeakWs - previous.PeakWs:+0.0;-0.0} MiB ({lastStep * 100:+0.0;-0.0}%). "
                    + (flat ? "Flat (PASS: the last step ≤5% and <1 MiB retained)." : "Grows with N (FAIL: the last step >5%, or ≥1 MiB retained)."));
            }
        }

        /// <summary>Reads the working set and the GC heap every 20 ms on a thread of its own.</summary>
        private sealed class Sampler
        {
            private Thread? _thread;
            private readonly object _gate = new object();
            private volatile bool _stop;

            public long MaxWorkingSet { get; private set; }

            public long MaxGcHeap { get; private set; }

            public long FirstHalfMaxWorkingSet { get; private set; }

            public void MarkHalfway()
            {
                Sample();
                lock (_gate)
                {
                    FirstHalfMaxWorkingSet = MaxWorkingSet;
                }
            }

            public void Start()
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler" };
                _thread.Start();
            }

            public void Stop()
            {
                _stop = true;
                _thread?.Join();
                Sample();
            }

            private void Loop()
            {
                while (!_stop)
                {
                    Sample();
                    Thread.Sleep(20);
                }
            }

            private void Sample()
            {
                long ws = Environment.WorkingSet;
                long heap = GC.GetTotalMemory(false);
                lock (_gate)
                {
                    Record(ws, heap);
                }
            }

            private void Record(long ws, long heap)
            {
                if (ws > MaxWorkingSet)
                {
                    MaxWorkingSet = ws;
                }

                if (heap > MaxGcHeap)
                {
                    MaxGcHeap = heap;
                }
            }
        }
    }
}
