using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core.Reading;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>
    /// The desired-state file Export-ZtOrganization writes and Set/Compare/Test-ZtOrganization read: the organization's
    /// writable fields for its scope, the scope itself, and a reference to the JSON Schema that describes the file.
    /// </summary>
    internal static class DesiredStateFile
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
        /// The file for <paramref name="current"/> (the organization as read). It says only what Cloudflare said
        /// (docs/cloudflare-api.md#live-answers-and-the-reference): a field the answer left out stays out (no default is
        /// invented), response-only fields never go in, and a value is written in the form its field takes ("false" as
        /// text becomes false). A value whose meaning is not clear is left out, named in <paramref name="notes"/>: a field
        /// left out is not managed, so applying the file never changes it. Fields this module does not model go under
        /// <see cref="UnmodelledProperty"/>, so the shipped schema can stay strict about the names it knows (a typo fails
        /// it) and still accept every export. Keys come in a fixed order (schema, scope, the fields in the order of the
        /// module's field table, then the unmodelled ones, sorted), so two exports of the same state are the same bytes.
        /// </summary>
        public static string Export(JsonObject current, ZtScope scope, ICollection<string>? notes = null)
        {
            var canonical = (JsonObject)current.DeepClone();
            OrganizationFields.RenameLegacyFields(canonical);

            var file = new JsonObject
            {
                [OrganizationFields.SchemaProperty] = SchemaUri,
                [scope.IsAccount ? "account_id" : "zone_id"] = scope.Id,
            };
            var unmodelled = new JsonObject();

            foreach (FieldSpec field in OrganizationFields.WritableAt(scope.Kind))
            {
                JsonNode? value = canonical[field.JsonName];
                if (value == null || value.GetValueKind() == JsonValueKind.Null)
                {
                    continue;
                }

                JsonNode? typed = ValueReader.Typed(field.Kind, value);
                if (typed == null)
                {
                    notes?.Add($"{field.JsonName}: {ValueReader.Came(value)}");
                }
                else if (field.Kind != FieldKind.Object)
                {
                    file[field.JsonName] = typed;
                }
                else
                {
                    JsonObject children = Ordered((JsonObject)typed, field, notes, out JsonObject? extra);
                    if (children.Count > 0)
                    {
                        file[field.JsonName] = children;
                    }

                    if (extra != null)
                    {
                        unmodelled[field.JsonName] = extra;
                    }
                }
            }

            foreach (var other in canonical.Where(p => p.Value != null && IsUnmodelled(p.Key)).OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                unmodelled[other.Key] = other.Value!.DeepClone();
            }

            if (unmodelled.Count > 0)
            {
                file[UnmodelledProperty] = unmodelled;
            }

            return file.ToJsonString(Indented);
        }

        /// <summary>
        /// Where an export keeps the fields Cloudflare returned that this module version does not model, in the
        /// organization's own shape (a new top-level field by its name; a new key of login_design under login_design).
        /// A name starting with $ can never be a Cloudflare field.
        /// </summary>
        public const string UnmodelledProperty = "$unmodelled";

        /// <summary>The object's known keys in table order and typed; keys this module does not model come back in <paramref name="extra"/>.</summary>
        private static JsonObject Ordered(JsonObject nested, FieldSpec field, ICollection<string>? notes, out JsonObject? extra)
        {
            var ordered = new JsonObject();
            foreach (FieldSpec child in field.Children!)
            {
                if (nested[child.JsonName] is JsonNode value && value.GetValueKind() != JsonValueKind.Null)
                {
                    JsonNode? typed = ValueReader.Typed(child.Kind, value);
                    if (typed == null)
                    {
                        notes?.Add($"{field.JsonName}.{child.JsonName}: {ValueReader.Came(value)}");
                    }
                    else
                    {
                        ordered[child.JsonName] = typed;
                    }
                }
            }

            extra = null;
            foreach (var other in nested.Where(p => p.Value != null && field.FindChild(p.Key) == null).OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                extra ??= new JsonObject();
                extra[other.Key] = other.Value!.DeepClone();
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
