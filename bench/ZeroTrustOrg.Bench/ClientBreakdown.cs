using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Bench
{
    /// <summary>
    /// Where our per-request cost goes, with no socket and no server: the real GET and revoke answers are
    /// captured once from the emulator and replayed by a canned handler, then the whole chain and its pieces
    /// (the ones TraceHandler, Envelope and ZtClient run on every request) are timed one call at a time.
    /// </summary>
    public static class ClientBreakdown
    {
        private const int Warmup = 2000;
        private static readonly TimeSpan MinWarmup = TimeSpan.FromSeconds(0.5);
        private const int Iterations = 20000;

        private sealed class Canned
        {
            public byte[] Body = Array.Empty<byte>();
            public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
            public string ContentType = "application/json";
        }

        /// <summary>Answers every request with the captured response; completes synchronously.</summary>
        private sealed class CannedHandler : HttpMessageHandler
        {
            private readonly Canned _get;
            private readonly Canned _post;

            public CannedHandler(Canned get, Canned post)
            {
                _get = get;
                _post = post;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Canned canned = request.Method == HttpMethod.Get ? _get : _post;
                var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(canned.Body) };
                response.Content.Headers.ContentType = new MediaTypeHeaderValue(canned.ContentType);
                foreach (var header in canned.Headers)
                {
                    response.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                return Task.FromResult(response);
            }
        }

        public static async Task RunAsync(Uri baseUri, Report report)
        {
            Canned get = await CaptureAsync(baseUri, HttpMethod.Get, "");
            Canned post = await CaptureAsync(baseUri, HttpMethod.Post, "/revoke_user");
            string getText = Encoding.UTF8.GetString(get.Body);
            Uri getUri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + $"/accounts/{Workload.AccountId}/access/organizations");

            report.Line($"Where ours spends it (no socket, no server: the emulator's real answers — GET body {get.Body.Length} bytes, revoke body {post.Body.Length} bytes — replayed by a canned handler; one call at a time, {Iterations} calls after at least {Warmup} and {MinWarmup.TotalSeconds} s of warm-up):");
            report.Line();
            var table = new Table("what", "µs/call", "B/call", "runs per request");

            var rawHttp = new HttpClient(new CannedHandler(get, post));
            await Row(table, "HttpClient.SendAsync(GET) to the canned handler (floor)", "1", async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, getUri);
                using HttpResponseMessage response = await rawHttp.SendAsync(request).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            });

            using ZtClient client = ZtClient.Create(ZtCredential.FromToken(ZtCredential.ToSecureString(Workload.Token)), baseUri, new TransportSettings(),
                new CannedHandler(get, post), clock: null, pacer: new RequestPacer(100_000_000, TimeSpan.FromSeconds(1)));
            await Row(table, "ZtClient.GetOrganizationAsync (whole chain)", "1", async () => await client.GetOrganizationAsync(Workload.Scope).ConfigureAwait(false));
            await Row(table, "ZtClient.GetOrganizationJsonAsync (chain, no model)", "", async () => await client.GetOrganizationJsonAsync(Workload.Scope).ConfigureAwait(false));
            int i = 0;
            await Row(table, "ZtClient.RevokeUserAsync (whole chain)", "1", async () => await client.RevokeUserAsync(Workload.Scope, new RevokeUserRequest(Workload.Email(i++))).ConfigureAwait(false));

            await Row(table, "Redaction.Body(GET response, 4096) — TraceHandler's debug text", "1 per body (GET: 1, revoke: 2)", () =>
            {
                Redaction.Body(getText, 4096);
                return Task.CompletedTask;
            });
            // What-if for the report: Redaction's own patterns (read by reflection, so they stay in step with src/), compiled.
            Regex[] compiled = new[] { "SensitiveJson", "BearerValue" }
                .Select(name => (Regex)typeof(Redaction).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!)
                .Select(r => new Regex(r.ToString(), r.Options | RegexOptions.Compiled))
                .ToArray();
            await Row(table, "  what-if: the same two patterns with RegexOptions.Compiled", "", () =>
            {
                compiled[1].Replace(compiled[0].Replace(getText, m => m.Groups[1].Value + "\"***\""), "$1***");
                return Task.CompletedTask;
            });
            await Row(table, "Redaction.Url(uri)", "3 (RetryHandler, TraceHandler, Envelope)", () =>
            {
                Redaction.Url(getUri);
                return Task.CompletedTask;
            });
            await Row(table, "Encoding.UTF8.GetString(GET body) — ReadAsStringAsync", "2 (TraceHandler, ZtClient)", () =>
            {
                Encoding.UTF8.GetString(get.Body);
                return Task.CompletedTask;
            });
            using var getRequest = new HttpRequestMessage(HttpMethod.Get, getUri);
            using var getResponse = new HttpResponseMessage(HttpStatusCode.OK);
            await Row(table, "Envelope.ReadResult(GET) — parse to JsonNode, check the envelope", "1", () =>
            {
                Envelope.ReadResult(getResponse, getText, getRequest);
                return Task.CompletedTask;
            });
            var result = (JsonObject)Envelope.ReadResult(getResponse, getText, getRequest)!;
            await Row(table, "ZtClient.ToOrganization(result) — DeepClone + deserialize", "1 (GET)", () =>
            {
                ZtClient.ToOrganization(result, Workload.Scope);
                return Task.CompletedTask;
            });
            await Row(table, "new RevokeUserRequest(email) — validation", "1 (revoke)", () =>
            {
                _ = new RevokeUserRequest(Workload.Email(7));
                return Task.CompletedTask;
            });

            report.Table(table);
        }

        private static async Task Row(Table table, string what, string perRequest, Func<Task> call)
        {
            // At least 2000 calls and half a second, so tiered compilation has promoted the hot methods.
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < Warmup || warm.Elapsed < MinWarmup; i++)
            {
                await call().ConfigureAwait(false);
            }

            GC.Collect();
            long allocated0 = GC.GetTotalAllocatedBytes(true);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < Iterations; i++)
            {
                await call().ConfigureAwait(false);
            }

            double micros = watch.Elapsed.TotalMilliseconds * 1000 / Iterations;
            double bytes = (GC.GetTotalAllocatedBytes(true) - allocated0) / (double)Iterations;
            table.Row(what, micros, Math.Round(bytes), perRequest);
        }

        private static async Task<Canned> CaptureAsync(Uri baseUri, HttpMethod method, string suffix)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(method, baseUri.AbsoluteUri.TrimEnd('/') + $"/accounts/{Workload.AccountId}/access/organizations{suffix}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Workload.Token);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{\"email\":\"" + Workload.Email(0) + "\"}", Encoding.UTF8, "application/json");
            }

            using HttpResponseMessage response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return new Canned
            {
                Body = await response.Content.ReadAsByteArrayAsync(),
                ContentType = response.Content.Headers.ContentType?.MediaType ?? "application/json",
                Headers = response.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList(),
            };
        }
    }
}
