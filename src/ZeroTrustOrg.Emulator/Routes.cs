using System;
using System.Linq;

namespace ZeroTrustOrg.Emulator
{
    internal enum RouteKind
    {
        None,
        Organization,
        RevokeUser,
        Doh,
        UserTokenVerify,
        AccountTokenVerify,
    }

    internal sealed class RouteMatch
    {
        public RouteKind Kind { get; init; }
        public bool Zone { get; init; }
        public string? ScopeId { get; init; }
        public JournalOperation Operation { get; init; } = JournalOperation.Unknown;

        /// <summary>The path exists but not for this method.</summary>
        public bool MethodNotAllowed { get; init; }

        public string? ScopeKind => ScopeId is null ? null : Routes.ScopeKindOf(Zone);
    }

    /// <summary>The routes of docs/cloudflare-api.md#endpoints plus the token-verify endpoints of docs/cloudflare-api.md#authentication, under <see cref="EmulatorDefaults.BasePath"/>.</summary>
    internal static class Routes
    {
        private static readonly string Prefix = EmulatorDefaults.BasePath + "/";

        /// <summary>The word journals, revocations and messages use for a scope.</summary>
        public static string ScopeKindOf(bool zone) => zone ? "zone" : "account";

        public static RouteMatch Match(string method, string path)
        {
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return new RouteMatch();
            }

            string[] s = path.Substring(Prefix.Length).Split('/');
            string m = method.ToUpperInvariant();

            if (s.Length == 3 && s[0] == "user" && s[1] == "tokens" && s[2] == "verify")
            {
                return Resolve(RouteKind.UserTokenVerify, false, null, m, ("GET", JournalOperation.VerifyToken));
            }

            if (s.Length < 2 || (s[0] != "accounts" && s[0] != "zones"))
            {
                return new RouteMatch();
            }

            bool zone = s[0] == "zones";
            string id = s[1];
            string rest = string.Join("/", s.Skip(2));
            switch (rest)
            {
                case "tokens/verify" when !zone:
                    return Resolve(RouteKind.AccountTokenVerify, zone, id, m, ("GET", JournalOperation.VerifyToken));
                case "access/organizations":
                    return Resolve(RouteKind.Organization, zone, id, m,
                        ("GET", JournalOperation.GetOrganization), ("POST", JournalOperation.CreateOrganization), ("PUT", JournalOperation.UpdateOrganization));
                case "access/organizations/revoke_user":
                    return Resolve(RouteKind.RevokeUser, zone, id, m, ("POST", JournalOperation.RevokeUser));
                // docs/cloudflare-api.md#zone-organization-fields: DoH exists only at account level.
                case "access/organizations/doh" when !zone:
                    return Resolve(RouteKind.Doh, zone, id, m, ("GET", JournalOperation.GetDoh), ("PUT", JournalOperation.UpdateDoh));
                default:
                    return new RouteMatch();
            }
        }

        private static RouteMatch Resolve(RouteKind kind, bool zone, string? id, string method, params (string Method, JournalOperation Operation)[] allowed)
        {
            foreach (var (allowedMethod, operation) in allowed)
            {
                if (allowedMethod == method)
                {
                    return new RouteMatch { Kind = kind, Zone = zone, ScopeId = id, Operation = operation };
                }
            }

            return new RouteMatch { Kind = kind, Zone = zone, ScopeId = id, MethodNotAllowed = true };
        }

        /// <summary>Which permissions let a token run the operation (docs/cloudflare-api.md#authentication table); None means any valid token.</summary>
        public static EmulatorPermissions AcceptedPermissions(JournalOperation operation)
        {
            switch (operation)
            {
                case JournalOperation.GetOrganization:
                case JournalOperation.GetDoh:
                    return EmulatorPermissions.Read | EmulatorPermissions.Write | EmulatorPermissions.Revoke;
                case JournalOperation.CreateOrganization:
                case JournalOperation.UpdateOrganization:
                case JournalOperation.UpdateDoh:
                    return EmulatorPermissions.Write;
                case JournalOperation.RevokeUser:
                    return EmulatorPermissions.Write | EmulatorPermissions.Revoke;
                default:
                    return EmulatorPermissions.None;
            }
        }
    }
}
