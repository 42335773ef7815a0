using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// Keeps one credential under Cloudflare's budget (1200 requests per 300 s by default, shared with the
    /// dashboard; going over locks the credential out for the rest of the window: docs/cloudflare-api.md#rate-limits).
    /// Until the server has spoken, a token bucket sets the pace. Once a response carries <c>Ratelimit</c>
    /// numbers, the server's count is the brake: within its window the pacer keeps the lowest remaining count
    /// it has seen, and every request in flight counts against it, so neither a stale header nor a burst of
    /// concurrent sends can spend more than the server has left. A 429 pauses the whole credential.
    /// </summary>
    internal sealed class RequestPacer
    {
        private static readonly ConcurrentDictionary<string, RequestPacer> Shared = new ConcurrentDictionary<string, RequestPacer>(StringComparer.Ordinal);

        // The server states the reset in whole seconds; two answers about one window can differ by that much.
        private static readonly TimeSpan ResetGranularity = TimeSpan.FromSeconds(1);

        // Sent just after our estimate of the reset, so the first request of a window lands in it.
        private static readonly TimeSpan AfterReset = TimeSpan.FromMilliseconds(50);

        private readonly object _gate = new object();
        private readonly IZtClock _clock;
        private int _limit;
        private TimeSpan _window;
        private double _capacity;
        private double _tokens;
        private DateTimeOffset _refilledAt;
        private DateTimeOffset _pausedUntil;
        private bool _serverSpeaks;
        private int _serverLowest;
        private DateTimeOffset _serverResetAt;
        private int _inFlight;
        private long _throttled;
        private TaskCompletionSource<bool> _released = NewSignal();

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

        /// <summary>Requests granted and not yet completed.</summary>
        internal int InFlight
        {
            get
            {
                lock (_gate)
                {
                    return _inFlight;
                }
            }
        }

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

        /// <summary>
        /// Waits until a request may be sent, then counts it as in flight. Every successful wait must be
        /// matched by one <see cref="Complete"/> when the request's answer (or failure) is known.
        /// </summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await TryWaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Like <see cref="WaitAsync"/>, but gives up after <paramref name="maxWait"/> on this pacer's clock and
        /// returns false; nothing is counted then. <see cref="Timeout.InfiniteTimeSpan"/> waits as long as it takes.
        /// </summary>
        public async Task<bool> TryWaitAsync(TimeSpan maxWait, CancellationToken cancellationToken)
        {
            DateTimeOffset? deadline = maxWait == Timeout.InfiniteTimeSpan ? (DateTimeOffset?)null : _clock.UtcNow + maxWait;
            while (true)
            {
                TimeSpan wait;
                Task released;
                lock (_gate)
                {
                    DateTimeOffset now = _clock.UtcNow;
                    Refill(now);
                    wait = TimeUntilAllowed(now);
                    if (wait <= TimeSpan.Zero)
                    {
                        _tokens -= 1;
                        _inFlight++;
                        return true;
                    }

                    if (deadline.HasValue)
                    {
                        if (now >= deadline.Value)
                        {
                            return false;
                        }

                        if (now + wait > deadline.Value)
                        {
                            wait = deadline.Value - now;
                        }
                    }

                    released = _released.Task;
                }

                // A completed request can free budget before the reset (it was already counted in the lowest
                // remaining), so a waiter also wakes when one completes.
                using (var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    Task delay = _clock.Delay(wait, stopWaiting.Token);
                    Task first = await Task.WhenAny(delay, released).ConfigureAwait(false);
                    stopWaiting.Cancel();
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first == delay && delay.IsFaulted)
                    {
                        await delay.ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>
        /// A request granted by <see cref="WaitAsync"/> has ended. <paramref name="budget"/> is what its response
        /// said about the server's budget, or null when it carried no numbers (or no response arrived).
        /// </summary>
        internal void Complete(ServerBudget? budget)
        {
            TaskCompletionSource<bool> released;
            lock (_gate)
            {
                _inFlight = Math.Max(0, _inFlight - 1);
                DateTimeOffset now = _clock.UtcNow;
                if (budget.HasValue)
                {
                    Observe(budget.Value, now);
                }
                else if (_serverSpeaks && now < _serverResetAt)
                {
                    // The server may have counted a request whose answer we never read; assume it did.
                    _serverLowest--;
                }

                released = _released;
                _released = NewSignal();
            }

            released.TrySetResult(true);
        }

        /// <summary>
        /// A request granted by <see cref="TryWaitAsync"/> was never sent (what it was held for failed first): it
        /// leaves the count of requests in flight and gives its token back, as if it had never been granted.
        /// </summary>
        internal void ReleaseUnsent()
        {
            TaskCompletionSource<bool> released;
            lock (_gate)
            {
                _inFlight = Math.Max(0, _inFlight - 1);
                _tokens = Math.Min(_capacity, _tokens + 1);
                released = _released;
                _released = NewSignal();
            }

            released.TrySetResult(true);
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

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// Every answer in one server window reports a remaining count that only falls, except answers that finish
        /// out of order. So the lowest count seen is the truest, and it already counts every request whose answer
        /// has arrived; only requests still in flight are missing from it. The reset is stated in whole seconds
        /// rounded up, so answers about one window put it within a second of each other; a reset further out
        /// means the server opened a new window, one further back is a late answer about a window already over.
        /// docs/cloudflare-api.md#rate-limits
        /// </summary>
        private void Observe(ServerBudget budget, DateTimeOffset now)
        {
            DateTimeOffset resetAt = now + budget.ResetIn;
            if (_serverResetAt == default || resetAt > _serverResetAt + ResetGranularity)
            {
                _serverSpeaks = true;
                _serverLowest = budget.Remaining;
                _serverResetAt = resetAt;
                return;
            }

            if (now >= _serverResetAt || resetAt < _serverResetAt - ResetGranularity)
            {
                return;
            }

            _serverLowest = Math.Min(_serverLowest, budget.Remaining);
            if (resetAt < _serverResetAt)
            {
                _serverResetAt = resetAt;
            }
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
        // numbers the server's count is the brake, so the full rate is safe.
        private double RatePerSecond() => (_serverSpeaks ? _limit : _limit - _capacity + 1) / _window.TotalSeconds;

        private TimeSpan TimeUntilAllowed(DateTimeOffset now)
        {
            if (now < _pausedUntil)
            {
                return _pausedUntil - now;
            }

            // The server's count includes everyone else's use of the credential; the bucket keeps our own pace.
            if (_serverSpeaks && _serverLowest - _inFlight <= 0)
            {
                return (_serverResetAt - now) + AfterReset;
            }

            if (_tokens >= 1)
            {
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond());
        }
    }
}
