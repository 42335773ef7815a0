using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core
{
    using ZeroTrustOrg.Core.Organization;

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
            if (DohJwtDuration != null && !FieldEquality.SameDuration(current?.DohJwtDuration, DohJwtDuration))
            {
                differences.Add(new FieldDifference("DohJwtDuration", current?.DohJwtDuration ?? "(not set)", DohJwtDuration));
            }

            if (ServiceTokenId != null && !string.Equals(current?.Id, ServiceTokenId, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new FieldDifference("ServiceTokenId", current?.Id ?? "(not set)", ServiceTokenId));
            }

            return differences;
        }

        public override string ToString() =>
            string.Join(", ", new[] { DohJwtDuration == null ? null : "DohJwtDuration -> " + DohJwtDuration, ServiceTokenId == null ? null : "ServiceTokenId -> " + ServiceTokenId }
                .Where(s => s != null));
    }
}
