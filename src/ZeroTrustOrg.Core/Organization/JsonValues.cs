using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>Turns what a cmdlet was given (strings, switches, arrays, hashtables) into JSON nodes, and back into text.</summary>
    internal static class JsonValues
    {
        public static JsonNode? FromClr(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case JsonNode node:
                    return node.DeepClone();
                case JsonElement element:
                    return element.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(element.GetRawText());
                case string s:
                    return JsonValue.Create(s);
                case bool b:
                    return JsonValue.Create(b);
                case int or long or short or byte or uint or ushort or sbyte:
                    return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case decimal m:
                    return JsonValue.Create(m);
                case double or float:
                    // NaN, infinities and values beyond decimal (1e30) are kept as their text, so validation names them
                    // instead of the conversion throwing.
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    return !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 7.9e28
                        ? JsonValue.Create(Convert.ToDecimal(d, CultureInfo.InvariantCulture))
                        : JsonValue.Create(d.ToString("R", CultureInfo.InvariantCulture));
                case TimeSpan span:
                    return JsonValue.Create(GoDuration.Format(span));
                case DateTimeOffset dto:
                    return JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture));
                case DateTime dt:
                    return JsonValue.Create(dt.ToString("o", CultureInfo.InvariantCulture));
                case Guid g:
                    return JsonValue.Create(g.ToString("D"));
                case IDictionary dictionary:
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FromClr(entry.Value);
                    }

                    return obj;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    var fromPairs = new JsonObject();
                    foreach (var pair in pairs)
                    {
                        fromPairs[pair.Key] = FromClr(pair.Value);
                    }

                    return fromPairs;
                case IEnumerable sequence:
                    var array = new JsonArray();
                    foreach (object? item in sequence)
                    {
                        array.Add(FromClr(item));
                    }

                    return array;
                default:
                    return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Cloudflare treats false, empty and absent alike (docs/cloudflare-api.md#behaviour-notes); so does every comparison here.</summary>
        public static bool IsEffectivelyEmpty(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    return true;
                case JsonObject obj:
                    return obj.All(p => IsEffectivelyEmpty(p.Value));
                case JsonArray array:
                    return array.Count == 0;
                case JsonValue value:
                    if (value.TryGetValue(out bool b))
                    {
                        return !b;
                    }

                    if (value.TryGetValue(out string? s))
                    {
                        return s.Length == 0;
                    }

                    return value.GetValueKind() == JsonValueKind.Null;
                default:
                    return false;
            }
        }

        public static bool SameEffectiveValue(JsonNode? a, JsonNode? b)
        {
            bool aEmpty = IsEffectivelyEmpty(a);
            bool bEmpty = IsEffectivelyEmpty(b);
            if (aEmpty || bEmpty)
            {
                return aEmpty && bEmpty;
            }

            if (a is JsonObject ao && b is JsonObject bo)
            {
                var keys = new HashSet<string>(ao.Select(p => p.Key).Concat(bo.Select(p => p.Key)));
                return keys.All(k => SameEffectiveValue(ao[k], bo[k]));
            }

            return JsonNode.DeepEquals(a, b);
        }

        /// <summary>True for true, and for an answer's odd forms of it ("true" as text, 1): docs/cloudflare-api.md#live-answers-and-the-reference.</summary>
        public static bool IsTrue(JsonNode? node) =>
            ZeroTrustOrg.Core.Reading.ValueReader.Typed(FieldKind.Boolean, node) is JsonValue v && v.TryGetValue(out bool b) && b;

        public static string? AsString(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

        /// <summary>Short human text for a diff line.</summary>
        public static string Display(JsonNode? node)
        {
            if (IsEffectivelyEmpty(node) && !(node is JsonValue v0 && v0.TryGetValue(out bool _)))
            {
                return "(not set)";
            }

            switch (node)
            {
                case JsonValue value when value.TryGetValue(out bool b):
                    return b ? "True" : "False";
                case JsonValue value when value.TryGetValue(out string? s):
                    return s;
                case JsonArray array:
                    return string.Join(", ", array.Select(Display));
                case JsonObject obj:
                    return "{" + string.Join("; ", obj.Where(p => !IsEffectivelyEmpty(p.Value)).Select(p => p.Key + "=" + Display(p.Value))) + "}";
                default:
                    return node!.ToJsonString();
            }
        }
    }
}
