using System;
using System.Globalization;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>Retry, timeout and pacing settings of a connection. The defaults are documented in about_ZeroTrustOrg.</summary>
    internal sealed class TransportSettings
    {
        public const int DefaultMaxRetries = 5;

        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

        /// <summary>
        /// How old the read behind a read-modify-write may be when its PUT goes out. The API has no conditional write
        /// (docs/cloudflare-api.md#update), so an older read (or one a question was asked about) is read again
        /// right before the PUT. Two seconds covers a plain command's own GET-plan-PUT with room to spare, and never
        /// a prompt or a wait for rate-limit budget. Documented in about_ZeroTrustOrg (concurrency).
        /// </summary>
        public static readonly TimeSpan MaxReadAgeBeforeWrite = TimeSpan.FromSeconds(2);

        /// <summary>Retries after the first attempt (0 = no retries).</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>How long one attempt may take (docs/cloudflare-api.md#retries-and-timeouts: about 30-60 s).</summary>
        public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

        /// <summary>docs/cloudflare-api.md#rate-limits: 1200 requests per 5 minutes per credential.</summary>
        public int RateLimitRequests { get; set; } = 1200;

        public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>
        /// How long one request may wait for rate-limit budget before it fails unsent; null means the default,
        /// two windows (enough for a spent window to reset, and for the queue ahead to drain into the next).
        /// Separate from <see cref="RequestTimeout"/>, which bounds only the time on the wire.
        /// </summary>
        public TimeSpan? MaxBudgetWait { get; set; }

        /// <summary>The budget-wait bound in force: <see cref="MaxBudgetWait"/>, or two rate-limit windows.</summary>
        public TimeSpan BudgetWaitLimit => MaxBudgetWait ?? TimeSpan.FromTicks(RateLimitWindow.Ticks * 2);

        /// <summary>First backoff step; doubled per attempt, with up to 25% jitter taken off (as the official SDKs do).</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>A lockout lasts at most the 5-minute window, so a longer Retry-After is not believed (docs/cloudflare-api.md#retries-and-timeouts).</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>The wait before retry <paramref name="attempt"/>: BaseDelay doubled per attempt, capped at MaxDelay, less up to a quarter by <paramref name="jitter"/> (0..1).</summary>
        public TimeSpan Backoff(int attempt, double jitter)
        {
            double grown = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            double capped = Math.Min(grown, MaxDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(capped * (1 - (0.25 * jitter)));
        }

        public void Validate()
        {
            if (MaxRetries < 0 || MaxRetries > 20)
            {
                throw new ZtValidationException("MaxRetries", $"-MaxRetries {MaxRetries} is out of range: it must be between 0 and 20.", "Pick a value between 0 and 20; the default is 5.");
            }

            if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(10))
            {
                throw new ZtValidationException("RequestTimeout", $"-RequestTimeout {RequestTimeout} is out of range: it must be between 1 second and 10 minutes.", "Pick a value such as 30 (seconds).");
            }

            if (MaxBudgetWait.HasValue && (MaxBudgetWait.Value < TimeSpan.FromSeconds(1) || MaxBudgetWait.Value > TimeSpan.FromHours(24)))
            {
                throw new ZtValidationException("MaxBudgetWait", $"-MaxBudgetWait {MaxBudgetWait.Value} is out of range: it must be between 1 second and 24 hours.", "Pick a value such as 600 (seconds); the default is two rate-limit windows.");
            }

            if (RateLimitRequests < 1 || RateLimitWindow < TimeSpan.FromSeconds(1) || RateLimitRequests > MaxRateLimitRequests || RateLimitWindow > MaxRateLimitWindow)
            {
                throw new ZtValidationException("RateLimit", $"-RateLimit must allow between 1 and {MaxRateLimitRequests} requests per window of 1 second to 24 hours.", "Use the form 1200/300s (requests/window).");
            }
        }

        private const int MaxRateLimitRequests = 1_000_000;

        private static readonly TimeSpan MaxRateLimitWindow = TimeSpan.FromHours(24);

        public override string ToString() => $"{RateLimitRequests}/{(int)RateLimitWindow.TotalSeconds}s, {MaxRetries} retries, {(int)RequestTimeout.TotalSeconds}s timeout";

        /// <summary>Parses <c>1200/300s</c>, <c>120/30s</c> or <c>600/5m</c>.</summary>
        public static (int Requests, TimeSpan Window) ParseRateLimit(string text, string parameter = "RateLimit")
        {
            string[] parts = (text ?? string.Empty).Trim().Split('/');

            // NumberStyles.None: ASCII digits only, no sign, no spaces, no thousands separators.
            if (parts.Length == 2 && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int requests)
                && requests > 0 && requests <= MaxRateLimitRequests
                && GoDuration.TryParse(parts[1].Trim(), out TimeSpan window) && window >= TimeSpan.FromSeconds(1) && window <= MaxRateLimitWindow)
            {
                return (requests, window);
            }

            throw new ZtValidationException(parameter,
                $"-{parameter} '{InputText.Glimpse(text)}' is not of the form requests/window with ASCII digits (1 to {MaxRateLimitRequests} requests per 1s to 24h).",
                "Write it like 1200/300s or 600/5m.");
        }
    }
}
