using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>
    /// A port of Go's <c>time.ParseDuration</c>, because Cloudflare's Access backend is Go and its duration
    /// fields accept exactly that grammar (docs/cloudflare-api.md#durations): an optional sign, then one or more
    /// decimal numbers each followed by a unit (ns, us, µs, μs, ms, s, m, h), or a bare "0".
    /// </summary>
    internal readonly struct GoDuration
    {
        private const ulong MaxNanoseconds = 1UL << 63;

        private static readonly IReadOnlyDictionary<string, ulong> NanosecondsPerUnit = new Dictionary<string, ulong>
        {
            ["ns"] = 1,
            ["us"] = 1_000,
            ["\u00b5s"] = 1_000, // micro sign
            ["\u03bcs"] = 1_000, // Greek mu
            ["ms"] = 1_000_000,
            ["s"] = 1_000_000_000,
            ["m"] = 60_000_000_000,
            ["h"] = 3_600_000_000_000,
        };

        private GoDuration(long nanoseconds, IReadOnlyList<string> units)
        {
            Nanoseconds = nanoseconds;
            Units = units;
        }

        public long Nanoseconds { get; }

        /// <summary>The units as written, in order; empty for a bare "0".</summary>
        public IReadOnlyList<string> Units { get; }

        /// <summary>Parses like Go; on failure <paramref name="error"/> carries Go's wording.</summary>
        public static bool TryParse(string text, out GoDuration duration, out string error)
        {
            duration = default;
            error = "";
            string s = text;
            int i = 0;
            bool negative = false;
            if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
            {
                negative = s[0] == '-';
                i = 1;
            }
            if (s.Length - i == 1 && s[i] == '0')
            {
                duration = new GoDuration(0, new string[0]);
                return true;
            }
            if (i == s.Length)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }

            ulong total = 0;
            var units = new List<string>();
            while (i < s.Length)
            {
                char c = s[i];
                if (!(c == '.' || IsDigit(c)))
                {
                    error = $"time: invalid duration \"{text}\"";
                    return false;
                }

                int start = i;
                ulong whole = 0;
                while (i < s.Length && IsDigit(s[i]))
                {
                    if (whole > (MaxNanoseconds - 1) / 10)
                    {
                        error = $"time: invalid duration \"{text}\"";
                        return false;
                    }
                    whole = whole * 10 + (ulong)(s[i] - '0');
                    if (whole > MaxNanoseconds)
                    {
                        error = $"time: invalid duration \"{text}\"";
                        return false;
                    }
                    i++;
                }
                bool hasWhole = i != start;

                ulong fraction = 0;
                double scale = 1;
                bool hasFraction = false;
                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    int fractionStart = i;
                    bool overflowed = false;
                    while (i < s.Length && IsDigit(s[i]))
                    {
                        // Like Go, digits beyond what fits are read but ignored.
                        if (!overflowed)
                        {
                            if (fraction > (MaxNanoseconds - 1) / 10)
                            {
                                overflowed = true;
                            }
                            else
                            {
                                ulong next = fraction * 10 + (ulong)(s[i] - '0');
                                if (next > MaxNanoseconds)
                                {
                                    overflowed = true;
                                }
                                else
                                {
                                    fraction = next;
                                    scale *= 10;
                                }
                            }
                        }
                        i++;
                    }
                    hasFraction = i != fractionStart;
                }
                if (!hasWhole && !hasFraction)
                {
                    error = $"time: invalid duration \"{text}\"";
                    return false;
                }

                int unitStart = i;
                while (i < s.Length && !(s[i] == '.' || IsDigit(s[i])))
                {
                    i++;
                }

                if (i == unitStart)
                {
                    error = $"time: missing unit in duration \"{text}\"";
                    return false;
                }
                string unit = s.Substring(unitStart, i - unitStart);
                if (!NanosecondsPerUnit.TryGetValue(unit, out ulong unitNanoseconds))
                {
                    error = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                    return false;
                }
                units.Add(unit);

                if (whole > MaxNanoseconds / unitNanoseconds)
                {
                    error = $"time: invalid duration \"{text}\"";
                    return false;
                }
                ulong value = whole * unitNanoseconds;
                if (fraction > 0)
                {
                    value += (ulong)(fraction * (unitNanoseconds / scale));
                    if (value > MaxNanoseconds)
                    {
                        error = $"time: invalid duration \"{text}\"";
                        return false;
                    }
                }
                total += value;
                if (total > MaxNanoseconds)
                {
                    error = $"time: invalid duration \"{text}\"";
                    return false;
                }
            }

            if (negative)
            {
                duration = new GoDuration(total == MaxNanoseconds ? long.MinValue : -(long)total, units);
                return true;
            }
            if (total > MaxNanoseconds - 1)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }
            duration = new GoDuration((long)total, units);
            return true;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
