using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// Outermost: repeats an idempotent request on a connection error, a timeout, 408, 429 or 5xx, with
    /// exponential backoff and jitter, honouring Retry-After (api-contract §6). Each attempt is a fresh
    /// copy of the request, so a body is sent whole every time.
    /// </summary>
    internal sealed class RetryHandler : DelegatingHandler
    {
        private readonly TransportSettings _settings;
        private readonly RequestPacer _pacer;
        private readonly IZtClock _clock;
        private readonly Random _jitter = new Random();

        public RetryHandler(TransportSettings settings, RequestPacer pacer, IZtClock clock)
        {
            _settings = settings;
            _pacer = pacer;
            _clock = clock;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            bool retryable = ZtRequestOptions.Retry(request) == RetryMode.Idempotent;
            byte[]? body = retryable && request.Content != null ? await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false) : null;
            int maxAttempts = retryable ? _settings.MaxRetries + 1 : 1;
            IZtLog log = ZtRequestOptions.Log(request);
            string Target() => request.Method + " " + Redaction.Url(request.RequestUri);

            for (int attempt = 1; ; attempt++)
            {
                HttpResponseMessage response;

                // A request message can be sent once; later attempts send a fresh copy with the same body.
                using (HttpRequestMessage? copy = attempt == 1 ? null : Clone(request, body))
                {
                    try
                    {
                        // The pacing handler inside starts the attempt's timeout once the request may be sent.
                        response = await base.SendAsync(copy ?? request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException || ex is HttpRequestException || ex is IOException)
                    {
                        bool timedOut = ex is OperationCanceledException;
                        if (attempt >= maxAttempts)
                        {
                            throw new ZtTransportException(request.Method.Method, Redaction.Url(request.RequestUri), timedOut, attempt, timedOut ? null : ex);
                        }

                        TimeSpan wait = Backoff(attempt);
                        log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {(timedOut ? "timed out" : "connection failed")}; retry {attempt} of {maxAttempts - 1} in {wait.TotalSeconds:0.0}s"));
                        await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                int status = (int)response.StatusCode;
                bool transient = status == 408 || status == 429 || status >= 500;
                if (status == 429)
                {
                    TimeSpan pause = Cap(RateLimitHeaders.ReadRetryAfter(response, _clock.UtcNow) ?? Backoff(attempt));
                    _pacer.PauseFor(pause);
                }

                if (!transient || attempt >= maxAttempts)
                {
                    return response;
                }

                TimeSpan delay = Cap(RateLimitHeaders.ReadRetryAfter(response, _clock.UtcNow) ?? Backoff(attempt));
                log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {status}; retry {attempt} of {maxAttempts - 1} in {delay.TotalSeconds:0.0}s"));
                response.Dispose();

                // After a 429 the pacer already holds everyone back; waiting here as well would double the pause.
                if (status != 429)
                {
                    await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private TimeSpan Backoff(int attempt)
        {
            double jitter;
            lock (_jitter)
            {
                jitter = _jitter.NextDouble();
            }

            return _settings.Backoff(attempt, jitter);
        }

        private TimeSpan Cap(TimeSpan delay) => delay > _settings.MaxRetryAfter ? _settings.MaxRetryAfter : delay;

        private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (body != null)
            {
                copy.Content = new ByteArrayContent(body);
                foreach (var header in request.Content!.Headers)
                {
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            ZtRequestOptions.CopyTo(request, copy);
            return copy;
        }
    }

    /// <summary>
    /// Waits for the credential's pacer before each attempt, and feeds it the server's budget after. Waiting for
    /// budget is bounded by its own limit (<see cref="TransportSettings.BudgetWaitLimit"/>); the attempt's
    /// <see cref="TransportSettings.RequestTimeout"/> starts only once the request may go on the wire.
    /// </summary>
    internal sealed class PacingHandler : DelegatingHandler
    {
        private readonly RequestPacer _pacer;
        private readonly TransportSettings _settings;
        private readonly IZtClock _clock;

        public PacingHandler(RequestPacer pacer, TransportSettings settings, IZtClock clock)
        {
            _pacer = pacer;
            _settings = settings;
            _clock = clock;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await WaitForBudgetAsync(request, cancellationToken).ConfigureAwait(false);
            ServerBudget? budget = null;
            try
            {
                using var onTheWire = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                onTheWire.CancelAfter(_settings.RequestTimeout);
                HttpResponseMessage response = await base.SendAsync(request, onTheWire.Token).ConfigureAwait(false);
                budget = RateLimitHeaders.ReadBudget(response, _clock.UtcNow);
                return response;
            }
            finally
            {
                _pacer.Complete(budget);
            }
        }

        private async Task WaitForBudgetAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            TimeSpan limit = _settings.BudgetWaitLimit;
            if (!await _pacer.TryWaitAsync(limit, cancellationToken).ConfigureAwait(false))
            {
                throw new ZtBudgetWaitException(request.Method.Method, Redaction.Url(request.RequestUri), limit, _pacer.Limit, _pacer.Window);
            }
        }
    }

    /// <summary>Writes the credential's headers on each attempt; nothing else ever sees them.</summary>
    internal sealed class AuthHandler : DelegatingHandler
    {
        private readonly ZtCredential? _credential;

        public AuthHandler(ZtCredential? credential)
        {
            _credential = credential;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _credential?.Apply(request);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// One verbose line per attempt: <c>GET url -> 200 (cf-ray …, 84 ms)</c>. Bodies go to debug with secret-looking
    /// fields masked. Headers are never logged.
    /// </summary>
    internal sealed class TraceHandler : DelegatingHandler
    {
        private const int MaxDebugBody = 4096;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            IZtLog log = ZtRequestOptions.Log(request);
            bool debug = log.IsEnabled(ZtMessageLevel.Debug);
            bool verbose = log.IsEnabled(ZtMessageLevel.Verbose);
            if (!debug && !verbose)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            string target = request.Method + " " + Redaction.Url(request.RequestUri);
            if (debug && request.Content != null)
            {
                string sent = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
                log.Write(new ZtMessage(ZtMessageLevel.Debug, $"{target} request body: {Redaction.Body(sent, MaxDebugBody)}"));
            }

            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                string reason = ex is OperationCanceledException ? "cancelled or timed out" : ex.GetType().Name + ": " + Redaction.Text(ex.Message);
                log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{target} -> no response ({reason}, {watch.ElapsedMilliseconds} ms)"));
                throw;
            }

            string ray = response.Headers.TryGetValues("cf-ray", out var rays) ? rays.FirstOrDefault() ?? "no cf-ray" : "no cf-ray";
            log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{target} -> {(int)response.StatusCode} ({ray}, {watch.ElapsedMilliseconds} ms)"));
            if (debug && response.Content != null)
            {
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                string received = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                log.Write(new ZtMessage(ZtMessageLevel.Debug, $"{target} response body: {Redaction.Body(received, MaxDebugBody)}"));
            }

            return response;
        }
    }
}
