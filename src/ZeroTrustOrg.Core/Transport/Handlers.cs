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
    /// exponential backoff and jitter, honouring Retry-After (docs/cloudflare-api.md#retries-and-timeouts). Each attempt is a fresh
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
                // The attempt's clock starts when the pacing handler lets the request go: waiting for rate-limit budget
                // is not time on the wire, and has its own bound (TransportSettings.BudgetWaitLimit).
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                HttpResponseMessage? response = null;
                bool headersArrived = false;

                // A request message can be sent once; later attempts send a fresh copy with the same body.
                using (HttpRequestMessage? copy = attempt == 1 ? null : Clone(request, body))
                {
                    try
                    {
                        HttpRequestMessage sent = copy ?? request;
                        ZtRequestOptions.SetAttemptTimeout(sent, attemptTimeout, _settings.RequestTimeout);
                        response = await base.SendAsync(sent, attemptTimeout.Token).ConfigureAwait(false);
                        headersArrived = true;

                        // The timeout covers the whole answer: the body is read here, inside the timed attempt, so a
                        // server that drips it cannot hold a call past -RequestTimeout, and a body cut off mid-stream
                        // is a failed attempt like any other rather than an error after the retries are done.
                        await ResponseBody.BufferAsync(response, attemptTimeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception) when (cancellationToken.IsCancellationRequested)
                    {
                        response?.Dispose();
                        throw;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException || ex is HttpRequestException || ex is IOException || (ex is ObjectDisposedException && attemptTimeout.IsCancellationRequested))
                    {
                        response?.Dispose();
                        headersArrived |= ex is ResponseBodyIncompleteException;
                        bool timedOut = ex is OperationCanceledException || attemptTimeout.IsCancellationRequested;
                        if (attempt >= maxAttempts)
                        {
                            throw new ZtTransportException(request.Method.Method, Redaction.Url(request.RequestUri), timedOut, attempt, timedOut ? null : ex, responseIncomplete: headersArrived);
                        }

                        TimeSpan wait = Backoff(attempt);
                        string what = timedOut ? "timed out" : headersArrived ? "response body cut off" : "connection failed";
                        log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {what}; retry {attempt} of {maxAttempts - 1} in {wait.TotalSeconds:0.0}s"));
                        await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                int status = (int)response.StatusCode;
                if (status >= 300 && status < 400 && status != 304)
                {
                    // Never followed (the network handler has AllowAutoRedirect off): a redirect would carry the
                    // credential headers and the body to the host it names. The API does not redirect (docs/cloudflare-api.md#redirects).
                    string targetHost = response.Headers.Location is Uri location
                        ? (location.IsAbsoluteUri ? InputText.Escape(location.Authority) : "a path on the same host")
                        : "no Location given";
                    response.Dispose();
                    throw new ZtRedirectRefusedException(request.Method.Method, Redaction.Url(request.RequestUri), status, targetHost);
                }

                // A read whose 2xx body is not JSON (a proxy's page, a truncated answer) is retried like any other transient
                // failure, here, so that it spends from the same -MaxRetries as every other attempt. A write answered 2xx
                // took effect, whatever its body, so it is never sent again (docs/cloudflare-api.md#live-answers-and-the-reference).
                bool unreadable = request.Method == HttpMethod.Get && status >= 200 && status < 300 && !await ResponseBody.IsJsonAsync(response).ConfigureAwait(false);
                bool transient = status == 408 || status == 429 || status >= 500 || unreadable;
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
                log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {status}{(unreadable ? " with an unreadable response body" : string.Empty)}; retry {attempt} of {maxAttempts - 1} in {delay.TotalSeconds:0.0}s"));
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
            // A read-modify-write holds its PUT's budget before its fresh read, so that no budget wait falls between
            // that read and the PUT; that attempt spends the held grant instead of waiting again.
            if (!(ZtRequestOptions.HeldBudget(request)?.TryTake() ?? false))
            {
                await WaitForBudgetAsync(request, cancellationToken).ConfigureAwait(false);
            }

            ZtRequestOptions.StartAttemptTimeout(request);
            ServerBudget? budget = null;
            try
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
        private readonly ZtCredential? _credential;

        public TraceHandler(ZtCredential? credential)
        {
            _credential = credential;
        }

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
            if (debug && request.Content != null && request.Content.Headers.ContentLength != 0)
            {
                string sent = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
                log.Write(new ZtMessage(ZtMessageLevel.Debug, $"{target} request body: {Redaction.Body(sent, MaxDebugBody, _credential)}"));
            }

            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                string reason = ex is OperationCanceledException ? "cancelled or timed out" : ex.GetType().Name + ": " + Redaction.Text(ex.Message, _credential);
                log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{target} -> no response ({reason}, {watch.ElapsedMilliseconds} ms)"));
                throw;
            }

            string ray = response.Headers.TryGetValues("cf-ray", out var rays) ? InputText.Escape(rays.FirstOrDefault() ?? "no cf-ray") : "no cf-ray";
            log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{target} -> {(int)response.StatusCode} ({ray}, {watch.ElapsedMilliseconds} ms)"));
            if (debug && response.Content != null)
            {
                // The token is the attempt's own, so reading the body here stays inside -RequestTimeout.
                try
                {
                    await ResponseBody.BufferAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    response.Dispose();
                    throw;
                }

                string received = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                log.Write(new ZtMessage(ZtMessageLevel.Debug, $"{target} response body: {Redaction.Body(received, MaxDebugBody, _credential)}"));
            }

            return response;
        }
    }

    /// <summary>Reads a response body into memory within a deadline, so that what follows never waits on the network.</summary>
    internal static class ResponseBody
    {
        public static async Task BufferAsync(HttpResponseMessage response, CancellationToken timeout)
        {
            if (response.Content == null || response.Content is BufferedContent)
            {
                return;
            }

            try
            {
                // Not every stream honours the token on every platform (.NET Framework); closing the response on
                // timeout ends the read there too.
                using (timeout.Register(response.Dispose))
                {
                    Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, 81920, timeout).ConfigureAwait(false);
                    var buffered = new BufferedContent(buffer.ToArray());
                    foreach (var header in response.Content.Headers)
                    {
                        buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    response.Content.Dispose();
                    response.Content = buffered;
                }
            }
            catch (Exception ex) when (!timeout.IsCancellationRequested && (ex is IOException || ex is HttpRequestException || ex is ObjectDisposedException))
            {
                throw new ResponseBodyIncompleteException(ex);
            }
        }

        /// <summary>Whether a buffered body parses as JSON.</summary>
        public static async Task<bool> IsJsonAsync(HttpResponseMessage response)
        {
            if (response.Content == null)
            {
                return false;
            }

            byte[] bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            try
            {
                using (System.Text.Json.JsonDocument.Parse(bytes))
                {
                    return true;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        private sealed class BufferedContent : ByteArrayContent
        {
            public BufferedContent(byte[] content) : base(content)
            {
            }
        }
    }

    /// <summary>The status and headers arrived; the body was cut off before its end.</summary>
    internal sealed class ResponseBodyIncompleteException : IOException
    {
        public ResponseBodyIncompleteException(Exception inner) : base(inner.GetBaseException().Message, inner)
        {
        }
    }
}
