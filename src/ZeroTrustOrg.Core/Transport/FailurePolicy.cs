using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>What a failed attempt says about the request it carried (see <see cref="FailurePolicy"/>).</summary>
    internal enum FailureKind
    {
        /// <summary>
        /// Cloudflare answered 2xx: the request took effect. A write answered so is reported as applied and never
        /// sent again, whatever its body (docs/cloudflare-api.md#live-answers-and-the-reference).
        /// </summary>
        Accepted,

        /// <summary>
        /// The server answered and did not do it this time: 408, 500 and the other 5xx that are not a gateway's, or
        /// a read whose 2xx body is not JSON (a proxy's page, a truncated answer). The same request may succeed.
        /// </summary>
        Transient,

        /// <summary>429: the credential is over its budget (docs/cloudflare-api.md#rate-limits). Nothing was done.</summary>
        RateLimited,

        /// <summary>
        /// No whole answer (the connection failed, the attempt timed out, the body was cut off) or a gateway's
        /// 502, 503 or 504: the request may or may not have taken effect.
        /// </summary>
        OutcomeUnknown,

        /// <summary>Repeating will not change the answer: a 4xx, a refused redirect, success false, the caller stopping, anything else.</summary>
        Permanent,
    }

    /// <summary>How a request may be sent again after a failure (docs/cloudflare-api.md#retries-and-timeouts "What is safe to retry").</summary>
    internal enum ResendRule
    {
        /// <summary>The transport sends it once; the client's own loop decides about another attempt.</summary>
        Once,

        /// <summary>GET, PUT of DoH settings, revoke_user: sending it twice gives the same state, so the handler chain repeats it.</summary>
        Repeat,

        /// <summary>
        /// PUT of the organization: its body is a whole object from an earlier read, so it is sent again only after a
        /// fresh read and a re-plan (ZtClient.WriteUpdateAsync).
        /// </summary>
        ReadAndReplan,

        /// <summary>
        /// POST create: not idempotent. Only when its outcome is unknown does a GET check whether it happened; it is
        /// sent again only if it did not. After any other failure it is reported as failed.
        /// </summary>
        CheckFirst,
    }

    /// <summary>
    /// The one failure policy of a connection. The handler chain (<see cref="RetryHandler"/>), the create-then-check
    /// loop and the re-planned PUT (ZtClient) all ask it the same three questions: what kind of failure is this, may
    /// this request be tried again, and how long to wait before the next attempt. Each request gets
    /// <see cref="TransportSettings.MaxRetries"/> retries after its first attempt, whichever loop makes them.
    /// <para>
    /// The 429 rule: a 429 is about the credential, not the request (docs/cloudflare-api.md#rate-limits). So the
    /// answer pauses the credential's pacer for everyone on it (<see cref="PauseCredential"/>: Retry-After, at most
    /// <see cref="TransportSettings.MaxRetryAfter"/>), and a loop that retries after a 429 waits zero on top of that
    /// (<see cref="WaitBeforeRetry"/>): its next attempt waits in the pacer like every other request. Waiting in the
    /// loop as well would double the pause.
    /// </para>
    /// </summary>
    internal sealed class FailurePolicy
    {
        private readonly TransportSettings _settings;
        private readonly RequestPacer _pacer;
        private readonly IZtClock _clock;
        private readonly Func<double> _jitter;

        /// <param name="settings">The connection's retry budget, backoff and caps.</param>
        /// <param name="pacer">The credential's pacer, paused after a 429.</param>
        /// <param name="clock">The clock every wait uses (virtual in tests).</param>
        /// <param name="jitter">A source of numbers in 0..1 for backoff jitter; random unless a test pins it.</param>
        public FailurePolicy(TransportSettings settings, RequestPacer pacer, IZtClock clock, Func<double>? jitter = null)
        {
            _settings = settings;
            _pacer = pacer;
            _clock = clock;
            _jitter = jitter ?? RandomJitter();
        }

        /// <summary>Retries allowed after a request's first attempt.</summary>
        public int MaxRetries => _settings.MaxRetries;

        /// <summary>The rule the handler chain applies to a request sent with <paramref name="mode"/>.</summary>
        public static ResendRule RuleFor(RetryMode mode) => mode == RetryMode.Idempotent ? ResendRule.Repeat : ResendRule.Once;

        /// <summary>
        /// A status Cloudflare answered with. <paramref name="bodyIsJson"/> matters only for a read's 2xx
        /// (see <see cref="BodyDecides"/>): a write answered 2xx took effect, whatever its body.
        /// </summary>
        public static FailureKind Classify(HttpMethod method, int status, bool bodyIsJson = true)
        {
            if (status >= 200 && status < 300)
            {
                return BodyDecides(method, status) && !bodyIsJson ? FailureKind.Transient : FailureKind.Accepted;
            }

            return ClassifyStatus(status);
        }

        /// <summary>Whether the kind of this answer depends on its body: only a read's 2xx does.</summary>
        public static bool BodyDecides(HttpMethod method, int status) => method == HttpMethod.Get && status >= 200 && status < 300;

        /// <summary>A 3xx other than 304: never followed, whatever the request (docs/cloudflare-api.md#redirects).</summary>
        public static bool IsRedirect(int status) => status >= 300 && status < 400 && status != 304;

        /// <summary>
        /// An exception a send ended with: what the wire threw inside the handler chain (the attempt's own timeout, a
        /// connection error, a body cut off) or what the chain and the envelope reader made of it for the client.
        /// A bare <see cref="OperationCanceledException"/> is the caller stopping (the attempt's own timeout arrives as
        /// <see cref="AttemptTimeoutException"/>), so nothing tries it again.
        /// </summary>
        public static FailureKind Classify(Exception failure) => failure switch
        {
            AttemptTimeoutException _ => FailureKind.OutcomeUnknown,
            HttpRequestException _ => FailureKind.OutcomeUnknown,
            IOException _ => FailureKind.OutcomeUnknown,
            ZtTransportException _ => FailureKind.OutcomeUnknown,
            ZtApiException api => ClassifyStatus((int)api.StatusCode),
            ZtProtocolException { StatusCode: int status } when status >= 200 && status < 300 => FailureKind.Accepted,
            _ => FailureKind.Permanent,
        };

        /// <summary>
        /// Whether a request sent under <paramref name="rule"/> may be tried again after attempt number
        /// <paramref name="attempt"/> (1 for the first) failed with <paramref name="kind"/>.
        /// </summary>
        public bool MayTryAgain(ResendRule rule, FailureKind kind, int attempt)
        {
            if (attempt > _settings.MaxRetries)
            {
                return false;
            }

            switch (rule)
            {
                case ResendRule.Repeat:
                case ResendRule.ReadAndReplan:
                    return kind == FailureKind.Transient || kind == FailureKind.RateLimited || kind == FailureKind.OutcomeUnknown;
                case ResendRule.CheckFirst:
                    return kind == FailureKind.OutcomeUnknown;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The loop's own wait before the retry that follows attempt <paramref name="attempt"/>. Zero after a 429 (the
        /// 429 rule: the pacer already holds the credential); otherwise the server's hint if it gave one, or the
        /// backoff step, at most <see cref="TransportSettings.MaxRetryAfter"/>.
        /// </summary>
        /// <param name="kind">How the attempt failed.</param>
        /// <param name="attempt">The attempt that failed, from 1.</param>
        /// <param name="retryAfter">The server's Retry-After hint, if it gave one.</param>
        /// <param name="jitter">
        /// False for the client's own loops (create's check, the re-planned PUT): their wait is the plain step, one
        /// command's write that a user can predict. The handler chain's repeats take jitter, as the SDKs do.
        /// </param>
        public TimeSpan WaitBeforeRetry(FailureKind kind, int attempt, TimeSpan? retryAfter = null, bool jitter = true)
        {
            if (kind == FailureKind.RateLimited)
            {
                return TimeSpan.Zero;
            }

            return Cap(retryAfter ?? Backoff(attempt, jitter));
        }

        /// <summary>
        /// The 429 rule's other half: pauses everyone on the credential for the server's Retry-After (or the backoff
        /// step when it gave none), at most <see cref="TransportSettings.MaxRetryAfter"/>. Returns the pause.
        /// </summary>
        public TimeSpan PauseCredential(TimeSpan? retryAfter, int attempt)
        {
            TimeSpan pause = Cap(retryAfter ?? Backoff(attempt, jitter: true));
            _pacer.PauseFor(pause);
            return pause;
        }

        /// <summary>Waits <paramref name="wait"/> on the connection's clock; a zero wait does not yield.</summary>
        public Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) =>
            wait > TimeSpan.Zero ? _clock.Delay(wait, cancellationToken) : Task.CompletedTask;

        /// <summary>The backoff rule (<see cref="TransportSettings.Backoff"/>), with this policy's jitter or none.</summary>
        public TimeSpan Backoff(int attempt, bool jitter) => _settings.Backoff(attempt, jitter ? _jitter() : 0);

        private static FailureKind ClassifyStatus(int status)
        {
            if (status == 429)
            {
                return FailureKind.RateLimited;
            }

            // A gateway's error says the origin's answer did not reach us, not that the origin did nothing.
            if (status == 502 || status == 503 || status == 504)
            {
                return FailureKind.OutcomeUnknown;
            }

            return status == 408 || status >= 500 ? FailureKind.Transient : FailureKind.Permanent;
        }

        private TimeSpan Cap(TimeSpan delay) => delay > _settings.MaxRetryAfter ? _settings.MaxRetryAfter : delay;

        private static Func<double> RandomJitter()
        {
            var random = new Random();
            return () =>
            {
                lock (random)
                {
                    return random.NextDouble();
                }
            };
        }
    }
}
