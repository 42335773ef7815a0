using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core
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
}
