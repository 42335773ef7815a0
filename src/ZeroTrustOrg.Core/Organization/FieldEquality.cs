using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    using ZeroTrustOrg.Core.Reading;

    /// <summary>
    /// The module's one meaning of "equal" for organization values (docs/cloudflare-api.md#when-two-values-are-equal),
    /// used by the -WhatIf diff, Compare- and Test-ZtOrganization and the no-op check of Set-ZtOrganization:
    /// durations by value, absent = null = empty (false, "", [], {}), sets in any order, host names in any case,
    /// and an answer's odd forms ("false" as text) by what they mean.
    /// </summary>
    internal static class FieldEquality
    {
        /// <summary>True when <paramref name="a"/> and <paramref name="b"/> mean the same for <paramref name="field"/> (null: a field this module does not model).</summary>
        public static bool Same(FieldSpec? field, JsonNode? a, JsonNode? b) => Why(field, a, b, out _);

        /// <summary><see cref="Same"/> for a field named by its API path (<c>session_duration</c>, <c>login_design.header_text</c>).</summary>
        public static bool SameAtPath(string path, JsonNode? a, JsonNode? b)
        {
            int dot = path.IndexOf('.');
            FieldSpec? top = OrganizationFields.Find(dot < 0 ? path : path.Substring(0, dot));
            FieldSpec? field = dot < 0 ? top : top?.Children?.FirstOrDefault(c => c.JsonName == path.Substring(dot + 1));
            return Same(field, a, b);
        }

        /// <summary>
        /// Like <see cref="Same"/>; when the two are equal without being written alike, <paramref name="rule"/> names
        /// the rule that made them equal (for -Verbose), else it is null.
        /// </summary>
        public static bool Why(FieldSpec? field, JsonNode? a, JsonNode? b, out string? rule)
        {
            rule = null;
            if (JsonNode.DeepEquals(a, b))
            {
                return true;
            }

            if (field == null || field.Kind == FieldKind.Unmodelled)
            {
                bool same = JsonValues.SameEffectiveValue(a, b);
                rule = same ? "absent, null and empty are equal" : null;
                return same;
            }

            if (field.Kind == FieldKind.Object)
            {
                return SameObject(field, a, b, out rule);
            }

            JsonNode? x = ValueReader.Typed(field.Kind, a) ?? (IsBlank(a) ? null : a);
            JsonNode? y = ValueReader.Typed(field.Kind, b) ?? (IsBlank(b) ? null : b);
            bool xEmpty = JsonValues.IsEffectivelyEmpty(x);
            bool yEmpty = JsonValues.IsEffectivelyEmpty(y);
            if (xEmpty || yEmpty)
            {
                rule = xEmpty && yEmpty ? "absent, null and empty are equal" : null;
                return xEmpty && yEmpty;
            }

            bool equal;
            switch (field.Kind)
            {
                case FieldKind.Duration:
                    equal = SameDuration(JsonValues.AsString(x), JsonValues.AsString(y), out bool byValue);
                    rule = equal && byValue ? "durations compare by value" : null;
                    break;
                case FieldKind.Hostname:
                    equal = string.Equals(JsonValues.AsString(x), JsonValues.AsString(y), StringComparison.OrdinalIgnoreCase);
                    rule = "host names compare in any case";
                    break;
                case FieldKind.TextList:
                case FieldKind.IntegerList:
                    equal = SameList(field, x, y);
                    rule = field.Unordered ? "lists of this field compare in any order" : null;
                    break;
                default:
                    equal = JsonNode.DeepEquals(x, y);
                    break;
            }

            if (equal && rule == null)
            {
                rule = "the answer's form (" + ValueReader.Came(ValueReader.Typed(field.Kind, a) == null ? b : a) + ") means the same";
            }

            if (!equal)
            {
                rule = null;
            }

            return equal;
        }

        /// <summary>Two Go durations that parse compare by length (24h = 24h0m0s = 1440m); otherwise as text.</summary>
        public static bool SameDuration(string? a, string? b) => SameDuration(a, b, out _);

        private static bool SameDuration(string? a, string? b, out bool byValue)
        {
            byValue = false;
            if (string.Equals(a, b, StringComparison.Ordinal))
            {
                return true;
            }

            if (GoDuration.TryParse(a, out TimeSpan x) && GoDuration.TryParse(b, out TimeSpan y))
            {
                byValue = true;
                return x == y;
            }

            return false;
        }

        private static bool SameList(FieldSpec field, JsonNode? a, JsonNode? b)
        {
            var x = Items(a);
            var y = Items(b);
            if (!field.Unordered)
            {
                return x.SequenceEqual(y, StringComparer.Ordinal);
            }

            StringComparer comparer = StringComparer.OrdinalIgnoreCase;
            return new HashSet<string>(x, comparer).SetEquals(new HashSet<string>(y, comparer));
        }

        private static List<string> Items(JsonNode? list) =>
            (list as JsonArray)?.Where(i => i != null).Select(i => JsonValues.AsString(i) ?? i!.ToJsonString()).ToList() ?? new List<string>();

        private static bool SameObject(FieldSpec field, JsonNode? a, JsonNode? b, out string? rule)
        {
            rule = null;
            var x = a as JsonObject;
            var y = b as JsonObject;
            if (x == null || y == null)
            {
                bool bothEmpty = JsonValues.IsEffectivelyEmpty(x) && JsonValues.IsEffectivelyEmpty(y) && (x != null || IsBlank(a)) && (y != null || IsBlank(b));
                rule = bothEmpty ? "absent, null and empty are equal" : null;
                return bothEmpty;
            }

            var rules = new List<string>();
            foreach (string key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
            {
                FieldSpec? child = field.Children?.FirstOrDefault(c => c.JsonName == key);
                if (!Why(child, x[key], y[key], out string? childRule))
                {
                    return false;
                }

                if (childRule != null)
                {
                    rules.Add(childRule);
                }
            }

            rule = rules.Count == 0 ? null : string.Join(", ", rules.Distinct());
            return true;
        }

        private static bool IsBlank(JsonNode? node) => node == null || node.GetValueKind() == System.Text.Json.JsonValueKind.Null;
    }
}
