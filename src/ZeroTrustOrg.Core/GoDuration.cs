using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// Go's <c>time.ParseDuration</c> grammar, which Cloudflare's duration fields use (docs/cloudflare-api.md#durations):
    /// an optional sign, then one or more decimal numbers each followed by a unit
    /// (<c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), or a bare <c>0</c>. Days are not a unit.
    /// </summary>
    internal static class GoDuration
    {
        private static readonly Dictionary<string, decimal> NanosPerUnit = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["ns"] = 1m,
            ["us"] = 1_000m,
            ["\u00b5s"] = 1_000m, // micro sign
            ["\u03bcs"] = 1_000m, // Greek mu
            ["ms"] = 1_000_000m,
            ["s"] = 1_000_000_000m,
            ["m"] = 60m * 1_000_000_000m,
            ["h"] = 3600m * 1_000_000_000m,
        };

        // Go's Duration is an int64 of nanoseconds.
        private const decimal MaxNanos = long.MaxValue;

        public static bool TryParse(string? text, out TimeSpan value, out ISet<string> unitsUsed, out string? error)
        {
            value = TimeSpan.Zero;
            unitsUsed = new HashSet<string>(StringComparer.Ordinal);
            error = null;
            if (string.IsNullOrEmpty(text))
            {
                error = "it is empty";
                return false;
            }

            string s = text!;
            int i = 0;
            bool negative = false;
            if (s[0] == '-' || s[0] == '+')
            {
                negative = s[0] == '-';
                i++;
            }

            if (s.Substring(i) == "0")
            {
                return true;
            }

            if (i == s.Length)
            {
                error = "it has a sign but no number";
                return false;
            }

            decimal totalNanos = 0m;
            while (i < s.Length)
            {
                int numberStart = i;
                while (i < s.Length && (IsAsciiDigit(s[i]) || s[i] == '.'))
                {
                    i++;
                }

                string number = s.Substring(numberStart, i - numberStart);
                if (i < s.Length && char.IsDigit(s[i]) && !IsAsciiDigit(s[i]))
                {
                    // decimal.Parse takes ASCII digits only; say so instead of failing later.
                    error = $"'{InputText.Escape(s)}' has the non-ASCII digit {InputText.Escape(s[i].ToString())} at position {i + 1} (write the number with 0-9)";
                    return false;
                }

                if (number.Length == 0 || number == "." || number.IndexOf('.') != number.LastIndexOf('.'))
                {
                    error = $"'{s}' has no valid number before position {i + 1}";
                    return false;
                }

                int unitStart = i;
                while (i < s.Length && !IsAsciiDigit(s[i]) && !char.IsDigit(s[i]) && s[i] != '.')
                {
                    i++;
                }

                string unit = s.Substring(unitStart, i - unitStart);
                if (unit.Length == 0)
                {
                    error = $"'{number}' has no unit (use ns, us, ms, s, m or h; days are not supported, write 24h)";
                    return false;
                }

                if (!NanosPerUnit.TryGetValue(unit, out decimal nanosPerUnit))
                {
                    error = unit == "d" || unit == "w" || unit == "y"
                        ? $"'{unit}' is not a unit Cloudflare accepts: write days as hours (for example 7d = 168h)"
                        : $"'{unit}' is not a duration unit (use ns, us, ms, s, m or h)";
                    return false;
                }

                unitsUsed.Add(nanosPerUnit == 1_000m ? "us" : unit);
                decimal amount = decimal.Parse(number.StartsWith(".", StringComparison.Ordinal) ? "0" + number : number.TrimEnd('.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                totalNanos += amount * nanosPerUnit;
                if (totalNanos > MaxNanos)
                {
                    error = "it is longer than the largest duration Cloudflare can store";
                    return false;
                }
            }

            long ticks = (long)decimal.Truncate(totalNanos / 100m);
            value = TimeSpan.FromTicks(negative ? -ticks : ticks);
            return true;
        }

        public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _, out _);

        private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        /// <summary>Formats a span the way Go prints durations (<c>1h30m0s</c> becomes <c>1h30m</c> here: trailing zero units are dropped).</summary>
        public static string Format(TimeSpan span)
        {
            if (span == TimeSpan.Zero)
            {
                return "0s";
            }

            var sb = new StringBuilder();
            if (span < TimeSpan.Zero)
            {
                sb.Append('-');
                span = span.Negate();
            }

            long hours = (long)span.TotalHours;
            if (hours > 0)
            {
                sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (span.Minutes > 0)
            {
                sb.Append(span.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            long subMinuteTicks = span.Ticks % TimeSpan.TicksPerMinute;
            if (subMinuteTicks > 0)
            {
                if (subMinuteTicks % TimeSpan.TicksPerSecond == 0)
                {
                    sb.Append((subMinuteTicks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture)).Append('s');
                }
                else if (subMinuteTicks % TimeSpan.TicksPerMillisecond == 0)
                {
                    sb.Append((subMinuteTicks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture)).Append("ms");
                }
                else
                {
                    sb.Append((subMinuteTicks / 10).ToString(CultureInfo.InvariantCulture)).Append("us");
                }
            }

            return sb.ToString();
        }
    }
}
