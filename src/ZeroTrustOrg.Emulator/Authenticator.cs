using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>A recognised credential. It never carries the secret out of the authenticator, only a label.</summary>
    internal sealed class Credential
    {
        public Credential(string label, bool isToken, bool isAccountOwned, EmulatorPermissions permissions, string tokenId)
        {
            Label = label;
            IsToken = isToken;
            IsAccountOwned = isAccountOwned;
            Permissions = permissions;
            TokenId = tokenId;
        }

        /// <summary>"token#1" or "key:admin@example.com": safe to log and to key rate limits on.</summary>
        public string Label { get; }

        public bool IsToken { get; }

        /// <summary>docs/cloudflare-api.md#authentication: <c>cfat_</c> tokens belong to an account, not to a user.</summary>
        public bool IsAccountOwned { get; }

        public EmulatorPermissions Permissions { get; }

        /// <summary>The token's public id, as token verify reports it; derived from, but not revealing, the secret.</summary>
        public string TokenId { get; }
    }

    /// <summary>Reads the credential headers of docs/cloudflare-api.md#authentication.</summary>
    internal static class Authenticator
    {
        public const string Anonymous = "anonymous";
        private const string AccountOwnedTokenPrefix = "cfat_";
        private const string NewFormatKeyPrefix = "cfk_";

        /// <summary>
        /// Identifies the caller. When both a bearer token and a global key are sent the token wins,
        /// because Go's SDK sends every header it was given and a token is the narrower credential.
        /// </summary>
        /// <exception cref="ApiErrorException">The headers are malformed, missing, or name no known credential.</exception>
        public static Credential Identify(IReadOnlyDictionary<string, string> headers, EmulatorOptions options)
        {
            if (headers.TryGetValue("Authorization", out string? authorization))
            {
                string token = ReadBearerToken(authorization) ?? throw new ApiErrorException(ApiErrors.InvalidAuthorizationHeader());
                int index = options.ApiTokens.IndexOf(token);
                if (index < 0)
                {
                    throw new ApiErrorException(ApiErrors.InvalidApiToken());
                }

                var permissions = options.TokenPermissions.TryGetValue(token, out var restricted) ? restricted : EmulatorPermissions.All;
                return new Credential("token#" + (index + 1), true, token.StartsWith(AccountOwnedTokenPrefix, StringComparison.Ordinal), permissions, PublicTokenId(token));
            }

            headers.TryGetValue("X-Auth-Email", out string? email);
            headers.TryGetValue("X-Auth-Key", out string? key);
            // The contract names no error for a request without any credential; Cloudflare's edge answers
            // such requests with the missing-key form of 6003, so the emulator does too.
            if (key is null || !LooksLikeGlobalKey(key))
            {
                throw new ApiErrorException(ApiErrors.InvalidAuthKeyHeader());
            }

            if (email is null || !OrganizationRules.LooksLikeEmail(email))
            {
                throw new ApiErrorException(ApiErrors.InvalidAuthEmailHeader());
            }

            if (!options.GlobalKeys.TryGetValue(email, out string? expected) || !string.Equals(expected, key, StringComparison.Ordinal))
            {
                throw new ApiErrorException(ApiErrors.UnknownGlobalKey());
            }

            return new Credential("key:" + email.ToLowerInvariant(), false, false, EmulatorPermissions.All, "");
        }

        /// <summary>The label for the journal, or "anonymous" when the headers name no known credential.</summary>
        public static string LabelOf(IReadOnlyDictionary<string, string> headers, EmulatorOptions options)
        {
            try
            {
                return Identify(headers, options).Label;
            }
            catch (ApiErrorException)
            {
                return Anonymous;
            }
        }

        /// <summary>
        /// docs/cloudflare-api.md#envelope-and-errors: exactly "Bearer &lt;token&gt;". Extra spaces, quotes, line breaks or a doubled
        /// "Bearer" make the header malformed (6003/6111) rather than an unknown token.
        /// </summary>
        private static string? ReadBearerToken(string header)
        {
            const string scheme = "Bearer ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string token = header.Substring(scheme.Length);
            if (token.Length == 0 || !token.All(IsTokenCharacter))
            {
                return null;
            }

            return token;
        }

        /// <summary>Printable ASCII that no HTTP client would quote or split on.</summary>
        internal static bool IsTokenCharacter(char c) => c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != ',' && c != ';' && c != '\\';

        /// <summary>docs/cloudflare-api.md#authentication: 37–45 lowercase hex characters, or the 2026 <c>cfk_</c> format.</summary>
        private static bool LooksLikeGlobalKey(string key) =>
            key.StartsWith(NewFormatKeyPrefix, StringComparison.Ordinal)
                ? key.Length > NewFormatKeyPrefix.Length && key.All(IsTokenCharacter)
                : key.Length >= 37 && key.Length <= 45 && key.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));

        private static string PublicTokenId(string token)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes("zt-emulator-token-id:" + token));
                return string.Concat(hash.Take(16).Select(b => b.ToString("x2")));
            }
        }
    }
}
