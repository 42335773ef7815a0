using System;
using System.Text.RegularExpressions;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg
{
    /// <summary>Whether an organization belongs to an account or to a zone.</summary>
    public enum ZtScopeKind
    {
        /// <summary>The organization of an account (<c>accounts/{id}</c>).</summary>
        Account,

        /// <summary>The organization of a zone (<c>zones/{id}</c>).</summary>
        Zone,
    }

    /// <summary>Where an organization lives: one account or one zone, with a validated Cloudflare id.</summary>
    public sealed class ZtScope : IEquatable<ZtScope>
    {
        // docs/cloudflare-api.md#endpoints: path ids are 32-character hex identifiers.
        private static readonly Regex IdPattern = new Regex("^[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);

        private ZtScope(ZtScopeKind kind, string id)
        {
            Kind = kind;
            Id = id;
        }

        /// <summary>Account or zone.</summary>
        public ZtScopeKind Kind { get; }

        /// <summary>The 32-character hex id of the account or zone.</summary>
        public string Id { get; }

        /// <summary>True for an account scope, false for a zone scope.</summary>
        public bool IsAccount => Kind == ZtScopeKind.Account;

        /// <summary>An account scope; a malformed id fails with a <see cref="ZtValidationException"/> naming <paramref name="parameterName"/>.</summary>
        public static ZtScope Account(string accountId, string parameterName = "AccountId") =>
            new ZtScope(ZtScopeKind.Account, ValidateId(accountId, parameterName));

        /// <summary>A zone scope; a malformed id fails with a <see cref="ZtValidationException"/> naming <paramref name="parameterName"/>.</summary>
        public static ZtScope Zone(string zoneId, string parameterName = "ZoneId") =>
            new ZtScope(ZtScopeKind.Zone, ValidateId(zoneId, parameterName));

        /// <summary>True when <paramref name="id"/> has the shape of a Cloudflare account or zone id.</summary>
        public static bool IsValidId(string? id) => id != null && IdPattern.IsMatch(id);

        /// <summary>
        /// Picks the scope from explicit ids, falling back to the context's default. The SDKs refuse
        /// both ids at once on the client side (docs/cloudflare-api.md#endpoints); so do we.
        /// </summary>
        public static ZtScope Resolve(string? accountId, string? zoneId, ZtScope? fallback)
        {
            bool hasAccount = !string.IsNullOrEmpty(accountId);
            bool hasZone = !string.IsNullOrEmpty(zoneId);
            if (hasAccount && hasZone)
            {
                throw new ZtValidationException("ZoneId",
                    "-AccountId and -ZoneId are mutually exclusive: an organization lives either in an account or in a zone.",
                    "Pass only one of -AccountId or -ZoneId.");
            }

            if (hasAccount)
            {
                return Account(accountId!);
            }

            if (hasZone)
            {
                return Zone(zoneId!);
            }

            return fallback ?? throw new ZtValidationException("AccountId",
                "No account or zone was given and the connection has no default scope.",
                "Pass -AccountId or -ZoneId, or connect with Connect-ZtAccount -AccountId <id> (or set CLOUDFLARE_ACCOUNT_ID).");
        }

        /// <summary>The API path prefix, e.g. <c>accounts/{id}</c>.</summary>
        public string PathPrefix => (IsAccount ? "accounts/" : "zones/") + Id;

        /// <summary>"account &lt;id&gt;" or "zone &lt;id&gt;", as messages show the scope.</summary>
        public override string ToString() => (IsAccount ? "account " : "zone ") + Id;

        /// <summary>Same kind and same id.</summary>
        public bool Equals(ZtScope? other) => other != null && other.Kind == Kind && other.Id == Id;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ZtScope);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Id);

        private static string ValidateId(string? id, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ZtValidationException(parameterName, $"-{parameterName} is empty.",
                    "Pass the 32-character hex id shown in the Cloudflare dashboard (Account home or the zone's Overview page).");
            }

            string trimmed = id!.Trim();
            if (!IdPattern.IsMatch(trimmed))
            {
                throw new ZtValidationException(parameterName,
                    $"-{parameterName} '{InputText.Glimpse(trimmed)}' is not a Cloudflare id: it must be exactly 32 hexadecimal characters.",
                    "Copy the id from the Cloudflare dashboard (Account home or the zone's Overview page); names and team domains are not ids.");
            }

            return trimmed.ToLowerInvariant();
        }
    }
}
