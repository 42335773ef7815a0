using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Bench
{
    /// <summary>What a benchmark prints: lines and markdown tables, echoed to the console and saved under bench/results/.</summary>
    public sealed class Report
    {
        private readonly StringBuilder _text = new StringBuilder();

        public static async Task RunAsync(string name, Func<Report, Task> benchmark)
        {
            var report = new Report();
            report.Line($"## {name} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.Line($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC in the client.");
            report.Line();
            await benchmark(report);
            string? folder = Paths.TryRepoRoot();
            if (folder != null)
            {
                string results = Path.Combine(folder, "bench", "results");
                Directory.CreateDirectory(results);
                string file = Path.Combine(results, $"{name}-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md");
                File.WriteAllText(file, report._text.ToString());
                Console.WriteLine($"(saved to {Path.GetRelativePath(folder, file)})");
            }
        }

        public void Line(string text = "")
        {
            _text.AppendLine(text);
            Console.WriteLine(text);
        }

        /// <summary>Progress for the person watching; not part of the saved table.</summary>
        public static void Progress(string text) => Console.Error.WriteLine("  .. " + text);

        public void Table(Table table)
        {
            foreach (string line in table.Render())
            {
                Line(line);
            }

            Line();
        }
    }

    public sealed class Table
    {
        private readonly string[] _headers;
        private readonly List<string[]> _rows = new List<string[]>();

        public Table(params string[] headers) => _headers = headers;

        public void Row(params object?[] cells)
        {
            _rows.Add(cells.Select(Format).ToArray());
        }

        public IEnumerable<string> Render()
        {
            int[] widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
            yield return "| " + string.Join(" | ", _headers.Select((h, i) => h.PadRight(widths[i]))) + " |";
            yield return "|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|";
            foreach (string[] row in _rows)
            {
                yield return "| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |";
            }
        }

        private static string Format(object? value) => value switch
        {
            null => "",
            double d when double.IsNaN(d) => "n/a",
            double d => d.ToString(Math.Abs(d) >= 100 ? "0" : Math.Abs(d) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    public static class Paths
    {
        /// <summary>The worktree root: the first folder above the binary that holds bench/node/peer.mjs.</summary>
        public static string? TryRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "bench", "node", "peer.mjs")))
                {
                    return dir.FullName;
                }
            }

            string current = Directory.GetCurrentDirectory();
            return File.Exists(Path.Combine(current, "bench", "node", "peer.mjs")) ? current : null;
        }

        public static string RepoRoot() => TryRepoRoot() ?? throw new InvalidOperationException("Cannot find bench/node/peer.mjs above the binary or in the current folder; run from the repository root.");
    }
}
