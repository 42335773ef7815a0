using System;
using System.Net.Http;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg
{
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
