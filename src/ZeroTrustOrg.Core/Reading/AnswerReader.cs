using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg.Core.Reading
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>
    /// Turns Cloudflare's answers into the module's typed objects without ever failing on a value's type or format
    /// (docs/cloudflare-api.md#live-answers-and-the-reference). Known fields are brought to the form their property
    /// takes (see <see cref="ValueReader"/>), unknown fields pass through as they came, and each odd value is named
    /// in <c>drift</c> so the caller can warn once.
    /// </summary>
    internal static class AnswerReader
    {
        private static readonly IReadOnlyList<FieldSpec> DohFields = new[]
        {
            new FieldSpec("id", "Id", FieldKind.Text),
            new FieldSpec("client_id", "ClientId", FieldKind.Text),
            new FieldSpec("name", "Name", FieldKind.Text),

            // docs/cloudflare-api.md#doh-settings: newer answers may say "forever", so any text is kept.
            new FieldSpec("duration", "Duration", FieldKind.Text),
            new FieldSpec("enabled", "Enabled", FieldKind.Boolean),
            new FieldSpec("doh_jwt_duration", "DohJwtDuration", FieldKind.Duration),
            new FieldSpec("expires_at", "ExpiresAt", FieldKind.Timestamp),
            new FieldSpec("last_seen_at", "LastSeenAt", FieldKind.Timestamp),
            new FieldSpec("created_at", "CreatedAt", FieldKind.Timestamp),
            new FieldSpec("updated_at", "UpdatedAt", FieldKind.Timestamp),
        };

        private static readonly IReadOnlyList<FieldSpec> TokenFields = new[]
        {
            new FieldSpec("id", "Id", FieldKind.Text),
            new FieldSpec("status", "Status", FieldKind.Text),
            new FieldSpec("not_before", "NotBefore", FieldKind.Timestamp),
            new FieldSpec("expires_on", "ExpiresOn", FieldKind.Timestamp),
        };

        /// <summary>The typed organization for an answer's result object (legacy names moved to current ones).</summary>
        public static ZtOrganization Organization(JsonObject raw, ICollection<string>? drift = null)
        {
            var canonical = (JsonObject)raw.DeepClone();
            OrganizationFields.RenameLegacyFields(canonical);
            return Map(Typed(canonical, OrganizationFields.All, string.Empty, drift), ZtJsonContext.Default.ZtOrganization) ?? new ZtOrganization();
        }

        public static ZtDohSetting Doh(JsonObject raw, ICollection<string>? drift = null) =>
            Map(Typed(raw, DohFields, string.Empty, drift), ZtJsonContext.Default.ZtDohSetting) ?? new ZtDohSetting();

        public static ZtTokenStatus TokenStatus(JsonObject raw, ICollection<string>? drift = null) =>
            Map(Typed(raw, TokenFields, string.Empty, drift), ZtJsonContext.Default.ZtTokenStatus) ?? new ZtTokenStatus();

        /// <summary>
        /// A copy of <paramref name="source"/> whose known fields hold values of their property's type (a value whose
        /// meaning is not clear is left out); unknown fields are copied as they came.
        /// </summary>
        public static JsonObject Typed(JsonObject source, IEnumerable<FieldSpec> fields, string prefix, ICollection<string>? drift)
        {
            var result = new JsonObject();
            foreach (var property in source)
            {
                FieldSpec? spec = fields.FirstOrDefault(f => f.JsonName == property.Key);
                if (spec == null)
                {
                    result[property.Key] = property.Value?.DeepClone();
                    continue;
                }

                ReadValue read = ValueReader.Read(spec.Kind, property.Value);
                if (read.Drift != null)
                {
                    drift?.Add(prefix + property.Key + ": " + read.Drift);
                }

                if (read.Typed is JsonObject nested && spec.Children != null)
                {
                    result[property.Key] = Typed(nested, spec.Children, prefix + property.Key + ".", drift);
                }
                else if (read.Typed != null)
                {
                    result[property.Key] = read.Typed;
                }
            }

            return result;
        }

        /// <summary>
        /// One warning for all the odd values of one answer, or null when there were none. <paramref name="kept"/> says what
        /// happens to the raw values (for an organization: written back unchanged by the next change).
        /// </summary>
        public static string? DriftWarning(string what, ICollection<string> drift, string kept)
        {
            if (drift.Count == 0)
            {
                return null;
            }

            return $"Cloudflare's answer for {what} has {(drift.Count == 1 ? "a value" : drift.Count + " values")} in an unexpected form; {kept}: " +
                string.Join("; ", drift) + ".";
        }

        private static T? Map<T>(JsonObject typed, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
            where T : class
        {
            try
            {
                return typed.Deserialize(info);
            }
            catch (JsonException ex)
            {
                // Every known field was brought to its property's type above, so this means a rule is missing here.
                throw new ZtProtocolException("Cloudflare's answer has a value this module could not map (" + ex.Path + ")", "GET", string.Empty, null, ex);
            }
        }
    }
}
