using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// Keeps one credential under Cloudflare's budget (1200 requests per 300 s by default, shared with the
    /// dashboard; going over locks the credential out for the rest of the window: api-contract §5).
    /// A token bucket sets the pace; the server's own <c>Ratelimit</c> numbers stop us before a 429; a 429
    /// pauses the whole bucket, not just the request that got it.
    /// </summary>
    public sealed class RequestPacer
    {
        private static readonly ConcurrentDictionary<string, RequestPacer> Shared = new ConcurrentDictionary<string, RequestPacer>(StringComparer.Ordinal);

        private readonly object _gate = new object();
        private readonly IZtClock _clock;
        private int _limit;
        private TimeSpan _window;
        private double _capacity;
        private double _tokens;
        private DateTimeOffset _refilledAt;
        private DateTimeOffset _pausedUntil;
        private bool _serverSpeaks;
        private int _serverRemaining;
        private int _serverReported;
        private DateTimeOffset _serverResetAt;
        private long _throttled;

        public RequestPacer(int limit, TimeSpan window, IZtClock? clock = null)
        {
            _clock = clock ?? SystemClock.Instance;
            _refilledAt = _clock.UtcNow;
            Configure(limit, window);
            _tokens = _capacity;
        }

        public int Limit => _limit;

        public TimeSpan Window => _window;

        /// <summary>429 answers this credential has seen.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);

        /// <summary>One pacer per credential and host in the process, so every cmdlet and runspace shares one budget.</summary>
        internal static RequestPacer ForCredential(string key, int limit, TimeSpan window)
        {
            RequestPacer pacer = Shared.GetOrAdd(key, _ => new RequestPacer(limit, window));
            pacer.Configure(limit, window);
            return pacer;
        }

        public void Configure(int limit, TimeSpan window)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "The rate limit must allow at least one request.");
            }

            if (window <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(window), "The rate-limit window must be longer than zero.");
            }

            lock (_gate)
            {
                _limit = limit;
                _window = window;

                // A burst of 5% of the budget keeps short jobs snappy; RatePerSecond keeps every window within the limit.
                _capacity = Math.Max(1, Math.Floor(limit / 20.0));
                _tokens = Math.Min(_tokens, _capacity);
            }
        }

        /// <summary>Waits until a request may be sent, then counts it.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    DateTimeOffset now = _clock.UtcNow;
                    Refill(now);
                    wait = TimeUntilAllowed(now);
                    if (wait <= TimeSpan.Zero)
                    {
                        _tokens -= 1;
                        if (_serverSpeaks)
                        {
                            _serverRemaining--;
                        }

                        return;
                    }
                }

                await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The server's view of the budget, read from a response. <paramref name="inFlight"/> counts requests it may not have seen yet.</summary>
        internal void ObserveServerBudget(ServerBudget budget, int inFlight)
        {
            lock (_gate)
            {
                DateTimeOffset now = _clock.UtcNow;
                DateTimeOffset resetAt = now + budget.ResetIn;

                // t is whole seconds rounded up, so later answers in the same window overstate the wait; the
                // earliest reset seen in a window is the truest. A higher remaining count means a new window.
                bool sameWindow = _serverSpeaks && now < _serverResetAt && budget.Remaining <= _serverReported;
                _serverResetAt = sameWindow && _serverResetAt < resetAt ? _serverResetAt : resetAt;
                _serverSpeaks = true;
                _serverReported = budget.Remaining;
                _serverRemaining = budget.Remaining - Math.Max(0, inFlight);
            }
        }

        /// <summary>After a 429 nobody on this credential sends until the server's Retry-After has passed.</summary>
        public void PauseFor(TimeSpan delay)
        {
            lock (_gate)
            {
                DateTimeOffset until = _clock.UtcNow + delay;
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }

                _tokens = Math.Min(_tokens, 0);
            }

            Interlocked.Increment(ref _throttled);
        }

        private void Refill(DateTimeOffset now)
        {
            double elapsed = (now - _refilledAt).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_capacity, _tokens + (elapsed * RatePerSecond()));
                _refilledAt = now;
            }

            if (_serverSpeaks && now >= _serverResetAt)
            {
                _serverSpeaks = false;
            }
        }

        // Without server numbers the bucket alone must keep every window under the limit: a full bucket of C
        // plus (N - C + 1) refills per window puts at most N sends in any window of that length. With server
        // numbers the server's remaining count is the brake, so the full rate is safe.
        private double RatePerSecond() => (_serverSpeaks ? _limit : _limit - _capacity + 1) / _window.TotalSeconds;

        private TimeSpan TimeUntilAllowed(DateTimeOffset now)
        {
            if (now < _pausedUntil)
            {
                return _pausedUntil - now;
            }

            if (_serverSpeaks && _serverRemaining <= 0)
            {
                return (_serverResetAt - now) + TimeSpan.FromMilliseconds(50);
            }

            if (_tokens >= 1)
            {
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond());
        }
    }
}
