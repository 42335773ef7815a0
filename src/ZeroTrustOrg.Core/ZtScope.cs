using System;
using System.Text.RegularExpressions;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg
{
    public enum ZtScopeKind
    {
        Account,
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

        public ZtScopeKind Kind { get; }

        public string Id { get; }

        public bool IsAccount => Kind == ZtScopeKind.Account;

        public static ZtScope Account(string accountId, string parameterName = "AccountId") =>
            new ZtScope(ZtScopeKind.Account, ValidateId(accountId, parameterName));

        public static ZtScope Zone(string zoneId, string parameterName = "ZoneId") =>
            new ZtScope(ZtScopeKind.Zone, ValidateId(zoneId, parameterName));

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

        public override string ToString() => (IsAccount ? "account " : "zone ") + Id;

        public bool Equals(ZtScope? other) => other != null && other.Kind == Kind && other.Id == Id;

        public override bool Equals(object? obj) => Equals(obj as ZtScope);

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
