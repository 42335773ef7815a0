using System;
using System.Net;
using System.Net.Http;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Transport;

    /// <summary>What Connect-ZtAccount needs to build a context.</summary>
    internal sealed class ZtConnectionSettings
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://api.cloudflare.com/client/v4");

        public ZtCredential? Credential { get; set; }

        public Uri BaseUri { get; set; } = DefaultBaseUri;

        public string? AccountId { get; set; }

        public string? ZoneId { get; set; }

        public TransportSettings Transport { get; set; } = new TransportSettings();

        /// <summary>The innermost handler (the in-process emulator, or a test double); null means the network.</summary>
        public HttpMessageHandler? InnerHandler { get; set; }

        public bool IsEmulator { get; set; }

        public IWebProxy? Proxy { get; set; }

        public IZtClock? Clock { get; set; }

        /// <summary>Checks a base URI: absolute, http(s), and plain http only to this machine, so a token never crosses a network unencrypted.</summary>
        public static Uri ValidateBaseUri(string text, string parameter = "BaseUri")
        {
            Uri uri = ParseHttpUri(text, parameter, "Use https://api.cloudflare.com/client/v4, or http://127.0.0.1:8787/client/v4 for zt-emulator.");
            if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{Redaction.Url(uri)}' uses plain http to another machine; the credential would travel unencrypted.",
                    "Use https://, or plain http only to 127.0.0.1/localhost (zt-emulator).");
            }

            // A bare host (http://127.0.0.1:8787) means the API root under it.
            return uri.AbsolutePath == "/" ? new Uri(uri, "/client/v4") : new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        }

        /// <summary>
        /// Checks a proxy by the rule of <see cref="ValidateBaseUri"/>: the credential must not cross a network in clear.
        /// Through a proxy, an https API is tunnelled (CONNECT) and stays encrypted end to end whatever the proxy's
        /// scheme; a plain-http API is not, so then a plain-http proxy must be on this machine, unless the caller
        /// opts in with <paramref name="allowInsecureProxy"/> (-AllowInsecureProxy).
        /// </summary>
        public static Uri ValidateProxy(string text, Uri baseUri, bool allowInsecureProxy, string parameter = "Proxy")
        {
            Uri proxy = ParseHttpUri(text, parameter, "Give the proxy as http://host:port or https://host:port.");
            if (proxy.Scheme == Uri.UriSchemeHttp && !proxy.IsLoopback && baseUri.Scheme == Uri.UriSchemeHttp && !allowInsecureProxy)
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{Redaction.Url(proxy)}' is plain http on another machine and the API address {Redaction.Url(baseUri)} is plain http too, so the credential would cross the network unencrypted.",
                    "Use an https API address (the proxy then only tunnels encrypted traffic), a proxy on this machine, or add -AllowInsecureProxy if you accept that the proxy and the network see the credential.");
            }

            return proxy;
        }

        private static Uri ParseHttpUri(string text, string parameter, string example)
        {
            // A line break in the address would reach the request line; refuse it instead of letting the parser drop it.
            InputText.RequireNoControlCharacters(text, parameter, $"-{parameter}");
            if (!Uri.TryCreate((text ?? string.Empty).Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ZtValidationException(parameter, $"-{parameter} '{InputText.Glimpse(text)}' is not an absolute http(s) URL.", example);
            }

            // Checked before anything repeats the address: user info may hold a password.
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ZtValidationException(parameter, $"-{parameter} must not carry a user name or password (the part before @).",
                    parameter == "Proxy" ? "Give the proxy address alone; use -ProxyUseDefaultCredentials for an authenticating proxy." : "Pass credentials with -ApiToken or -Credential instead.");
            }

            return uri;
        }
    }

    /// <summary>
    /// A connection: credential, API root, default scope and one HTTP client. Connect-ZtAccount makes one; every
    /// cmdlet takes one with -Context. Its public shape holds no secret and no handle, so it prints and converts to
    /// JSON cleanly.
    /// </summary>
    public sealed class ZtContext : IDisposable
    {
        private readonly ZtCredential? _credential;
        private readonly ZtClient _client;
        private readonly ZtScope? _defaultScope;

        private ZtContext(ZtConnectionSettings settings, ZtClient client, ZtScope? defaultScope)
        {
            _credential = settings.Credential;
            _client = client;
            _defaultScope = defaultScope;
            BaseUri = client.BaseUri.AbsoluteUri.TrimEnd('/');
            AccountId = settings.AccountId;
            ZoneId = settings.ZoneId;
            IsEmulator = settings.IsEmulator;
            MaxRetries = settings.Transport.MaxRetries;
            RequestTimeoutSeconds = (int)settings.Transport.RequestTimeout.TotalSeconds;
            RateLimit = $"{settings.Transport.RateLimitRequests}/{(int)settings.Transport.RateLimitWindow.TotalSeconds}s";
            ConnectedAt = DateTimeOffset.Now;
        }

        public string AuthType => _credential == null ? "None" : _credential.AuthType.ToString();

        /// <summary>The email of a global-key login; null for tokens.</summary>
        public string? Email => _credential?.Email;

        public string? AccountId { get; }

        public string? ZoneId { get; }

        /// <summary>Where cmdlets go when given neither -AccountId nor -ZoneId.</summary>
        public string? DefaultScope => _defaultScope?.ToString();

        public string BaseUri { get; }

        public bool IsEmulator { get; }

        /// <summary>What the verify endpoint said ("active"), or why it was not asked.</summary>
        public string TokenStatus { get; internal set; } = "not verified";

        /// <summary>The token's id (not the token) as the verify endpoint reported it.</summary>
        public string? TokenId { get; internal set; }

        public DateTimeOffset ConnectedAt { get; }

        public int MaxRetries { get; }

        public int RequestTimeoutSeconds { get; }

        /// <summary>The pacing budget, requests/window.</summary>
        public string RateLimit { get; }

        public bool IsConnected => _credential == null || !_credential.IsDisposed;

        internal ZtCredential? Credential => _credential;

        /// <summary>Set when Connect-ZtAccount -PassThru gave this context to the caller, who then owns its lifetime.</summary>
        internal bool HandedOut { get; set; }

        internal ZtClient Client
        {
            get
            {
                if (!IsConnected)
                {
                    throw new ZtNotConnectedException("This context was closed with Disconnect-ZtAccount; its credential has been cleared. Run Connect-ZtAccount again.");
                }

                return _client;
            }
        }

        internal static ZtContext Create(ZtConnectionSettings settings)
        {
            string? account = settings.AccountId == null ? null : ZtScope.Account(settings.AccountId).Id;
            string? zone = settings.ZoneId == null ? null : ZtScope.Zone(settings.ZoneId).Id;
            settings.AccountId = account;
            settings.ZoneId = zone;

            // With both known the account is the default; the zone organization is one -ZoneId away.
            ZtScope? defaultScope = account != null ? ZtScope.Account(account) : zone != null ? ZtScope.Zone(zone) : null;
            HttpMessageHandler? inner = settings.InnerHandler ?? (settings.Proxy != null ? ZtClient.CreateNetworkHandler(settings.Proxy) : null);
            ZtClient client = ZtClient.Create(settings.Credential, settings.BaseUri, settings.Transport, inner, settings.Clock);
            client.IsEmulator = settings.IsEmulator;
            return new ZtContext(settings, client, defaultScope);
        }

        /// <summary>The scope a cmdlet acts on: explicit ids first, then this context's default.</summary>
        public ZtScope ResolveScope(string? accountId, string? zoneId) => ZtScope.Resolve(accountId, zoneId, _defaultScope);

        public void Dispose()
        {
            _credential?.Dispose();
            _client.Dispose();
        }

        public override string ToString() =>
            $"{(IsEmulator ? "Emulator" : AuthType)} at {BaseUri}{(DefaultScope == null ? string.Empty : " (" + DefaultScope + ")")}{(IsConnected ? string.Empty : " [disconnected]")}";
    }
}
