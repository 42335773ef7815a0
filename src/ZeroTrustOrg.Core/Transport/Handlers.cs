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
    /// Outermost: sends each attempt of a request and asks the connection's <see cref="FailurePolicy"/> what a failure
    /// means, whether to try again and how long to wait (docs/cloudflare-api.md#retries-and-timeouts). An idempotent
    /// request is repeated here, so every attempt on the wire spends from the same -MaxRetries. Each attempt is a fresh
    /// copy of the request, so a body is sent whole every time. Redirects are refused here, whatever the request.
    /// </summary>
    internal sealed class RetryHandler : DelegatingHandler
    {
        private readonly FailurePolicy _policy;
        private readonly IZtClock _clock;

        public RetryHandler(FailurePolicy policy, IZtClock clock)
        {
            _policy = policy;
            _clock = clock;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ResendRule rule = FailurePolicy.RuleFor(ZtRequestOptions.Retry(request));
            byte[]? body = rule == ResendRule.Repeat && request.Content != null ? await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false) : null;
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
                        response = await base.SendAsync(copy ?? request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex) when (FailurePolicy.Classify(ex) == FailureKind.OutcomeUnknown)
                    {
                        bool timedOut = ex is AttemptTimeoutException;
                        bool headersArrived = ex is ResponseBodyIncompleteException || (ex is AttemptTimeoutException late && late.HeadersArrived);
                        if (!_policy.MayTryAgain(rule, FailureKind.OutcomeUnknown, attempt))
                        {
                            throw new ZtTransportException(request.Method.Method, Redaction.Url(request.RequestUri), timedOut, attempt, timedOut ? null : ex, responseIncomplete: headersArrived);
                        }

                        TimeSpan backoff = _policy.WaitBeforeRetry(FailureKind.OutcomeUnknown, attempt);
                        string what = timedOut ? "timed out" : headersArrived ? "response body cut off" : "connection failed";
                        log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {what}; retry {attempt} of {_policy.MaxRetries} in {backoff.TotalSeconds:0.0}s"));
                        await _policy.DelayAsync(backoff, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                int status = (int)response.StatusCode;
                if (FailurePolicy.IsRedirect(status))
                {
                    // Never followed (the network handler has AllowAutoRedirect off): a redirect would carry the
                    // credential headers and the body to the host it names. The API does not redirect (docs/cloudflare-api.md#redirects).
                    string targetHost = response.Headers.Location is Uri location
                        ? (location.IsAbsoluteUri ? InputText.Escape(location.Authority) : "a path on the same host")
                        : "no Location given";
                    response.Dispose();
                    throw new ZtRedirectRefusedException(request.Method.Method, Redaction.Url(request.RequestUri), status, targetHost);
                }

                // Only a read's 2xx body decides anything here; it is parsed once, and the envelope reader uses that parse.
                bool bodyIsJson = !FailurePolicy.BodyDecides(request.Method, status) || (await ResponseBody.ReadJsonAsync(response).ConfigureAwait(false)).IsJson;
                FailureKind kind = FailurePolicy.Classify(request.Method, status, bodyIsJson);
                TimeSpan? retryAfter = RateLimitHeaders.ReadRetryAfter(response, _clock.UtcNow);
                TimeSpan paused = kind == FailureKind.RateLimited ? _policy.PauseCredential(retryAfter, attempt) : TimeSpan.Zero;
                if (!_policy.MayTryAgain(rule, kind, attempt))
                {
                    return response;
                }

                // After a 429 the loop's own wait is zero and the next attempt waits in the paused pacer (the 429 rule).
                TimeSpan wait = _policy.WaitBeforeRetry(kind, attempt, retryAfter);
                log.Write(new ZtMessage(ZtMessageLevel.Verbose, $"{Target()}: {status}{(bodyIsJson ? string.Empty : " with an unreadable response body")}; retry {attempt} of {_policy.MaxRetries} in {(paused + wait).TotalSeconds:0.0}s"));
                response.Dispose();
                await _policy.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }

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
    /// <see cref="TransportSettings.RequestTimeout"/> starts inside it (<see cref="AttemptHandler"/>), once the request may go on the wire.
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

        /// <summary>
        /// The body as text and parsed JSON. A buffered body (every answer that left the retry handler) is parsed on the
        /// first call and the parse is kept with it, so whoever asks next gets the same parse.
        /// </summary>
        public static async Task<ResponseJson> ReadJsonAsync(HttpResponseMessage response)
        {
            if (response.Content is BufferedContent buffered && buffered.Json != null)
            {
                return buffered.Json;
            }

            string text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            ResponseJson json = ResponseJson.Parse(text);
            if (response.Content is BufferedContent parsed)
            {
                parsed.Json = json;
            }

            return json;
        }

        private sealed class BufferedContent : ByteArrayContent
        {
            public BufferedContent(byte[] content) : base(content)
            {
            }

            public ResponseJson? Json { get; set; }
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
