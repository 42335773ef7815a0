using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>Puts an <see cref="EmulatorEngine"/> behind <see cref="HttpClient"/>, with no socket in between.</summary>
    internal sealed class EmulatorHandler : HttpMessageHandler
    {
        private readonly EmulatorEngine _engine;

        public EmulatorHandler(EmulatorEngine engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            IEnumerable<KeyValuePair<string, IEnumerable<string>>> allHeaders = request.Headers;
            if (request.Content != null)
            {
                allHeaders = allHeaders.Concat(request.Content.Headers);
            }

            foreach (var header in allHeaders)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var emulated = await _engine.HandleAsync(new EmulatorRequest
            {
                Method = request.Method.Method,
                PathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString,
                Headers = headers,
                Body = body,
            }, cancellationToken).ConfigureAwait(false);

            if (emulated.Delay > TimeSpan.Zero)
            {
                await Task.Delay(emulated.Delay, cancellationToken).ConfigureAwait(false);
            }

            if (emulated.AbortConnection)
            {
                throw new HttpRequestException("The emulator reset the connection.", new IOException("connection reset by emulator"));
            }

            var response = new HttpResponseMessage((HttpStatusCode)emulated.StatusCode)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(emulated.Body),
            };
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(emulated.ContentType);
            foreach (var header in emulated.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return response;
        }
    }
}
