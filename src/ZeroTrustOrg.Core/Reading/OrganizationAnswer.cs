using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Reading
{
    /// <summary>Turns an organization as Cloudflare sent it into the typed organization the cmdlets write.</summary>
    internal static class OrganizationAnswer
    {
        /// <summary>
        /// The typed organization, remembering what it looked like as read so a later Set applies only what was changed on
        /// it. Odd values are read tolerantly and named in <paramref name="drift"/>; the raw answer is kept, so the next
        /// write sends them back as they came (docs/cloudflare-api.md#live-answers-and-the-reference).
        /// </summary>
        public static ZtOrganization Read(JsonObject raw, ZtScope scope, ICollection<string>? drift = null)
        {
            ZtOrganization organization = AnswerReader.Organization(raw, drift);
            organization.ReadState = (JsonObject)raw.DeepClone();
            if (scope.IsAccount)
            {
                organization.AccountId = scope.Id;
            }
            else
            {
                organization.ZoneId = scope.Id;
            }

            return organization;
        }
    }
}
