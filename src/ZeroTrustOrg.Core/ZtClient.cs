using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg.Core
{
    using ZeroTrustOrg.Core.Organization;
    using ZeroTrustOrg.Core.Reading;
    using ZeroTrustOrg.Core.Transport;

    /// <summary>The Zero Trust organization API (docs/cloudflare-api.md#endpoints) over one connection's handler chain.</summary>
    internal sealed class ZtClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Uri _baseUri;
        private readonly TransportSettings _settings;
        private readonly IZtClock _clock;
        private readonly FailurePolicy _policy;

        // .NET Framework's handler refuses a GET that carries content; there the empty-content guard below is skipped.
        private static readonly bool CanSendEmptyContentOnGet =
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private readonly ZtCredential? _credential;
        private volatile bool _closed;

        internal ZtClient(HttpMessageHandler pipeline, Uri baseUri, TransportSettings settings, IZtClock clock, RequestPacer pacer, FailurePolicy policy, ZtCredential? credential)
        {
            _policy = policy;
            _credential = credential;
            _http = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _baseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
            _settings = settings;
            _clock = clock;
            Pacer = pacer;
        }

        public RequestPacer Pacer { get; }

        public Uri BaseUri => _baseUri;

        /// <summary>True when the innermost handler is the built-in emulator; every result says so.</summary>
        public bool IsEmulator { get; internal set; }

        /// <summary>
        /// Builds the handler chain: retry → pacing → attempt → auth → trace → inner. Pacing sits inside retry so every
        /// attempt spends from the budget; the attempt's timeout sits inside pacing so it starts once the request may go
        /// on the wire; trace sits innermost so each attempt gets its own line. One <see cref="FailurePolicy"/> serves
        /// the retry handler and this client's own loops (create's check, the re-planned PUT).
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
            HttpMessageHandler transport = inner ?? CreateNetworkHandler(proxy: null);
            var trace = new TraceHandler(credential) { InnerHandler = transport };
            var auth = new AuthHandler(credential) { InnerHandler = trace };
            var attempt = new AttemptHandler(settings) { InnerHandler = auth };
            var pacing = new PacingHandler(budget, settings, time) { InnerHandler = attempt };
            var policy = new FailurePolicy(settings, budget, time);
            var retry = new RetryHandler(policy, time) { InnerHandler = pacing };
            return new ZtClient(retry, baseUri, settings, time, budget, policy, credential);
        }

        /// <summary>
        /// The handler that talks to the network. Redirects are never followed: .NET drops Authorization on a redirect
        /// but keeps X-Auth-Key and X-Auth-Email, and would carry a PUT body to whatever host a 307 names.
        /// </summary>
        internal static HttpClientHandler CreateNetworkHandler(IWebProxy? proxy)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            if (proxy != null)
            {
                handler.Proxy = proxy;
                handler.UseProxy = true;
            }

            return handler;
        }

        public async Task<ZtOrganization> GetOrganizationAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            JsonObject raw = await GetOrganizationJsonAsync(scope, log, cancellationToken).ConfigureAwait(false);
            return Stamp(ToOrganization(raw, scope, log, _credential));
        }

        public async Task<JsonObject> GetOrganizationJsonAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            JsonNode? result = await SendAsync(HttpMethod.Get, OrganizationPath(scope), null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return RequireObject(result, "the organization", OrganizationPath(scope));
        }

        /// <summary>
        /// POST create (docs/cloudflare-api.md#create). POST is not idempotent, so the transport never repeats it. When the
        /// outcome is unknown (no response, or a gateway error), this GETs first: if the organization now exists
        /// with our name and team domain, the create did happen; otherwise it POSTs again (<see cref="ResendRule.CheckFirst"/>).
        /// </summary>
        public async Task<ZtOrganization> CreateOrganizationAsync(ZtScope scope, JsonObject body, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            IZtLog sink = log ?? NullZtLog.Instance;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    WriteAnswer answer = await SendWriteAsync(HttpMethod.Post, OrganizationPath(scope), body, RetryMode.Never, sink, cancellationToken).ConfigureAwait(false);
                    return Stamp(Written(answer, body, null, scope, sink, "POST"));
                }
                catch (Exception ex) when (_policy.MayTryAgain(ResendRule.CheckFirst, FailurePolicy.Classify(ex), attempt))
                {
                    sink.Write(new ZtMessage(ZtMessageLevel.Verbose, $"POST {OrganizationPath(scope)}: outcome unknown ({ex.GetType().Name}); checking with a GET before trying again"));
                    await _policy.DelayAsync(_policy.WaitBeforeRetry(FailureKind.OutcomeUnknown, attempt, jitter: false), cancellationToken).ConfigureAwait(false);
                    JsonObject? existing = await TryGetExistingAsync(scope, sink, cancellationToken).ConfigureAwait(false);
                    if (existing != null)
                    {
                        if (SameOrganization(existing, body))
                        {
                            sink.Write(new ZtMessage(ZtMessageLevel.Verbose, "The organization exists with the requested name and team domain: the create went through."));
                            return Stamp(ToOrganization(existing, scope, sink, _credential));
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
            return Planned(change, scope, current);
        }

        private OrganizationUpdatePlan Planned(OrganizationChange change, ZtScope scope, JsonObject current)
        {
            OrganizationUpdatePlan plan = OrganizationPlanner.PlanUpdate(change, scope, current);
            plan.IsEmulator = IsEmulator;
            plan.ReadAt = _clock.UtcNow;
            return plan;
        }

        /// <summary>The plan's write, with nobody asked (see <see cref="WriteUpdateAsync"/>).</summary>
        public async Task<ZtOrganization> ApplyUpdateAsync(OrganizationUpdatePlan plan, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            OrganizationUpdateResult result = await WriteUpdateAsync(plan, UpdateConsent.NotAsked, log, cancellationToken).ConfigureAwait(false);
            return result.Organization;
        }

        /// <summary>
        /// PUT the plan's complete writable object (docs/cloudflare-api.md#update). The body repeats every field, and the API
        /// has no conditional write, so a body built from an old read would write back what someone else changed since.
        /// So the PUT's rate-limit budget is taken first; then, if the read is older than
        /// <see cref="TransportSettings.MaxReadAgeBeforeWrite"/> or a question was asked about it, the organization is read
        /// again and the user's change applied to what is there now; then the PUT goes out at once on the budget taken.
        /// The same happens before a retry of a failed PUT (nothing is written, if the first PUT went through after all).
        /// A fresh write that is no longer what the user was asked about is not sent: see <see cref="UpdateConsent"/>.
        /// </summary>
        public async Task<OrganizationUpdateResult> WriteUpdateAsync(OrganizationUpdatePlan plan, UpdateConsent consent, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            IZtLog sink = log ?? NullZtLog.Instance;
            string path = OrganizationPath(plan.Scope);
            OrganizationUpdatePlan attemptPlan = plan;
            string? readAgainBecause = consent == UpdateConsent.Asked ? "a question was asked about it" : null;
            Exception? failedAttempt = null;
            for (int attempt = 1; ; attempt++)
            {
                var held = new HeldBudget(Pacer);
                DateTimeOffset waitStarted = _clock.UtcNow;
                if (!await Pacer.TryWaitAsync(_settings.BudgetWaitLimit, cancellationToken).ConfigureAwait(false))
                {
                    throw new ZtBudgetWaitException("PUT", Redaction.Url(new Uri(_baseUri, path)), _settings.BudgetWaitLimit, Pacer.Limit, Pacer.Window);
                }

                try
                {
                    TimeSpan age = _clock.UtcNow - (attemptPlan.ReadAt ?? DateTimeOffset.MinValue);
                    readAgainBecause ??= age > TransportSettings.MaxReadAgeBeforeWrite
                        ? Age(age, _clock.UtcNow - waitStarted)
                        : null;
                    if (readAgainBecause != null)
                    {
                        sink.Write(new ZtMessage(ZtMessageLevel.Verbose, $"PUT {path}: reading the organization again before the write ({readAgainBecause}), so the write carries what is there now"));
                        JsonObject fresh = await GetOrganizationJsonAsync(plan.Scope, sink, cancellationToken).ConfigureAwait(false);
                        OrganizationUpdatePlan replanned = Planned(plan.Change, plan.Scope, fresh);
                        if (!replanned.HasChanges)
                        {
                            sink.Write(failedAttempt != null
                                ? new ZtMessage(ZtMessageLevel.Verbose, "The organization already has the requested values (an earlier attempt went through); nothing more was sent.")
                                : new ZtMessage(ZtMessageLevel.Warning, InputText.Escape(
                                    $"Nothing was written to {plan.Scope}: it already has the requested values now ({string.Join("; ", OrganizationPlanner.ChangesSince(plan, replanned))}); someone changed it after it was read.")));
                            return new OrganizationUpdateResult(Stamp(ToOrganization(fresh, plan.Scope, sink, _credential)), replanned, sent: false);
                        }

                        IReadOnlyList<string> changes = OrganizationPlanner.ChangesSince(plan, replanned);
                        bool needsNewYes = consent == UpdateConsent.Asked
                            ? changes.Count > 0
                            : consent == UpdateConsent.NotAsked && OrganizationPlanner.NewWarnings(plan, replanned).Count > 0;
                        if (needsNewYes)
                        {
                            throw new ZtOrganizationChangedException(replanned, changes, readAgainBecause);
                        }

                        sink.Write(new ZtMessage(ZtMessageLevel.Verbose, changes.Count == 0
                            ? "Re-planned on the fresh read: the write is unchanged; edits to other fields since the first read are kept."
                            : InputText.Escape($"Re-planned on the fresh read: {string.Join("; ", changes)}; the requested values are written over it, and edits to other fields are kept.")));
                        attemptPlan = replanned;
                        readAgainBecause = null;
                    }

                    // Only the PUT's own answer counts as the write's: an unreadable answer to the fresh read above is a failed read.
                    WriteAnswer answer = await SendWriteAsync(HttpMethod.Put, path, attemptPlan.Body, RetryMode.Never, sink, cancellationToken, held).ConfigureAwait(false);
                    return new OrganizationUpdateResult(Stamp(Written(answer, attemptPlan.Body, attemptPlan.Current, attemptPlan.Scope, sink, "PUT")), attemptPlan, sent: true);
                }

                // Only a failed PUT is retried here (it took the held budget); a failed fresh read had its own retries.
                catch (Exception ex) when (held.Taken && _policy.MayTryAgain(ResendRule.ReadAndReplan, FailurePolicy.Classify(ex), attempt))
                {
                    // After a 429 this waits zero: the pacer is paused for the credential, and the next attempt waits there (the 429 rule).
                    TimeSpan wait = _policy.WaitBeforeRetry(FailurePolicy.Classify(ex), attempt, jitter: false);
                    sink.Write(new ZtMessage(ZtMessageLevel.Verbose,
                        $"PUT {path}: {Describe(ex)}; reading the organization again and re-applying the change before retry {attempt} of {_policy.MaxRetries}"));
                    failedAttempt = ex;
                    readAgainBecause = "the PUT failed (" + Describe(ex) + ")";
                    await _policy.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    held.ReleaseIfUnused();
                }
            }
        }

        private static string Age(TimeSpan age, TimeSpan budgetWait) =>
            budgetWait > TransportSettings.MaxReadAgeBeforeWrite
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "it waited {0:0.#} s for rate-limit budget", budgetWait.TotalSeconds)
                : age > TimeSpan.FromDays(1)
                    ? "the plan's read time is not known"
                    : string.Format(System.Globalization.CultureInfo.InvariantCulture, "the read is {0:0.#} s old", age.TotalSeconds);

        /// <summary>
        /// The organization after a write Cloudflare accepted (2xx). Its echo is read tolerantly; when it holds no
        /// organization, the result is what was written (the read before it with the body laid over it), and a warning
        /// says so: the write happened, and a caller must never take it for a failure (docs/cloudflare-api.md#live-answers-and-the-reference).
        /// </summary>
        private ZtOrganization Written(WriteAnswer answer, JsonObject body, JsonObject? before, ZtScope scope, IZtLog log, string method)
        {
            JsonObject written;
            if (answer.Result is JsonObject echo)
            {
                written = (JsonObject)echo.DeepClone();
            }
            else
            {
                log.Write(new ZtMessage(ZtMessageLevel.Warning, Redaction.Text(
                    $"Cloudflare accepted the {method} for the organization of {scope}, so the change was applied; its answer held {answer.Came} instead of the organization, so the result shows what was written.",
                    _credential)));
                written = before == null ? new JsonObject() : (JsonObject)before.DeepClone();
                foreach (var property in body)
                {
                    written[property.Key] = property.Value?.DeepClone();
                }
            }

            // The PUT result schema lacks trusted_accounts (docs/cloudflare-api.md#account-organization-fields notes); the read just before the write has it.
            if (before != null)
            {
                foreach (var field in OrganizationFields.All.Where(f => f.ReadOnly && written[f.JsonName] == null && before[f.JsonName] != null))
                {
                    written[field.JsonName] = before[field.JsonName]!.DeepClone();
                }
            }

            return ToOrganization(written, scope, log, _credential);
        }

        /// <summary>
        /// Sends a write. An answer of 2xx means it took effect (docs/cloudflare-api.md#live-answers-and-the-reference), so one
        /// whose body cannot be read is still a write done: its result is null and <see cref="WriteAnswer.Unreadable"/> says
        /// what came. It is never sent again for that.
        /// </summary>
        private async Task<WriteAnswer> SendWriteAsync(HttpMethod method, string path, JsonNode body, RetryMode retry, IZtLog log, CancellationToken cancellationToken, HeldBudget? held = null)
        {
            try
            {
                return new WriteAnswer(await SendAsync(method, path, body, retry, log, cancellationToken, held).ConfigureAwait(false), null);
            }
            catch (ZtProtocolException unreadable) when (FailurePolicy.Classify(unreadable) == FailureKind.Accepted)
            {
                return new WriteAnswer(null, unreadable.Answer ?? "an answer that could not be read");
            }
        }

        /// <summary>What a write answered 2xx with: its result, or null and what came instead of an envelope.</summary>
        private readonly struct WriteAnswer
        {
            public WriteAnswer(JsonNode? result, string? unreadable)
            {
                Result = result;
                Unreadable = unreadable;
            }

            public JsonNode? Result { get; }

            public string? Unreadable { get; }

            /// <summary>What the answer held, in a few words, for a warning.</summary>
            public string Came => Unreadable ?? (Result == null ? "no result" : ValueReader.Came(Result));
        }

        /// <summary>revoke_user (docs/cloudflare-api.md#revoking-a-user). Safe to repeat, so retried like a GET.</summary>
        public async Task<ZtRevokeResult> RevokeUserAsync(ZtScope scope, RevokeUserRequest request, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            ZtRevokeResult revoke = ZtRevokeResult.For(request, scope);
            revoke.IsEmulator = IsEmulator;
            JsonObject body = request.ToBody(scope);
            string path = OrganizationPath(scope) + "/revoke_user";

            // The spec takes devices both in the query and the body (docs/cloudflare-api.md#revoking-a-user); send it in both so either reading works.
            if (scope.IsAccount && request.Devices.HasValue)
            {
                path += "?devices=" + (request.Devices.Value ? "true" : "false");
            }

            IZtLog sink = log ?? NullZtLog.Instance;
            WriteAnswer answer = await SendWriteAsync(HttpMethod.Post, path, body, RetryMode.Idempotent, sink, cancellationToken).ConfigureAwait(false);

            // docs/cloudflare-api.md#revoking-a-user: result true or false; an answer that says neither was still accepted (2xx).
            ReadValue read = ValueReader.Read(FieldKind.Boolean, answer.Result);
            if (read.Typed is JsonValue said && !said.GetValue<bool>())
            {
                revoke.Error = "Cloudflare answered result=false: the user's tokens were not revoked.";
                return revoke;
            }

            revoke.Revoked = true;
            if (read.Typed == null || read.Drift != null)
            {
                string odd = answer.Unreadable ?? (read.Typed == null ? ValueReader.Came(answer.Result) : read.Drift!);
                sink.Write(new ZtMessage(ZtMessageLevel.Warning, Redaction.Text(
                    $"Cloudflare accepted a revocation (2xx) but its result was {odd} rather than true or false; such users are reported as Revoked.", _credential)));
            }

            return revoke;
        }

        public async Task<ZtDohSetting> GetDohSettingAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            RequireAccount(scope, "Get-ZtDohSetting");
            string path = OrganizationPath(scope) + "/doh";
            JsonNode? result = await SendAsync(HttpMethod.Get, path, null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            return Stamp(ToDoh(RequireObject(result, "the DNS-over-HTTPS settings", path), scope, log));
        }

        /// <summary>Reads the current DoH settings for a change to compare against; null when DoH is not set up yet (a change then links it).</summary>
        public async Task<ZtDohSetting?> TryGetDohSettingAsync(ZtScope scope, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            try
            {
                return await GetDohSettingAsync(scope, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ZtApiException ex) when (ex.HasMessageKey("doh_not_configured"))
            {
                return null;
            }
        }

        /// <summary>PUT DoH settings; the spec answers 201 (docs/cloudflare-api.md#doh-settings), any 2xx is success.</summary>
        public async Task<ZtDohSetting> SetDohSettingAsync(ZtScope scope, DohSettingChange change, IZtLog? log = null, CancellationToken cancellationToken = default)
        {
            RequireAccount(scope, "Set-ZtDohSetting");
            JsonObject body = change.ToBody();
            IZtLog sink = log ?? NullZtLog.Instance;
            WriteAnswer answer = await SendWriteAsync(HttpMethod.Put, OrganizationPath(scope) + "/doh", body, RetryMode.Idempotent, sink, cancellationToken).ConfigureAwait(false);
            if (answer.Result is JsonObject echo)
            {
                return Stamp(ToDoh(echo, scope, sink));
            }

            // Cloudflare said 2xx: the settings were applied; report what was written (docs/cloudflare-api.md#live-answers-and-the-reference).
            sink.Write(new ZtMessage(ZtMessageLevel.Warning,
                $"Cloudflare accepted the DNS-over-HTTPS change for {scope}, so it was applied; its answer held no settings, so the result shows only what was written."));
            return Stamp(new ZtDohSetting { AccountId = scope.Id, Id = change.ServiceTokenId, DohJwtDuration = change.DohJwtDuration });
        }

        /// <summary>
        /// docs/cloudflare-api.md#authentication: user tokens verify at /user/tokens/verify; account-owned tokens (cfat_, or a 1000 on the
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

        /// <summary>Closes the connection; requests in flight end with <see cref="ZtNotConnectedException"/>.</summary>
        public void Dispose()
        {
            _closed = true;
            _http.Dispose();
        }

        /// <summary>Marks an organization as this connection's (emulator or not) for output.</summary>
        public ZtOrganization Stamp(ZtOrganization organization)
        {
            organization.IsEmulator = IsEmulator;
            return organization;
        }

        private ZtDohSetting Stamp(ZtDohSetting setting)
        {
            setting.IsEmulator = IsEmulator;
            return setting;
        }

        internal static string OrganizationPath(ZtScope scope) => scope.PathPrefix + "/access/organizations";

        private async Task<ZtTokenStatus> VerifyAtAsync(string path, IZtLog? log, CancellationToken cancellationToken)
        {
            JsonNode? result = await SendAsync(HttpMethod.Get, path, null, RetryMode.Idempotent, log, cancellationToken).ConfigureAwait(false);
            var drift = new List<string>();
            ZtTokenStatus status = result is JsonObject obj ? AnswerReader.TokenStatus(obj, drift) : new ZtTokenStatus();
            if (!(result is JsonObject))
            {
                drift.Add("result: " + ValueReader.Came(result) + ", not an object");
            }

            Warn(log, AnswerReader.DriftWarning("the token check", drift, "they are shown as read"));
            return status;
        }

        private async Task<JsonNode?> SendAsync(HttpMethod method, string relativePath, JsonNode? body, RetryMode retry, IZtLog? log, CancellationToken cancellationToken, HeldBudget? held = null)
        {
            if (_closed)
            {
                throw new ZtNotConnectedException($"The connection was closed with Disconnect-ZtAccount; {method} {relativePath} was not sent.");
            }

            try
            {
                return await SendOpenAsync(method, relativePath, body, retry, log, cancellationToken, held).ConfigureAwait(false);
            }
            catch (Exception ex) when (_closed && !(ex is ZtNotConnectedException) && !cancellationToken.IsCancellationRequested)
            {
                // Disconnect-ZtAccount (perhaps from another runspace) closed the client under this request. Nobody
                // stopped the command, so say what happened rather than "stopped" or a disposed-object error.
                throw new ZtNotConnectedException(
                    $"The connection was closed with Disconnect-ZtAccount while {method} {relativePath} was in flight; it is not known whether Cloudflare received it, so it is reported as not done.", ex);
            }
        }

        private async Task<JsonNode?> SendOpenAsync(HttpMethod method, string relativePath, JsonNode? body, RetryMode retry, IZtLog? log, CancellationToken cancellationToken, HeldBudget? held)
        {
            using var request = new HttpRequestMessage(method, new Uri(_baseUri, relativePath));
            request.Headers.Accept.ParseAdd("application/json");
            if (body != null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else if (CanSendEmptyContentOnGet)
            {
                // SocketsHttpHandler silently re-sends a request without content (up to 3 more times) when a
                // connection closes before answering. Those attempts would bypass the pacer and -MaxRetries; a
                // request with (empty) content is never re-sent on its own, so every attempt is one of ours.
                request.Content = new ByteArrayContent(Array.Empty<byte>());
            }

            // Every retry happens in the handler chain, so -MaxRetries bounds every attempt on the wire.
            ZtRequestOptions.Set(request, retry, log ?? NullZtLog.Instance);
            if (held != null)
            {
                ZtRequestOptions.SetHeldBudget(request, held);
            }
            using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            ResponseJson json = await ResponseBody.ReadJsonAsync(response).ConfigureAwait(false);
            return Envelope.ReadResult(response, json, request, _credential);
        }

        private static string Describe(Exception ex) => ex switch
        {
            ZtApiException api => ((int)api.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ZtTransportException { TimedOut: true } => "timed out",
            ZtTransportException { ResponseIncomplete: true } => "answer cut off",
            ZtTransportException _ => "no answer",
            _ => "unreadable answer",
        };

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

        private static bool SameOrganization(JsonObject existing, JsonObject body) =>
            string.Equals(JsonValues.AsString(existing["auth_domain"]), JsonValues.AsString(body["auth_domain"]), StringComparison.OrdinalIgnoreCase)
            && string.Equals(JsonValues.AsString(existing["name"]), JsonValues.AsString(body["name"]), StringComparison.Ordinal);

        /// <summary>
        /// The typed organization, remembering what it looked like as read so a later Set applies only what was changed on
        /// it. Odd values are read tolerantly and named in one warning to <paramref name="log"/>; the raw answer is kept, so
        /// the next write sends them back as they came (docs/cloudflare-api.md#live-answers-and-the-reference).
        /// </summary>
        internal static ZtOrganization ToOrganization(JsonObject raw, ZtScope scope, IZtLog? log = null, ZtCredential? credential = null)
        {
            var drift = new List<string>();
            ZtOrganization organization = OrganizationAnswer.Read(raw, scope, drift);
            Warn(log, AnswerReader.DriftWarning("the organization of " + scope, drift, "each is kept as it came and written back unchanged by the next change"), credential);
            return organization;
        }

        private ZtDohSetting ToDoh(JsonObject result, ZtScope scope, IZtLog? log)
        {
            var drift = new List<string>();
            ZtDohSetting setting = AnswerReader.Doh(result, drift);
            Warn(log, AnswerReader.DriftWarning("the DNS-over-HTTPS settings of " + scope, drift, "each is shown as read"));
            setting.AccountId = scope.Id;
            return setting;
        }

        private void Warn(IZtLog? log, string? warning) => Warn(log, warning, _credential);

        private static void Warn(IZtLog? log, string? warning, ZtCredential? credential)
        {
            if (warning != null && log != null)
            {
                log.Write(new ZtMessage(ZtMessageLevel.Warning, Redaction.Text(warning, credential)));
            }
        }

        /// <summary>A read's result must be an object; anything else cannot serve and fails with what came (docs/cloudflare-api.md#live-answers-and-the-reference).</summary>
        private JsonObject RequireObject(JsonNode? result, string what, string path) =>
            result as JsonObject ?? throw new ZtResultShapeException(what, result == null ? "no result" : ValueReader.Came(result), "GET", Redaction.Url(new Uri(_baseUri, path)), null);

        private static void RequireAccount(ZtScope scope, string cmdlet)
        {
            if (!scope.IsAccount)
            {
                throw new ZtValidationException("ZoneId",
                    $"{cmdlet}: DNS-over-HTTPS settings exist only for accounts; {scope} is a zone.",
                    "Pass -AccountId, or connect with a default account.");
            }
        }
    }
}
