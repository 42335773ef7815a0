using System;
using System.Collections.Generic;
using System.Globalization;

namespace ZeroTrustOrg.Emulator
{
    internal readonly struct RateLimitDecision
    {
        public RateLimitDecision(bool allowed, int remaining, TimeSpan untilReset, int quota, TimeSpan window)
        {
            Allowed = allowed;
            Remaining = remaining;
            UntilReset = untilReset;
            Quota = quota;
            Window = window;
        }

        public bool Allowed { get; }
        public int Remaining { get; }
        public TimeSpan UntilReset { get; }
        public int Quota { get; }
        public TimeSpan Window { get; }

        public int SecondsUntilReset => (int)Math.Ceiling(Math.Max(0, UntilReset.TotalSeconds));

        /// <summary>docs/cloudflare-api.md#rate-limits: IETF draft headers on every response, Retry-After only on a refusal.</summary>
        public void WriteHeaders(IDictionary<string, string> headers)
        {
            headers["Ratelimit"] = string.Format(CultureInfo.InvariantCulture, "\"default\";r={0};t={1}", Remaining, SecondsUntilReset);
            headers["Ratelimit-Policy"] = string.Format(CultureInfo.InvariantCulture, "\"default\";q={0};w={1}", Quota, (long)Math.Ceiling(Window.TotalSeconds));
            if (!Allowed)
            {
                headers["Retry-After"] = SecondsUntilReset.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// docs/cloudflare-api.md#rate-limits: a fixed window per credential that opens with the first request; once the quota is
    /// spent every request is refused until the window ends. Refused requests do not count.
    /// </summary>
    internal sealed class FixedWindowRateLimiter
    {
        private sealed class Window
        {
            public DateTimeOffset Start;
            public int Count;
        }

        private readonly Dictionary<string, Window> _windows = new Dictionary<string, Window>(StringComparer.Ordinal);

        public RateLimitDecision Acquire(string credential, DateTimeOffset now, int quota, TimeSpan length)
        {
            if (!_windows.TryGetValue(credential, out var window) || now >= window.Start + length || now < window.Start)
            {
                window = new Window { Start = now };
                _windows[credential] = window;
            }
            var untilReset = window.Start + length - now;
            if (window.Count >= quota)
            {
                return new RateLimitDecision(false, 0, untilReset, quota, length);
            }

            window.Count++;
            return new RateLimitDecision(true, quota - window.Count, untilReset, quota, length);
        }

        /// <summary>The headers for a request that no credential owns: a whole, untouched window.</summary>
        public static RateLimitDecision Untouched(int quota, TimeSpan length) => new RateLimitDecision(true, quota, length, quota, length);
    }
}
