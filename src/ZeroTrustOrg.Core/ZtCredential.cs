using System;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace ZeroTrustOrg.Core
{
    /// <summary>The kind of Cloudflare credential (docs/cloudflare-api.md#authentication).</summary>
    internal enum ZtAuthType
    {
        /// <summary>An API token, sent as a bearer token.</summary>
        ApiToken,

        /// <summary>A global API key with its account email.</summary>
        GlobalApiKey,
    }

    /// <summary>
    /// A Cloudflare credential (docs/cloudflare-api.md#authentication), held as a SecureString. It is decoded only while a
    /// request's headers are written; its text never reaches a message, a log line or ToString().
    /// </summary>
    internal sealed class ZtCredential : IDisposable
    {
        private readonly SecureString _secret;
        private bool _disposed;

        private ZtCredential(ZtAuthType type, SecureString secret, string? email, string fingerprint, bool accountOwned)
        {
            AuthType = type;
            _secret = secret;
            Email = email;
            Fingerprint = fingerprint;
            LooksAccountOwned = accountOwned;
        }

        /// <summary>API token or global API key.</summary>
        public ZtAuthType AuthType { get; }

        /// <summary>The account email that goes with a global API key (not a secret).</summary>
        public string? Email { get; }

        /// <summary>New-format account-owned tokens start with cfat_; they verify on the account endpoint only (docs/cloudflare-api.md#authentication).</summary>
        public bool LooksAccountOwned { get; }

        /// <summary>A one-way hash that identifies the credential for shared rate-limit pacing. Not printable as the secret.</summary>
        internal string Fingerprint { get; }

        /// <summary>True once <see cref="Dispose"/> has wiped the secret; the credential can no longer authenticate.</summary>
        public bool IsDisposed => _disposed;

        /// <summary>A credential from an API token; <paramref name="parameterName"/> is the parameter that error messages name.</summary>
        public static ZtCredential FromToken(SecureString token, string parameterName = "ApiToken")
        {
            if (token == null)
            {
                throw new ArgumentNullException(nameof(token));
            }

            return Create(ZtAuthType.ApiToken, token, null, parameterName);
        }

        /// <summary>A credential from a global API key and its account email; the parameter names are the ones error messages name.</summary>
        public static ZtCredential FromGlobalKey(string email, SecureString key, string parameterName = "ApiKey", string emailParameterName = "Email")
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            string trimmedEmail = (email ?? string.Empty).Trim();

            // The email travels as the X-Auth-Email header: a line break in it would add a header of its own.
            InputText.RequireHeaderSafe(trimmedEmail, emailParameterName, $"The email in {(emailParameterName == "Email" ? "-Email" : emailParameterName)}");
            if (trimmedEmail.Length == 0 || trimmedEmail.IndexOf('@') <= 0)
            {
                throw new ZtValidationException(emailParameterName,
                    "A global API key needs the account's email address in -Email (or CLOUDFLARE_EMAIL).",
                    "Pass -Email with the address you sign in to Cloudflare with, or use an API token instead (recommended).");
            }

            return Create(ZtAuthType.GlobalApiKey, key, trimmedEmail, parameterName);
        }

        /// <summary>Builds a credential from plain text that the caller already holds (environment variables); the copy is wiped.</summary>
        public static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        internal void Apply(HttpRequestMessage request)
        {
            ThrowIfDisposed();
            string secret = Decode(_secret);

            // Set, never append: a retried request may already carry the previous attempt's headers, and two
            // Authorization headers are a malformed request to Cloudflare (6003/6111, docs/cloudflare-api.md#envelope-and-errors).
            request.Headers.Remove("Authorization");
            request.Headers.Remove("X-Auth-Email");
            request.Headers.Remove("X-Auth-Key");
            if (AuthType == ZtAuthType.ApiToken)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + secret);
            }
            else
            {
                request.Headers.TryAddWithoutValidation("X-Auth-Email", Email);
                request.Headers.TryAddWithoutValidation("X-Auth-Key", secret);
            }
        }

        /// <summary>
        /// Replaces every occurrence of this credential's secret in <paramref name="text"/>. Servers and proxies
        /// sometimes echo request headers in an error body; the secret is decoded only for the comparison.
        /// </summary>
        internal string MaskSecretIn(string text, string mask)
        {
            if (string.IsNullOrEmpty(text) || _disposed)
            {
                return text;
            }

            string secret;
            try
            {
                secret = Decode(_secret);
            }
            catch (ObjectDisposedException)
            {
                return text;
            }

            return secret.Length == 0 ? text : text.Replace(secret, mask);
        }

        /// <summary>Wipes the secret.</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _secret.Dispose();
            }
        }

        /// <summary>The kind of credential and, for a global key, its email; never the secret.</summary>
        public override string ToString() => AuthType == ZtAuthType.ApiToken ? "API token (hidden)" : $"Global API key for {Email} (hidden)";

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ZtNotConnectedException("This connection was closed with Disconnect-ZtAccount; its credential has been cleared. Run Connect-ZtAccount again.");
            }
        }

        private static ZtCredential Create(ZtAuthType type, SecureString source, string? email, string parameterName)
        {
            string text = Decode(source);
            string trimmed = text.Trim();
            string label = type == ZtAuthType.ApiToken ? "API token" : "API key";

            // docs/cloudflare-api.md#envelope-and-errors: stray newlines, quotes or a doubled "Bearer" make Cloudflare answer 6003/6111.
            // Say so here, without repeating the secret, before any request is sent.
            if (trimmed.Length == 0)
            {
                throw new ZtValidationException(parameterName, $"The {label} is empty.", "Check the variable or secret the value came from.");
            }

            if (trimmed.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                throw new ZtValidationException(parameterName, $"The {label} starts with 'Bearer '.", "Pass the token alone; the module adds the Bearer prefix itself.");
            }

            foreach (char c in trimmed)
            {
                if (char.IsWhiteSpace(c) || c == '"' || c == '\'' || char.IsControl(c))
                {
                    throw new ZtValidationException(parameterName,
                        $"The {label} contains a space, quote or line break, which Cloudflare rejects as a malformed header.",
                        "Re-copy the value from the Cloudflare dashboard or your vault; leading and trailing white space is removed for you, inner characters are not.");
                }
            }

            // Anything else outside printable ASCII would fail every call later as a network error.
            InputText.RequireHeaderSafe(trimmed, parameterName, $"The {label}");

            string fingerprint;
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(type + "\n" + email + "\n" + trimmed));
                fingerprint = BitConverter.ToString(hash).Replace("-", string.Empty).Substring(0, 32);
            }

            bool accountOwned = trimmed.StartsWith("cfat_", StringComparison.Ordinal);
            SecureString secret = trimmed.Length == text.Length ? source.Copy() : ToSecureString(trimmed);
            secret.MakeReadOnly();
            return new ZtCredential(type, secret, email, fingerprint, accountOwned);
        }

        private static string Decode(SecureString secure)
        {
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer, secure.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
