using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>
    /// The desired-state file Export-ZtOrganization writes and Set/Compare/Test-ZtOrganization read: the organization's
    /// writable fields for its scope, the scope itself, and a reference to the JSON Schema that describes the file.
    /// </summary>
    public static class DesiredStateFile
    {
        /// <summary>Where editors fetch the schema; the same file ships in the module folder as <see cref="SchemaFileName"/>.</summary>
        public const string SchemaUri = "https://raw.githubusercontent.com/zerotrustorg/ZeroTrustOrg/main/src/ZeroTrustOrg/" + SchemaFileName;

        public const string SchemaFileName = "ZeroTrustOrg.Organization.schema.json";

        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions
        {
            WriteIndented = true,

            // Header and footer texts are written for people to read and review in diffs, not as \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>
        /// The file for <paramref name="current"/> (the organization as read). Keys come in a fixed order (schema, scope,
        /// then the fields in the order of the module's field table, then fields this module does not model, sorted), so
        /// two exports of the same state are the same bytes and a diff shows only what changed. Booleans are written
        /// even when Cloudflare leaves them out (absent means false), so drift from false to true shows up.
        /// </summary>
        public static string Export(JsonObject current, ZtScope scope)
        {
            var canonical = (JsonObject)current.DeepClone();
            OrganizationFields.RenameLegacyFields(canonical);

            var file = new JsonObject
            {
                [OrganizationFields.SchemaProperty] = SchemaUri,
                [scope.IsAccount ? "account_id" : "zone_id"] = scope.Id,
            };

            foreach (FieldSpec field in OrganizationFields.WritableAt(scope.Kind))
            {
                JsonNode? value = canonical[field.JsonName];
                if (field.Kind == FieldKind.Object)
                {
                    if (value is JsonObject nested && Ordered(nested, field) is { Count: > 0 } children)
                    {
                        file[field.JsonName] = children;
                    }
                }
                else if (field.Kind == FieldKind.Boolean)
                {
                    file[field.JsonName] = JsonValues.IsTrue(value);
                }
                else if (value != null)
                {
                    file[field.JsonName] = value.DeepClone();
                }
            }

            foreach (var unmodelled in canonical.Where(p => p.Value != null && IsUnmodelled(p.Key)).OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                file[unmodelled.Key] = unmodelled.Value!.DeepClone();
            }

            return file.ToJsonString(Indented);
        }

        private static JsonObject Ordered(JsonObject nested, FieldSpec field)
        {
            var ordered = new JsonObject();
            foreach (FieldSpec child in field.Children!)
            {
                if (nested[child.JsonName] is JsonNode value)
                {
                    ordered[child.JsonName] = value.DeepClone();
                }
            }

            foreach (var extra in nested.Where(p => p.Value != null && field.FindChild(p.Key) == null).OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                ordered[extra.Key] = extra.Value!.DeepClone();
            }

            return ordered;
        }

        private static bool IsUnmodelled(string key) =>
            OrganizationFields.Find(key) == null
            && !OrganizationFields.WithdrawnFields.Contains(key)
            && !OrganizationFields.ModuleOnlyProperties.Contains(key);

        /// <summary>Reads a desired-state file's text; a file that is not one JSON object is bad input, not a crash.</summary>
        public static JsonObject Parse(string text, string path)
        {
            try
            {
                if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is JsonObject obj)
                {
                    return obj;
                }
            }
            catch (JsonException ex)
            {
                throw new ZtValidationException("Path", $"'{path}' is not a desired-state file: {ex.Message}", "Write it with Export-ZtOrganization, or check the JSON syntax.");
            }

            throw new ZtValidationException("Path", $"'{path}' is not a desired-state file: it does not hold one JSON object.", "Write it with Export-ZtOrganization.");
        }

        /// <summary>The scope a desired state names (account_id/AccountId, zone_id/ZoneId), or nulls.</summary>
        public static (string? AccountId, string? ZoneId) ScopeOf(IEnumerable<KeyValuePair<string, object?>> properties)
        {
            string? Lookup(params string[] names) => properties
                .Where(p => names.Any(n => string.Equals(n, p.Key, System.StringComparison.OrdinalIgnoreCase)))
                .Select(p => p.Value as string ?? (p.Value as JsonValue)?.ToString())
                .FirstOrDefault(v => !string.IsNullOrEmpty(v));
            return (Lookup("AccountId", "account_id"), Lookup("ZoneId", "zone_id"));
        }
    }
}
