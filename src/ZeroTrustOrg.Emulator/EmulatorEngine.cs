using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>
    /// A Cloudflare API for Zero Trust organizations over in-memory state: request in, response out.
    /// One lock guards all state, so concurrent requests are applied one at a time in arrival order.
    /// </summary>
    internal sealed class EmulatorEngine
    {
        private static readonly HashSet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "X-Auth-Key", "X-Auth-User-Service-Key", "Cookie", "CF-Access-Client-Secret",
        };

        private const string BadGatewayPage =
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

        private const string ServiceUnavailablePage =
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

        private const string TruncatedSuccessBody = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"name\":\"Exa";

        private readonly object _gate = new object();
        private readonly Dictionary<string, JsonObject> _accountOrganizations = new Dictionary<string, JsonObject>();
        private readonly Dictionary<string, JsonObject> _zoneOrganizations = new Dictionary<string, JsonObject>();
        private readonly HashSet<string> _accounts = new HashSet<string>();
        private readonly HashSet<string> _zones = new HashSet<string>();
        private readonly HashSet<(bool Zone, string Id)> _dashboardSso = new HashSet<(bool, string)>();
        private readonly Dictionary<string, TimeSpan> _keyRotationPeriods = new Dictionary<string, TimeSpan>();
        private readonly Dictionary<string, Dictionary<string, ServiceToken>> _serviceTokens = new Dictionary<string, Dictionary<string, ServiceToken>>();
        private readonly Dictionary<string, DohSettings> _dohSettings = new Dictionary<string, DohSettings>();
        private readonly List<RevocationRecord> _revocations = new List<RevocationRecord>();
        private readonly FixedWindowRateLimiter _rateLimiter = new FixedWindowRateLimiter();
        private long _sequence;

        public EmulatorEngine(EmulatorOptions? options = null)
        {
            Options = options ?? new EmulatorOptions();
            Journal = new RequestJournal();
            Faults = new FaultInjector(Options.Faults);
            EnableAccount(Options.AccountId);
            EnableZone(Options.ZoneId);
            if (!Options.Seed)
            {
                return;
            }

            bool live = Options.Shape == EmulatorShape.Live;
            AddOrganization(false, Options.AccountId, live ? SeedData.LiveAccountOrganization() : SeedData.AccountOrganization());
            AddOrganization(true, Options.ZoneId, live ? SeedData.LiveZoneOrganization() : SeedData.ZoneOrganization());
            var dohToken = SeedData.DohServiceToken();
            TokensOf(NormalizeId(Options.AccountId))[dohToken.Id] = dohToken;
            _dohSettings[NormalizeId(Options.AccountId)] = new DohSettings { ServiceTokenId = dohToken.Id };
        }

        public EmulatorOptions Options { get; }
        public RequestJournal Journal { get; }
        public FaultInjector Faults { get; }

        /// <summary>Every accepted revoke_user call, oldest first (a snapshot).</summary>
        public IReadOnlyList<RevocationRecord> Revocations
        {
            get
            {
                lock (_gate)
                {
                    return _revocations.ToArray();
                }
            }
        }

        public Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<EmulatorResponse>(cancellationToken);
            }

            lock (_gate)
            {
                return Task.FromResult(Handle(request));
            }
        }

        /// <summary>A deep copy of the stored organization (not the API view of it), or null.</summary>
        public JsonObject? GetStoredOrganization(bool zone, string id)
        {
            lock (_gate)
            {
                return OrganizationsOf(zone).TryGetValue(NormalizeId(id), out var stored) ? (JsonObject)stored.DeepClone() : null;
            }
        }

        /// <summary>Stores a copy of <paramref name="org"/> as is, without validation, and enables the id.</summary>
        public void AddOrganization(bool zone, string id, JsonObject org)
        {
            if (org is null)
            {
                throw new ArgumentNullException(nameof(org));
            }

            var stored = (JsonObject)JsonNodes.WithoutNulls(org);
            lock (_gate)
            {
                string now = JsonNodes.FormatTimestamp(Options.Clock(), Options.Shape);
                if (!stored.ContainsKey("created_at"))
                {
                    stored["created_at"] = now;
                }

                if (!stored.ContainsKey("updated_at"))
                {
                    stored["updated_at"] = now;
                }

                if (zone)
                {
                    EnableZone(id);
                }
                else
                {
                    EnableAccount(id);
                }

                OrganizationsOf(zone)[NormalizeId(id)] = stored;
            }
        }

        public void EnableAccount(string accountId)
        {
            string id = RequireIdentifier(accountId, nameof(accountId));
            lock (_gate)
            {
                _accounts.Add(id);
            }
        }

        public void EnableZone(string zoneId)
        {
            string id = RequireIdentifier(zoneId, nameof(zoneId));
            lock (_gate)
            {
                _zones.Add(id);
            }
        }

        /// <summary>While dashboard SSO is on, the auth_domain cannot change (docs/cloudflare-api.md#server-side-validations, code 12106).</summary>
        public void SetDashboardSso(bool zone, string id, bool enabled)
        {
            var key = (zone, RequireIdentifier(id, nameof(id)));
            lock (_gate)
            {
                if (enabled)
                {
                    _dashboardSso.Add(key);
                }
                else
                {
                    _dashboardSso.Remove(key);
                }
            }
        }

        /// <summary>The cap on doh_jwt_duration (docs/cloudflare-api.md#doh-settings); <see cref="EmulatorDefaults.KeyRotationPeriod"/> until set.</summary>
        public void SetAccountKeyRotationPeriod(string accountId, TimeSpan period)
        {
            if (period <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(period), "The key rotation period must be positive.");
            }

            string id = RequireIdentifier(accountId, nameof(accountId));
            lock (_gate)
            {
                _keyRotationPeriods[id] = period;
            }
        }

        /// <summary>Adds an Access service token that DoH settings may link to.</summary>
        public void AddServiceToken(string accountId, string id, string clientId, string name)
        {
            string account = RequireIdentifier(accountId, nameof(accountId));
            if (id is null || !OrganizationRules.IsUuid(id))
            {
                throw new ArgumentException("A service token id is a UUID.", nameof(id));
            }

            if (string.IsNullOrEmpty(clientId))
            {
                throw new ArgumentException("A service token needs a client id.", nameof(clientId));
            }

            lock (_gate)
            {
                var now = Options.Clock();
                TokensOf(account)[id.ToLowerInvariant()] = new ServiceToken
                {
                    Id = id.ToLowerInvariant(),
                    ClientId = clientId,
                    Name = name ?? "",
                    CreatedAt = now,
                    UpdatedAt = now,
                    ExpiresAt = now.AddHours(8760),
                };
            }
        }

        private EmulatorResponse Handle(EmulatorRequest request)
        {
            var now = Options.Clock();
            long sequence = ++_sequence;
            var exchange = new Exchange(request);
            var route = Routes.Match(request.Method, exchange.Path);

            var fault = Faults.Draw();
            // The slow fault delays a normal answer, so it has nothing to hide before the state changes. A garbled 200
            // follows the change too: Cloudflare answers 2xx only once a request took effect (docs/cloudflare-api.md#live-answers-and-the-reference).
            if (fault is { } early && early.Timing == FaultTiming.BeforeApply && early.Kind != FaultKind.SlowResponse && early.Kind != FaultKind.MalformedJson)
            {
                exchange.CredentialLabel = Authenticator.LabelOf(exchange.Headers, Options);
                ApplyFault(exchange, early.Kind);
            }
            else
            {
                Process(exchange, route, now);
                if (fault is { } late)
                {
                    ApplyFault(exchange, late.Kind);
                }
            }

            string rayId = unchecked((ulong)sequence * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture) + "-EMU";
            exchange.ResponseHeaders["cf-ray"] = rayId;

            Journal.Add(new JournalEntry
            {
                Sequence = sequence,
                Time = now,
                Method = request.Method,
                Path = exchange.Path,
                Query = exchange.Query,
                StatusCode = exchange.Status,
                Operation = route.Operation,
                Applied = exchange.Applied,
                ScopeKind = route.ScopeKind,
                ScopeId = route.ScopeId,
                Email = exchange.RevokedEmail,
                RequestBody = request.Body is null ? null : Encoding.UTF8.GetString(request.Body),
                Fault = exchange.Fault,
                CredentialId = exchange.CredentialLabel,
                RequestHeaders = exchange.Headers.ToDictionary(
                    h => h.Key, h => SecretHeaders.Contains(h.Key) ? "[redacted]" : h.Value, StringComparer.OrdinalIgnoreCase),
                RayId = rayId,
                ErrorCode = exchange.ErrorCode,
            });

            return new EmulatorResponse
            {
                StatusCode = exchange.Status,
                Headers = new Dictionary<string, string>(exchange.ResponseHeaders, StringComparer.OrdinalIgnoreCase),
                Body = exchange.Body,
                ContentType = exchange.ContentType,
                AbortConnection = exchange.AbortConnection,
                Delay = exchange.Delay,
            };
        }

        private void Process(Exchange exchange, RouteMatch route, DateTimeOffset now)
        {
            try
            {
                Credential credential;
                try
                {
                    credential = Authenticator.Identify(exchange.Headers, Options);
                }
                catch (ApiErrorException)
                {
                    FixedWindowRateLimiter.Untouched(Options.RateLimitRequests, Options.RateLimitWindow).WriteHeaders(exchange.ResponseHeaders);
                    throw;
                }
                exchange.CredentialLabel = credential.Label;

                // docs/cloudflare-api.md#rate-limits: limits are per credential and checked before routing.
                var decision = _rateLimiter.Acquire(credential.Label, now, Options.RateLimitRequests, Options.RateLimitWindow);
                decision.WriteHeaders(exchange.ResponseHeaders);
                if (!decision.Allowed)
                {
                    throw new ApiErrorException(ApiErrors.RateLimited());
                }

                Dispatch(exchange, route, credential, now);
                // docs/cloudflare-api.md#live-answers-and-the-reference: live answers carry an audit-log id, reads included.
                if (Options.Shape == EmulatorShape.Live)
                {
                    exchange.ResponseHeaders["Cf-Auditlog-Id"] = AuditLogId(_sequence);
                }
            }
            catch (ApiErrorException e)
            {
                exchange.Fail(e.Error);
            }
        }

        private void Dispatch(Exchange exchange, RouteMatch route, Credential credential, DateTimeOffset now)
        {
            if (route.Kind == RouteKind.None)
            {
                throw new ApiErrorException(ApiErrors.NoRoute());
            }

            if (route.MethodNotAllowed)
            {
                throw new ApiErrorException(ApiErrors.MethodNotAllowed(exchange.Method));
            }

            string id = "";
            if (route.ScopeId != null)
            {
                id = NormalizeId(route.ScopeId);
                bool known = CloudflareIdentifier.IsValid(route.ScopeId) && (route.Zone ? _zones : _accounts).Contains(id);
                if (!known)
                {
                    throw new ApiErrorException(ApiErrors.CouldNotRoute(exchange.Path));
                }
            }
            var accepted = Routes.AcceptedPermissions(route.Operation);
            if (accepted != EmulatorPermissions.None && (credential.Permissions & accepted) == 0)
            {
                throw new ApiErrorException(ApiErrors.MissingPermission());
            }

            switch (route.Operation)
            {
                case JournalOperation.GetOrganization:
                    exchange.Succeed(200, Success(OrganizationRules.ToResponse(RequireOrganization(route.Zone, id), route.Zone, includeTrustedAccounts: true, Options.Shape)));
                    break;
                case JournalOperation.CreateOrganization:
                    CreateOrganization(exchange, route.Zone, id, now);
                    break;
                case JournalOperation.UpdateOrganization:
                    UpdateOrganization(exchange, route.Zone, id, now);
                    break;
                case JournalOperation.RevokeUser:
                    RevokeUser(exchange, route.Zone, id, now);
                    break;
                case JournalOperation.GetDoh:
                    GetDoh(exchange, id);
                    break;
                case JournalOperation.UpdateDoh:
                    UpdateDoh(exchange, id, now);
                    break;
                case JournalOperation.VerifyToken:
                    VerifyToken(exchange, credential, accountEndpoint: route.Kind == RouteKind.AccountTokenVerify);
                    break;
                default:
                    throw new ApiErrorException(ApiErrors.NoRoute());
            }
        }

        private void CreateOrganization(Exchange exchange, bool zone, string id, DateTimeOffset now)
        {
            // docs/cloudflare-api.md#create, docs/cloudflare-api.md#behaviour-notes: the organization is a singleton; the code is ours.
            if (OrganizationsOf(zone).ContainsKey(id))
            {
                throw new ApiErrorException(new ApiError(409, ApiErrors.OrganizationExistsCode,
                    $"access.api.error.organization_already_exists: an Access organization already exists for this {Routes.ScopeKindOf(zone)}"));
            }

            var next = OrganizationRules.Apply(new OrganizationWrite
            {
                Zone = zone,
                Create = true,
                Body = JsonNodes.ParseBody(exchange.RequestBody) ?? new JsonObject(),
                Mode = Options.PutMode,
                Strict = Options.Strict,
                Shape = Options.Shape,
                Now = now,
            });
            RequireAuthDomainAvailable(next, zone, id);
            OrganizationsOf(zone)[id] = next;
            exchange.Applied = true;
            exchange.Succeed(201, Success(OrganizationRules.ToResponse(next, zone, includeTrustedAccounts: false, Options.Shape)));
        }

        private void UpdateOrganization(Exchange exchange, bool zone, string id, DateTimeOffset now)
        {
            var stored = RequireOrganization(zone, id);
            var next = OrganizationRules.Apply(new OrganizationWrite
            {
                Zone = zone,
                Stored = stored,
                // docs/cloudflare-api.md#update: every field is optional, so an empty body is an empty update.
                Body = JsonNodes.ParseBody(exchange.RequestBody) ?? new JsonObject(),
                Mode = Options.PutMode,
                Strict = Options.Strict,
                Shape = Options.Shape,
                Now = now,
            });
            bool domainChanges = !string.Equals(AuthDomainOf(stored), AuthDomainOf(next), StringComparison.OrdinalIgnoreCase);
            if (domainChanges && _dashboardSso.Contains((zone, id)))
            {
                throw new ApiErrorException(new ApiError(400, ApiErrors.DashboardSsoCode,
                    "access.api.error.auth_domain_cannot_be_updated_dash_sso: the team domain cannot change while dashboard SSO is enabled",
                    "/auth_domain"));
            }

            if (domainChanges)
            {
                RequireAuthDomainAvailable(next, zone, id);
            }

            OrganizationsOf(zone)[id] = next;
            exchange.Applied = true;
            exchange.Succeed(200, Success(OrganizationRules.ToResponse(next, zone, includeTrustedAccounts: false, Options.Shape)));
        }

        /// <summary>docs/cloudflare-api.md#account-organization-fields: a team domain is unique across all of Cloudflare; the status and code are ours.</summary>
        private void RequireAuthDomainAvailable(JsonObject org, bool zone, string id)
        {
            string? domain = AuthDomainOf(org);
            var owners = _accountOrganizations.Select(o => (Zone: false, o.Key, o.Value)).Concat(_zoneOrganizations.Select(o => (Zone: true, o.Key, o.Value)));
            foreach (var (ownerIsZone, ownerId, owner) in owners)
            {
                if (ownerIsZone == zone && ownerId == id)
                {
                    continue;
                }

                if (string.Equals(AuthDomainOf(owner), domain, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApiErrorException(new ApiError(409, ApiErrors.AuthDomainTakenCode,
                        $"access.api.error.auth_domain_taken: {domain} is already used by another organization", "/auth_domain"));
                }
            }
        }

        /// <summary>docs/cloudflare-api.md#revoking-a-user.</summary>
        private void RevokeUser(Exchange exchange, bool zone, string id, DateTimeOffset now)
        {
            RequireOrganization(zone, id);
            var body = JsonNodes.ParseBody(exchange.RequestBody) ?? new JsonObject();

            var emailNode = body["email"];
            if (emailNode is null)
            {
                throw ApiErrors.InvalidRequest("/email", "email is required");
            }

            string email = JsonNodes.AsString(emailNode) ?? throw ApiErrors.InvalidRequest("/email", "email must be a string");
            if (!OrganizationRules.LooksLikeEmail(email))
            {
                throw ApiErrors.InvalidRequest("/email", $"email must be an email address, not \"{email}\"");
            }

            string? userUid = null;
            bool? devices = null, warpSessionReauth = null, devicesQuery = null;
            if (zone)
            {
                // docs/cloudflare-api.md#zone-organization-fields: the zone body is email only; other keys are ignored unless strict.
                if (Options.Strict)
                {
                    string extra = body.Select(p => p.Key).FirstOrDefault(k => k != "email");
                    if (extra != null)
                    {
                        throw ApiErrors.InvalidRequest("/" + extra, extra + " is not supported for zone-level revoke_user");
                    }

                    if (exchange.QueryParameters.ContainsKey("devices"))
                    {
                        throw ApiErrors.InvalidRequestWithoutPointer("the devices query parameter is not supported for zone-level revoke_user");
                    }
                }
            }
            else
            {
                var uidNode = body["user_uid"];
                if (uidNode != null)
                {
                    userUid = JsonNodes.AsString(uidNode);
                    if (userUid is null || !OrganizationRules.IsUuid(userUid))
                    {
                        throw ApiErrors.InvalidRequest("/user_uid", "user_uid must be a UUID");
                    }
                }
                devices = OptionalBoolean(body, "devices");
                warpSessionReauth = OptionalBoolean(body, "warp_session_reauth");
                if (exchange.QueryParameters.TryGetValue("devices", out string? query))
                {
                    devicesQuery = ParseGoBool(query) ?? throw ApiErrors.InvalidRequestWithoutPointer($"the devices query parameter must be true or false, not \"{query}\"");
                }
            }

            _revocations.Add(new RevocationRecord
            {
                ScopeKind = Routes.ScopeKindOf(zone),
                ScopeId = id,
                Email = email,
                UserUid = userUid,
                Devices = devices,
                DevicesQuery = devicesQuery,
                WarpSessionReauth = warpSessionReauth,
                Time = now,
            });
            exchange.Applied = true;
            exchange.RevokedEmail = email;
            exchange.Succeed(200, Envelope.RevokeSuccess());
        }

        /// <summary>docs/cloudflare-api.md#doh-settings.</summary>
        private void GetDoh(Exchange exchange, string accountId)
        {
            RequireOrganization(false, accountId);
            var (token, settings) = RequireDohToken(accountId);
            exchange.Succeed(200, Success(token.ToDohView(settings.JwtDuration, Options.Shape)));
        }

        /// <summary>docs/cloudflare-api.md#doh-settings: both fields optional; null counts as absent; the answer is 201.</summary>
        private void UpdateDoh(Exchange exchange, string accountId, DateTimeOffset now)
        {
            RequireOrganization(false, accountId);
            var body = JsonNodes.ParseBody(exchange.RequestBody) ?? new JsonObject();
            _dohSettings.TryGetValue(accountId, out var current);
            string? tokenId = current?.ServiceTokenId;
            string jwtDuration = current?.JwtDuration ?? EmulatorDefaults.DohJwtDuration;

            var tokenNode = body["service_token_id"];
            if (tokenNode != null)
            {
                string? requested = JsonNodes.AsString(tokenNode);
                if (requested is null || !OrganizationRules.IsUuid(requested))
                {
                    throw ApiErrors.InvalidRequest("/service_token_id", "service_token_id must be a UUID");
                }

                if (!TokensOf(accountId).ContainsKey(requested.ToLowerInvariant()))
                {
                    throw new ApiErrorException(new ApiError(400, ApiErrors.ServiceTokenNotFoundCode,
                        $"access.api.error.service_token_not_found: no service token {requested} in this account", "/service_token_id"));
                }

                tokenId = requested.ToLowerInvariant();
            }

            var durationNode = body["doh_jwt_duration"];
            if (durationNode != null)
            {
                string text = JsonNodes.AsString(durationNode) ?? throw ApiErrors.InvalidRequest("/doh_jwt_duration", "doh_jwt_duration must be a string");
                if (!GoDuration.TryParse(text, out var duration, out string? error))
                {
                    throw ApiErrors.InvalidRequest("/doh_jwt_duration", $"doh_jwt_duration is not a valid duration ({error})");
                }

                if (duration.Nanoseconds <= 0)
                {
                    throw ApiErrors.InvalidRequest("/doh_jwt_duration", "doh_jwt_duration must be positive");
                }

                var rotation = _keyRotationPeriods.TryGetValue(accountId, out var period) ? period : EmulatorDefaults.KeyRotationPeriod;
                if (duration.Nanoseconds > rotation.Ticks * 100)
                {
                    throw ApiErrors.InvalidRequest("/doh_jwt_duration",
                        $"doh_jwt_duration {text} cannot exceed the account's key rotation period of {FormatGoDuration(rotation)}");
                }

                jwtDuration = text;
            }

            if (tokenId is null)
            {
                throw new ApiErrorException(new ApiError(400, ApiErrors.DohNotConfiguredCode,
                    "access.api.error.doh_not_configured: service_token_id is required while no service token is set for DoH", "/service_token_id"));
            }

            _dohSettings[accountId] = new DohSettings { ServiceTokenId = tokenId, JwtDuration = jwtDuration };
            var token = TokensOf(accountId)[tokenId];
            token.UpdatedAt = now;
            exchange.Applied = true;
            exchange.Succeed(201, Success(token.ToDohView(jwtDuration, Options.Shape)));
        }

        /// <summary>docs/cloudflare-api.md#authentication: token verification is for tokens only; the user endpoint refuses account-owned tokens.</summary>
        private void VerifyToken(Exchange exchange, Credential credential, bool accountEndpoint)
        {
            if (!credential.IsToken)
            {
                throw new ApiErrorException(ApiErrors.InvalidAuthorizationHeader());
            }

            if (credential.IsAccountOwned && !accountEndpoint)
            {
                throw new ApiErrorException(ApiErrors.InvalidApiToken());
            }

            var messages = new JsonArray(new JsonObject
            {
                ["code"] = 10000,
                ["message"] = "This API Token is valid and active",
                ["type"] = null,
            });
            exchange.Succeed(200, Success(new JsonObject { ["id"] = credential.TokenId, ["status"] = "active" }, messages));
        }

        private (ServiceToken Token, DohSettings Settings) RequireDohToken(string accountId)
        {
            if (_dohSettings.TryGetValue(accountId, out var settings) && settings.ServiceTokenId != null
                && TokensOf(accountId).TryGetValue(settings.ServiceTokenId, out var token))
            {
                return (token, settings);
            }
            // The contract names no error for DoH that was never set up; the code is ours.
            throw new ApiErrorException(new ApiError(404, ApiErrors.DohNotConfiguredCode,
                "access.api.error.doh_not_configured: no service token is set for DoH on this account"));
        }

        private void ApplyFault(Exchange exchange, FaultKind kind)
        {
            exchange.Fault = kind;
            // A damaged or delayed answer keeps its headers; a replaced one keeps only what the fault adds.
            if (kind != FaultKind.SlowResponse && kind != FaultKind.MalformedJson)
            {
                exchange.ResponseHeaders.Clear();
            }

            switch (kind)
            {
                case FaultKind.RateLimited429:
                    new RateLimitDecision(false, 0, TimeSpan.FromSeconds(1), Options.RateLimitRequests, Options.RateLimitWindow).WriteHeaders(exchange.ResponseHeaders);
                    exchange.Fail(ApiErrors.RateLimited());
                    break;
                case FaultKind.ServerError500:
                    exchange.Fail(ApiErrors.InternalError());
                    break;
                case FaultKind.BadGateway502Html:
                    exchange.Html(502, BadGatewayPage);
                    break;
                case FaultKind.ServiceUnavailable503Html:
                    exchange.Html(503, ServiceUnavailablePage);
                    break;
                case FaultKind.ConnectionReset:
                    exchange.Status = 0;
                    exchange.Body = Array.Empty<byte>();
                    exchange.ErrorCode = null;
                    exchange.AbortConnection = true;
                    break;
                case FaultKind.SlowResponse:
                    exchange.Delay = Options.SlowResponseDelay;
                    break;
                case FaultKind.MalformedJson:
                    byte[] body = exchange.Body.Length > 2 && exchange.ContentType == "application/json"
                        ? exchange.Body.Take(exchange.Body.Length / 2).ToArray()
                        : Encoding.UTF8.GetBytes(TruncatedSuccessBody);
                    exchange.Succeed(200, body);
                    break;
                case FaultKind.SuccessFalseOn200:
                    exchange.Fail(ApiErrors.InternalError());
                    exchange.Status = 200;
                    break;
            }
        }

        private byte[] Success(JsonNode? result, JsonArray? messages = null) => Envelope.Success(result, messages, Options.Shape);

        /// <summary>A UUID-shaped id that differs per request and repeats across runs, so answers stay reproducible.</summary>
        private static string AuditLogId(long sequence)
        {
            string hex = unchecked((ulong)sequence * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture)
                + sequence.ToString("x16", CultureInfo.InvariantCulture);
            return $"{hex.Substring(0, 8)}-{hex.Substring(8, 4)}-{hex.Substring(12, 4)}-{hex.Substring(16, 4)}-{hex.Substring(20, 12)}";
        }

        private JsonObject RequireOrganization(bool zone, string id) =>
            OrganizationsOf(zone).TryGetValue(id, out var stored) ? stored : throw new ApiErrorException(ApiErrors.NotEnabled(zone));

        private Dictionary<string, JsonObject> OrganizationsOf(bool zone) => zone ? _zoneOrganizations : _accountOrganizations;

        private Dictionary<string, ServiceToken> TokensOf(string accountId)
        {
            if (!_serviceTokens.TryGetValue(accountId, out var tokens))
            {
                _serviceTokens[accountId] = tokens = new Dictionary<string, ServiceToken>();
            }

            return tokens;
        }

        private static string? AuthDomainOf(JsonObject org) => JsonNodes.AsString(org["auth_domain"]);

        private static bool? OptionalBoolean(JsonObject body, string name)
        {
            var node = body[name];
            if (node is null)
            {
                return null;
            }

            if (JsonNodes.IsTrue(node))
            {
                return true;
            }

            if (JsonNodes.IsFalse(node))
            {
                return false;
            }

            throw ApiErrors.InvalidRequest("/" + name, name + " must be true or false");
        }

        /// <summary>Go's strconv.ParseBool, which the Go backend uses for boolean query parameters.</summary>
        private static bool? ParseGoBool(string text)
        {
            switch (text)
            {
                case "1": case "t": case "T": case "TRUE": case "true": case "True": return true;
                case "0": case "f": case "F": case "FALSE": case "false": case "False": return false;
                default: return null;
            }
        }

        private static string FormatGoDuration(TimeSpan value) =>
            string.Format(CultureInfo.InvariantCulture, "{0}h{1}m{2}s", (long)value.TotalHours, value.Minutes, value.Seconds);

        private static string RequireIdentifier(string id, string parameterName)
        {
            if (!CloudflareIdentifier.IsValid(id))
            {
                throw new ArgumentException($"\"{id}\" is not a Cloudflare identifier (32 hex characters).", parameterName);
            }

            return NormalizeId(id);
        }

        private static string NormalizeId(string id) => id.ToLowerInvariant();

        /// <summary>One request on its way through the engine, and the answer taking shape.</summary>
        private sealed class Exchange
        {
            public Exchange(EmulatorRequest request)
            {
                Method = (request.Method ?? "GET").ToUpperInvariant();
                RequestBody = request.Body;
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var header in request.Headers ?? new Dictionary<string, string>())
                {
                    Headers[header.Key] = header.Value;
                }

                string target = request.PathAndQuery ?? "/";
                int queryStart = target.IndexOf('?');
                Path = queryStart < 0 ? target : target.Substring(0, queryStart);
                Query = queryStart < 0 ? "" : target.Substring(queryStart + 1);
                QueryParameters = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (string? pair in Query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] parts = pair.Split(new[] { '=' }, 2);
                    QueryParameters[Unescape(parts[0])] = parts.Length > 1 ? Unescape(parts[1]) : "";
                }
            }

            public string Method { get; }
            public byte[]? RequestBody { get; }
            public Dictionary<string, string> Headers { get; }
            public string Path { get; }
            public string Query { get; }
            public Dictionary<string, string> QueryParameters { get; }

            public int Status { get; set; }
            public byte[] Body { get; set; } = Array.Empty<byte>();
            public string ContentType { get; set; } = "application/json";
            public Dictionary<string, string> ResponseHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            public bool Applied { get; set; }
            public string? RevokedEmail { get; set; }
            public int? ErrorCode { get; set; }
            public string CredentialLabel { get; set; } = Authenticator.Anonymous;
            public FaultKind? Fault { get; set; }
            public bool AbortConnection { get; set; }
            public TimeSpan Delay { get; set; }

            public void Succeed(int status, byte[] body)
            {
                Status = status;
                Body = body;
                ContentType = "application/json";
                ErrorCode = null;
            }

            public void Fail(ApiError error)
            {
                Status = error.Status;
                Body = Envelope.Failure(error);
                ContentType = "application/json";
                ErrorCode = error.Code;
            }

            public void Html(int status, string page)
            {
                Status = status;
                Body = Encoding.UTF8.GetBytes(page);
                ContentType = "text/html; charset=UTF-8";
                ErrorCode = null;
            }

            private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
        }
    }
}
