using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core;
    using ZeroTrustOrg.Core.Organization;
    using ZeroTrustOrg.Core.Transport;

    /// <summary>The Zero Trust organization API (api-contract §0) over one connection's handler chain.</summary>
    public sealed class ZtClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Uri _baseUri;
        private readonly TransportSettings _settings;
        private readonly IZtClock _clock;

        internal ZtClient(HttpMessageHandler pipeline, Uri baseUri, TransportSettings settings, IZtClock clock, RequestPacer pacer)
        {
            _http = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _baseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
            _settings = settings;
            _clock = clock;
            Pacer = pacer;
        }

        public RequestPacer Pacer { get; }

        public Uri BaseUri => _baseUri;

        /// <summary>
        /// Builds the handler chain: retry → pacing → auth → trace → inner. Pacing sits inside retry so every
        /// attempt spends from the budget; trace sits innermost so each attempt gets its own line.
        /// </summary>
        public static ZtClient Create(ZtCredential? credential, Uri baseUri, TransportSettings settings, HttpMessageHandler? inner = null, IZtClock? clock = null, RequestPacer? pacer = null)
        {
            settings.Validate();
            IZtClock time = clock ?? SystemClock.Instance;
            // Real time shares one budget per credential and host across the process; a test clock gets its own.
            RequestPacer budget = pacer ?? (clock != null
                ? new RequestPacer(settings.RateLimitRequests, settings.RateLimitWindow, clock)
                : RequestPacer.ForCredential(
                    (credential?.Fingerprint ?? "anonymous") + "|" + baseUri.Host + ":" + baseUri.Port,
                    settings.RateLimitRequests,
                    settings.RateLimitWindow));
            HttpMessageHandler transport = inner ?? new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
            var trace = new TraceHandler { InnerHandler = transport };
            var auth = new AuthHandler(credential) { InnerHandler = trace };
            var pacing = new PacingHandler(budget, settings, time) { InnerHandler = auth };
            var retry = new RetryHandler(settings, budget, time) { InnerHandler = pacing };
            return new ZtClient(retry, baseUri, settings, time, budget);
        }

        public async Task<ZtOrganization> GetOrganizationAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            JsonObject raw = await GetOrganizationJsonAsync(scope, log, cancellationToken).ConfigureAwait(false);
            return ToOrganization(raw, scope);
        }

        public async Task<JsonObject> GetOrganizationJsonAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            JsonNode? result = await SendAsync(HttpMethod.Get, OrganizationPath(scope), null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return result as JsonObject ?? throw new ZtProtocolException("The organization in the response was not a JSON object", "GET", OrganizationPath(scope), null);
        }

        /// <summary>
        /// POST create (api-contract §2.1). POST is not idempotent, so the transport never repeats it. When the
        /// outcome is unknown (no response, or a gateway error), this GETs first: if the organization now exists
        /// with our name and team domain, the create did happen; otherwise it POSTs again.
        /// </summary>
        public async Task<ZtOrganization> CreateOrganizationAsync(ZtScope scope, JsonObject body, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            IZtLog sink = log ?? NullZtLog.Instance;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    JsonNode? result = await SendAsync(HttpMethod.Post, OrganizationPath(scope), body, RetryMode.Never, sink, cancellationToken).ConfigureAwait(false);
                    return ToOrganization(result as JsonObject ?? new JsonObject(), scope);
                }
                catch (Exception ex) when (OutcomeUnknown(ex) && attempt <= _settings.MaxRetries)
                {
                    sink.Write(new ZtMessage(ZtMessageLevel.Verbose, $"POST {OrganizationPath(scope)}: outcome unknown ({ex.GetType().Name}); checking with a GET before trying again"));
                    await _clock.Delay(_settings.Backoff(attempt, jitter: 0), cancellationToken).ConfigureAwait(false);
                    JsonObject? existing = await TryGetExistingAsync(scope, sink, cancellationToken).ConfigureAwait(false);
                    if (existing != null)
                    {
                        if (SameOrganization(existing, body))
                        {
                            sink.Write(new ZtMessage(ZtMessageLevel.Verbose, "The organization exists with the requested name and team domain: the create went through."));
                            return ToOrganization(existing, scope);
                        }

                        throw;
                    }
                }
            }
        }

        /// <summary>Validate, GET, overlay the change, diff. Nothing is written; bad input fails before the GET.</summary>
        public async Task<OrganizationUpdatePlan> PlanUpdateAsync(ZtScope scope, OrganizationChange change, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            OrganizationPlanner.Validate(change, scope);
            JsonObject current = await GetOrganizationJsonAsync(scope, log, cancellationToken).ConfigureAwait(false);
            return OrganizationPlanner.PlanUpdate(change, scope, current);
        }

        /// <summary>PUT the plan's complete writable object (api-contract §2.2).</summary>
        public async Task<ZtOrganization> ApplyUpdateAsync(OrganizationUpdatePlan plan, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            JsonNode? result = await SendAsync(HttpMethod.Put, OrganizationPath(plan.Scope), plan.Body, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            var written = result as JsonObject ?? new JsonObject();

            // The PUT result schema lacks trusted_accounts (api-contract §1.1 notes); the read just before the write has it.
            foreach (var field in OrganizationFields.All.Where(f => f.ReadOnly && written[f.JsonName] == null && plan.Current[f.JsonName] != null))
            {
                written[field.JsonName] = plan.Current[field.JsonName]!.DeepClone();
            }

            return ToOrganization(written, plan.Scope);
        }

        /// <summary>revoke_user (api-contract §2.4). Safe to repeat, so retried like a GET.</summary>
        public async Task<ZtRevokeResult> RevokeUserAsync(ZtScope scope, RevokeUserRequest request, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            ZtRevokeResult revoke = ZtRevokeResult.For(request, scope);
            JsonObject body = request.ToBody(scope);
            string path = OrganizationPath(scope) + "/revoke_user";

            // The spec takes devices both in the query and the body (api-contract §2.4); send it in both so either reading works.
            if (scope.IsAccount && request.Devices.HasValue)
            {
                path += "?devices=" + (request.Devices.Value ? "true" : "false");
            }

            JsonNode? result = await SendAsync(HttpMethod.Post, path, body, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            revoke.Revoked = result is JsonValue value && value.TryGetValue(out bool revoked) && revoked;
            if (!revoke.Revoked)
            {
                revoke.Error = "Cloudflare answered result=false: the user's tokens were not revoked.";
            }

            return revoke;
        }

        public async Task<ZtDohSetting> GetDohSettingAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            RequireAccount(scope, "Get-ZtDohSetting");
            JsonNode? result = await SendAsync(HttpMethod.Get, OrganizationPath(scope) + "/doh", null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return ToDoh(result, scope);
        }

        /// <summary>PUT DoH settings; the spec answers 201 (api-contract §2.5), any 2xx is success.</summary>
        public async Task<ZtDohSetting> SetDohSettingAsync(ZtScope scope, DohSettingChange change, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            RequireAccount(scope, "Set-ZtDohSetting");
            JsonObject body = change.ToBody();
            JsonNode? result = await SendAsync(HttpMethod.Put, OrganizationPath(scope) + "/doh", body, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return ToDoh(result, scope);
        }

        /// <summary>
        /// api-contract §4: user tokens verify at /user/tokens/verify; account-owned tokens (cfat_, or a 1000 on the
        /// user endpoint while an account is known) verify at /accounts/{id}/tokens/verify.
        /// </summary>
        public async Task<ZtTokenStatus> VerifyTokenAsync(bool looksAccountOwned, string? accountId, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            if (looksAccountOwned && accountId != null)
            {
                return await VerifyAtAsync($"accounts/{accountId}/tokens/verify", log, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await VerifyAtAsync("user/tokens/verify", log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZtApiException ex) when (ex.HasCode(1000) && accountId != null)
            {
                (log ?? NullZtLog.Instance).Write(new ZtMessage(ZtMessageLevel.Verbose, "The user endpoint did not know the token; trying the account endpoint, as account-owned tokens need."));
                return await VerifyAtAsync($"accounts/{accountId}/tokens/verify", log, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _http.Dispose();

        internal static string OrganizationPath(ZtScope scope) => scope.PathPrefix + "/access/organizations";

        private async Task<ZtTokenStatus> VerifyAtAsync(string path, IZtLog? log, CancellationToken cancellationToken)
        {
            JsonNode? result = await SendAsync(HttpMethod.Get, path, null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return result?.Deserialize(ZtJsonContext.Default.ZtTokenStatus) ?? new ZtTokenStatus();
        }

        private async Task<JsonNode?> SendAsync(HttpMethod method, string relativePath, JsonNode? body, RetryMode retry, IZtLog? log, CancellationToken cancellationToken)
        {
            // A 2xx whose body is cut off (a proxy, a dropped connection) is repeated for idempotent calls like any other transient failure.
            int attempts = retry == RetryMode.Idempotent ? _settings.MaxRetries + 1 : 1;
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, new Uri(_baseUri, relativePath));
                request.Headers.Accept.ParseAdd("application/json");
                if (body != null)
                {
                    request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                }

                ZtRequestOptions.Set(request, retry, log ?? NullZtLog.Instance);
                using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                string text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                try
                {
                    return Envelope.ReadResult(response, text, request);
                }
                catch (ZtProtocolException) when (attempt < attempts)
                {
                    (log ?? NullZtLog.Instance).Write(new ZtMessage(ZtMessageLevel.Verbose, $"{method} {Redaction.Url(request.RequestUri)}: unreadable response body; trying again"));
                }
            }
        }

        private async Task<JsonObject?> TryGetExistingAsync(ZtScope scope, IZtLog log, CancellationToken cancellationToken)
        {
            try
            {
                return await GetOrganizationJsonAsync(scope, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZtApiException ex) when (ZtErrorInfo.IsNotEnabled(ex))
            {
                return null;
            }
        }

        private static bool OutcomeUnknown(Exception ex) =>
            ex is ZtTransportException
            || ex is ZtProtocolException
            || (ex is ZtApiException api && ((int)api.StatusCode == 502 || (int)api.StatusCode == 503 || (int)api.StatusCode == 504));

        private static bool SameOrganization(JsonObject existing, JsonObject body) =>
            string.Equals(JsonValues.AsString(existing["auth_domain"]), JsonValues.AsString(body["auth_domain"]), StringComparison.OrdinalIgnoreCase)
            && string.Equals(JsonValues.AsString(existing["name"]), JsonValues.AsString(body["name"]), StringComparison.Ordinal);

        /// <summary>The typed organization, remembering what it looked like as read so a later Set applies only what was changed on it.</summary>
        internal static ZtOrganization ToOrganization(JsonObject raw, ZtScope scope)
        {
            ZtOrganization organization = FromJson(raw);
            organization.ReadState = (JsonObject)raw.DeepClone();
            if (scope.IsAccount)
            {
                organization.AccountId = scope.Id;
            }
            else
            {
                organization.ZoneId = scope.Id;
            }

            return organization;
        }

        internal static ZtOrganization FromJson(JsonObject raw)
        {
            var canonical = (JsonObject)raw.DeepClone();
            OrganizationFields.RenameLegacyFields(canonical);
            return canonical.Deserialize(ZtJsonContext.Default.ZtOrganization) ?? new ZtOrganization();
        }

        private static ZtDohSetting ToDoh(JsonNode? result, ZtScope scope)
        {
            ZtDohSetting setting = result?.Deserialize(ZtJsonContext.Default.ZtDohSetting) ?? new ZtDohSetting();
            setting.AccountId = scope.Id;
            return setting;
        }

        private static void RequireAccount(ZtScope scope, string cmdlet)
        {
            if (!scope.IsAccount)
            {
                throw new ZtValidationException("ZoneId",
                    $"{cmdlet}: DNS-over-HTTPS settings exist only for accounts; {scope} is a zone (api-contract §1.2).",
                    "Pass -AccountId, or connect with a default account.");
            }
        }
    }
}
