using System;
using System.Net;
using System.Net.Http;

namespace ZeroTrustOrg.Core
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
}
