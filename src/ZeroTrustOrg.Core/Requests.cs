using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>One user to revoke (docs/cloudflare-api.md#revoking-a-user), validated before anything is sent.</summary>
    internal sealed class RevokeUserRequest
    {
        public RevokeUserRequest(string email, string parameter = "Email")
        {
            Email = FieldValidator.NormalizeEmail(email, parameter);
        }

        public string Email { get; }

        public string? UserUid { get; private set; }

        public bool? Devices { get; set; }

        public bool? WarpSessionReauth { get; set; }

        public RevokeUserRequest WithUserUid(string? userUid, string parameter = "UserUid")
        {
            UserUid = string.IsNullOrWhiteSpace(userUid) ? null : FieldValidator.NormalizeUuid(userUid, parameter, "-UserUid");
            return this;
        }

        /// <summary>The zone body carries email only (docs/cloudflare-api.md#revoking-a-user); say so instead of dropping the options.</summary>
        public void ValidateFor(ZtScope scope)
        {
            if (scope.IsAccount)
            {
                return;
            }

            string? offending = UserUid != null ? "UserUid" : Devices.HasValue ? "Devices" : WarpSessionReauth.HasValue ? "WarpSessionReauth" : null;
            if (offending != null)
            {
                throw new ZtValidationException(offending,
                    $"-{offending} applies to account organizations only; at {scope} revoke_user takes the email alone.",
                    "Drop the parameter, or target the account organization with -AccountId.");
            }
        }

        internal JsonObject ToBody(ZtScope scope)
        {
            ValidateFor(scope);
            var body = new JsonObject { ["email"] = Email };
            if (scope.IsAccount)
            {
                if (UserUid != null)
                {
                    body["user_uid"] = UserUid;
                }

                if (Devices.HasValue)
                {
                    body["devices"] = Devices.Value;
                }

                if (WarpSessionReauth.HasValue)
                {
                    body["warp_session_reauth"] = WarpSessionReauth.Value;
                }
            }

            return body;
        }
    }

    /// <summary>A change to the account's DoH settings (docs/cloudflare-api.md#doh-settings).</summary>
    internal sealed class DohSettingChange
    {
        private static readonly FieldSpec JwtDuration = new FieldSpec("doh_jwt_duration", "DohJwtDuration", FieldKind.Duration);

        public DohSettingChange(string? dohJwtDuration, string? serviceTokenId)
        {
            if (dohJwtDuration == null && serviceTokenId == null)
            {
                throw new ZtValidationException("DohJwtDuration",
                    "Nothing to change: pass -DohJwtDuration, -ServiceTokenId, or both.",
                    "For example: Set-ZtDohSetting -DohJwtDuration 24h");
            }

            DohJwtDuration = dohJwtDuration == null ? null : FieldValidator.NormalizeDuration(JwtDuration, dohJwtDuration, "DohJwtDuration");
            ServiceTokenId = serviceTokenId == null ? null : FieldValidator.NormalizeUuid(serviceTokenId, "ServiceTokenId",
                "-ServiceTokenId (the service token's id, not its Client ID)");
        }

        public string? DohJwtDuration { get; }

        public string? ServiceTokenId { get; }

        internal JsonObject ToBody()
        {
            var body = new JsonObject();
            if (DohJwtDuration != null)
            {
                body["doh_jwt_duration"] = DohJwtDuration;
            }

            if (ServiceTokenId != null)
            {
                body["service_token_id"] = ServiceTokenId;
            }

            return body;
        }

        /// <summary>
        /// What would change against the current settings (null when DoH is not set up yet). A duration counts as
        /// unchanged when it is the same length of time ("24h" and "24h0m0s"); an id, regardless of case.
        /// </summary>
        public IReadOnlyList<FieldDifference> DifferencesFrom(ZtDohSetting? current)
        {
            var differences = new List<FieldDifference>();
            if (DohJwtDuration != null && !SameDuration(current?.DohJwtDuration, DohJwtDuration))
            {
                differences.Add(new FieldDifference("DohJwtDuration", current?.DohJwtDuration ?? "(not set)", DohJwtDuration));
            }

            if (ServiceTokenId != null && !string.Equals(current?.Id, ServiceTokenId, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new FieldDifference("ServiceTokenId", current?.Id ?? "(not set)", ServiceTokenId));
            }

            return differences;
        }

        private static bool SameDuration(string? before, string after) => FieldEquality.SameDuration(before, after);

        public override string ToString() =>
            string.Join(", ", new[] { DohJwtDuration == null ? null : "DohJwtDuration -> " + DohJwtDuration, ServiceTokenId == null ? null : "ServiceTokenId -> " + ServiceTokenId }
                .Where(s => s != null));
    }
}
