using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>What a response says about the credential's remaining budget (docs/cloudflare-api.md#rate-limits).</summary>
    internal readonly struct ServerBudget
    {
        public ServerBudget(int remaining, TimeSpan resetIn)
        {
            Remaining = remaining;
            ResetIn = resetIn;
        }

        public int Remaining { get; }

        public TimeSpan ResetIn { get; }
    }

    internal static class RateLimitHeaders
    {
        /// <summary>
        /// Reads <c>Ratelimit: "default";r=50;t=30</c> (IETF draft style, since 2025-09) or the older
        /// <c>x-ratelimit-remaining</c> + <c>x-ratelimit-reset</c> (seconds or an HTTP date). docs/cloudflare-api.md#rate-limits.
        /// </summary>
        public static ServerBudget? ReadBudget(HttpResponseMessage response, DateTimeOffset now)
        {
            string? modern = First(response, "Ratelimit");
            if (modern != null)
            {
                int? r = null;
                double? t = null;
                foreach (string part in modern.Split(';', ','))
                {
                    string p = part.Trim();
                    if (p.StartsWith("r=", StringComparison.Ordinal) && int.TryParse(p.Substring(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out int rv))
                    {
                        r = rv;
                    }
                    else if (p.StartsWith("t=", StringComparison.Ordinal) && double.TryParse(p.Substring(2), NumberStyles.Float, CultureInfo.InvariantCulture, out double tv))
                    {
                        t = tv;
                    }
                }

                if (r.HasValue && t.HasValue)
                {
                    return new ServerBudget(Math.Max(0, r.Value), Window(Seconds(t.Value)));
                }
            }

            string? remaining = First(response, "x-ratelimit-remaining");
            string? reset = First(response, "x-ratelimit-reset");
            if (remaining != null && reset != null && int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out int left))
            {
                if (double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                {
                    return new ServerBudget(Math.Max(0, left), Window(Seconds(seconds)));
                }

                if (DateTimeOffset.TryParse(reset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                {
                    return new ServerBudget(Math.Max(0, left), at > now ? Window(at - now) : TimeSpan.Zero);
                }
            }

            return null;
        }

        /// <summary><c>Retry-After-Ms</c> first, then <c>Retry-After</c> as seconds or an HTTP date (docs/cloudflare-api.md#retries-and-timeouts).</summary>
        public static TimeSpan? ReadRetryAfter(HttpResponseMessage response, DateTimeOffset now)
        {
            string? ms = First(response, "Retry-After-Ms");
            if (ms != null && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && !double.IsNaN(milliseconds))
            {
                return Seconds(milliseconds / 1000);
            }

            RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : Clamp(delta);
            }

            if (retryAfter?.Date is DateTimeOffset date)
            {
                return date > now ? Clamp(date - now) : TimeSpan.Zero;
            }

            string? raw = First(response, "Retry-After");
            if (raw != null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double secs) && !double.IsNaN(secs))
            {
                return Seconds(secs);
            }

            return null;
        }

        /// <summary>
        /// A server's number of seconds as a wait: negative means none, and anything beyond a day (1e13, Infinity)
        /// is clamped to a day. Callers cap further (MaxRetryAfter); this only keeps TimeSpan from overflowing.
        /// </summary>
        private static TimeSpan Seconds(double seconds) =>
            double.IsNaN(seconds) || seconds <= 0 ? TimeSpan.Zero
            : seconds >= MaxWait.TotalSeconds ? MaxWait
            : TimeSpan.FromSeconds(seconds);

        private static TimeSpan Clamp(TimeSpan wait) => wait > MaxWait ? MaxWait : wait;

        // A budget resets within Cloudflare's 5-minute window (docs/cloudflare-api.md#rate-limits); a later reset is
        // not believed, so a hostile or broken header cannot stall the pacer for longer than one window.
        private static TimeSpan Window(TimeSpan reset) => reset > CloudflareWindow ? CloudflareWindow : reset;

        private static readonly TimeSpan CloudflareWindow = TimeSpan.FromMinutes(5);

        private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

        private static string? First(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }

            return response.Content?.Headers.TryGetValues(name, out var contentValues) == true ? contentValues.FirstOrDefault() : null;
        }
    }
}
