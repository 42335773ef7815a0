using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>One field where the organization differs from the desired state (Compare-ZtOrganization).</summary>
    public sealed class ZtOrganizationDifference
    {
        internal ZtOrganizationDifference(FieldDifference difference, ZtScope scope)
        {
            Field = difference.Path;
            Current = Plain(difference.Current);
            Desired = Plain(difference.Desired);
            Scope = scope.Kind.ToString();
            AccountId = scope.IsAccount ? scope.Id : null;
            ZoneId = scope.IsAccount ? null : scope.Id;
        }

        /// <summary>True when compared against the built-in emulator: nothing was read from Cloudflare.</summary>
        public bool IsEmulator { get; private set; }

        /// <summary>The field as the API and the desired-state file name it, with a dot for nested keys (login_design.header_text).</summary>
        public string Field { get; }

        /// <summary>The value Cloudflare has now; null when the field is not set.</summary>
        public object? Current { get; }

        /// <summary>The value the desired state asks for; null to clear the field.</summary>
        public object? Desired { get; }

        /// <summary>"Account" or "Zone", as on ZtOrganization.</summary>
        public string Scope { get; }

        /// <summary>The account id when the scope is an account; otherwise null.</summary>
        public string? AccountId { get; }

        /// <summary>The zone id when the scope is a zone; otherwise null.</summary>
        public string? ZoneId { get; }

        /// <summary>The field with its current and desired values.</summary>
        public override string ToString() => $"{Field}: {Text(Current)} -> {Text(Desired)}";

        /// <summary>The differences a plan found, in the order of the module's field table.</summary>
        internal static IReadOnlyList<ZtOrganizationDifference> From(OrganizationUpdatePlan plan) =>
            plan.Differences.Select(d => new ZtOrganizationDifference(d, plan.Scope) { IsEmulator = plan.IsEmulator }).ToList();

        /// <summary>JSON values as the plain .NET values PowerShell shows and ConvertTo-Json writes back unchanged.</summary>
        internal static object? Plain(JsonNode? node)
        {
            if (JsonValues.IsEffectivelyEmpty(node) && !(node is JsonValue v && v.TryGetValue(out bool _)))
            {
                return null;
            }

            switch (node)
            {
                case JsonArray array:
                    return array.All(i => i is JsonValue s && s.GetValueKind() == JsonValueKind.String)
                        ? array.Select(i => i!.GetValue<string>()).ToArray()
                        : (object)array.Select(Plain).ToArray();
                case JsonObject obj:
                    var properties = new Dictionary<string, object?>();
                    foreach (var property in obj)
                    {
                        properties[property.Key] = Plain(property.Value);
                    }

                    return properties;
                case JsonValue value when value.TryGetValue(out bool b):
                    return b;
                case JsonValue value when value.TryGetValue(out string? s):
                    return s;
                case JsonValue value when value.TryGetValue(out long l):
                    return l;
                case JsonValue value when value.TryGetValue(out decimal m):
                    return m;
                default:
                    return node!.ToJsonString();
            }
        }

        private static string Text(object? value) => value switch
        {
            null => "(not set)",
            string s => s,
            bool b => b ? "True" : "False",
            System.Collections.IDictionary d => "{" + string.Join("; ", d.Keys.Cast<object>().Select(k => k + "=" + Text(d[k]))) + "}",
            System.Collections.IEnumerable e => string.Join(", ", e.Cast<object?>().Select(Text)),
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
