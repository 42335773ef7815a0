using System;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// Decides when a long run reports progress: at most one update per interval, and the last one always. Every
    /// record costs a host round trip, and Azure Automation stores each one when progress logging is on.
    /// </summary>
    internal sealed class ProgressThrottle
    {
        /// <summary>A few updates per second is as fast as anyone reads.</summary>
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

        private readonly IZtClock _clock;
        private readonly TimeSpan _interval;
        private readonly DateTimeOffset _started;
        private DateTimeOffset? _last;

        public ProgressThrottle(IZtClock? clock = null, TimeSpan? interval = null, TimeSpan? quietStart = null)
        {
            _clock = clock ?? SystemClock.Instance;
            _interval = interval ?? DefaultInterval;
            QuietStart = quietStart ?? TimeSpan.FromSeconds(1);
            _started = _clock.UtcNow;
        }

        /// <summary>A run that ends within this time shows no progress at all, unless its total is large.</summary>
        public TimeSpan QuietStart { get; }

        /// <summary>How many updates were let through.</summary>
        public int Shown { get; private set; }

        /// <summary>True when this update should be shown. <paramref name="total"/> is 0 when unknown.</summary>
        public bool ShouldShow(int done, int total, bool isLast = false)
        {
            DateTimeOffset now = _clock.UtcNow;
            bool quiet = now - _started < QuietStart && (total == 0 || total < 20);
            if (quiet)
            {
                return false;
            }

            if (!isLast && _last.HasValue && now - _last.Value < _interval)
            {
                return false;
            }

            _last = now;
            Shown++;
            return true;
        }

        /// <summary>The percentage to show, or -1 when the total is not known yet.</summary>
        public static int Percent(int done, int total) => total > 0 ? Math.Min(100, (int)((long)done * 100 / total)) : -1;
    }
}
