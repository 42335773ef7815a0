using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// One attempt on the wire, within <see cref="TransportSettings.RequestTimeout"/>. It is the only owner of that
    /// clock: it sits inside the pacing handler, so the clock starts when the pacer lets the request go (waiting for
    /// budget is not time on the wire and has its own bound, <see cref="TransportSettings.BudgetWaitLimit"/>). The
    /// timeout covers the whole answer: the body is read here, inside the timed attempt, so a server that drips it
    /// cannot hold a call past -RequestTimeout, and a body cut off mid-stream is a failed attempt like any other.
    /// </summary>
    internal sealed class AttemptHandler : DelegatingHandler
    {
        private readonly TransportSettings _settings;

        public AttemptHandler(TransportSettings settings)
        {
            _settings = settings;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_settings.RequestTimeout);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
                await ResponseBody.BufferAsync(response, attempt.Token).ConfigureAwait(false);
                return response;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && TimedOut(ex, attempt))
            {
                // Not every stream honours the token on every platform: closing the response on timeout ends a read with
                // an I/O or disposed-object error instead, which is this attempt's timeout all the same.
                response?.Dispose();
                throw new AttemptTimeoutException(_settings.RequestTimeout, headersArrived: response != null, ex);
            }
            catch (Exception)
            {
                response?.Dispose();
                throw;
            }
        }

        private static bool TimedOut(Exception ex, CancellationTokenSource attempt) =>
            ex is OperationCanceledException
            || (attempt.IsCancellationRequested && (ex is IOException || ex is HttpRequestException || ex is ObjectDisposedException));
    }
}
