using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZeroTrustOrg.Bench
{
    /// <summary>"--name value" pairs and bare "--flag"s after the benchmark name.</summary>
    public sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new Dictionary<string, string?>(StringComparer.Ordinal);

        public static Options Parse(string[] args, int start)
        {
            var options = new Options();
            for (int i = start; i < args.Length; i++)
            {
                string arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument \"{arg}\"; options look like --name value.");
                }

                string name = arg.Substring(2);
                string? value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                options._values[name] = value;
            }

            return options;
        }

        public bool Flag(string name) => _values.ContainsKey(name);

        public string Text(string name, string fallback) => _values.TryGetValue(name, out string? value) && value != null ? value : fallback;

        public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        public int[] Ints(string name, string fallback) =>
            Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray();
    }
}
