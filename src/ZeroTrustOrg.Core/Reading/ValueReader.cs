using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Reading
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>One value of an answer as the module's type needs it, and what was odd about it (null when nothing).</summary>
    internal readonly struct ReadValue
    {
        public ReadValue(JsonNode? typed, string? drift)
        {
            Typed = typed;
            Drift = drift;
        }

        /// <summary>The value in the form the typed property takes; null when its meaning is not clear.</summary>
        public JsonNode? Typed { get; }

        /// <summary>What came and how it was read, for the warning; null when the value had the expected form.</summary>
        public string? Drift { get; }
    }

    /// <summary>
    /// Reads one value of a Cloudflare answer tolerantly (docs/cloudflare-api.md#live-answers-and-the-reference): a value
    /// of an unexpected JSON type or format never fails a read. Where its meaning is clear it is converted ("false" to
    /// false, "90" to 90); otherwise the typed form is null. Either way the caller keeps the raw value for the next write.
    /// </summary>
    internal static class ValueReader
    {
        private const int ShownLength = 40;

        private static readonly string[] IsoFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        };

        public static ReadValue Read(FieldKind kind, JsonNode? node)
        {
            if (node == null || node.GetValueKind() == JsonValueKind.Null)
            {
                return new ReadValue(null, null);
            }

            switch (kind)
            {
                case FieldKind.Boolean:
                    return ReadBoolean(node);
                case FieldKind.Text:
                case FieldKind.Hostname:
                case FieldKind.Uuid:
                case FieldKind.Duration:
                    return ReadText(node, kind);
                case FieldKind.Timestamp:
                    return ReadTimestamp(node);
                case FieldKind.Integer:
                    return ReadInteger(node);
                case FieldKind.TextList:
                    return ReadList(node, FieldKind.Text);
                case FieldKind.IntegerList:
                    return ReadList(node, FieldKind.Integer);
                case FieldKind.Object:
                    return node is JsonObject ? new ReadValue(node.DeepClone(), null) : new ReadValue(null, Came(node) + ", not an object; left empty");
                default:
                    return new ReadValue(node.DeepClone(), null);
            }
        }

        /// <summary>The value converted where its meaning is clear, else null; no note.</summary>
        public static JsonNode? Typed(FieldKind kind, JsonNode? node) => Read(kind, node).Typed;

        /// <summary>What came, in a few words: <c>"false" (text)</c>, <c>86400 (a number)</c>, <c>an object</c>.</summary>
        public static string Came(JsonNode? node)
        {
            switch (node?.GetValueKind())
            {
                case null:
                case JsonValueKind.Null:
                    return "null";
                case JsonValueKind.String:
                    string text = node!.GetValue<string>();
                    return text.Length == 0 ? "empty text" : "\"" + InputText.Escape(Shorten(text)) + "\" (text)";
                case JsonValueKind.Number:
                    return Shorten(node!.ToJsonString()) + " (a number)";
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return node!.ToJsonString() + " (true/false)";
                case JsonValueKind.Array:
                    return "a list";
                default:
                    return "an object";
            }
        }

        private static ReadValue ReadBoolean(JsonNode node)
        {
            switch (node.GetValueKind())
            {
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return new ReadValue(node.DeepClone(), null);
                case JsonValueKind.String:
                    string text = node.GetValue<string>().Trim();
                    if (bool.TryParse(text, out bool parsed) || TryBit(text, out parsed))
                    {
                        return new ReadValue(JsonValue.Create(parsed), $"{Came(node)}, read as {(parsed ? "True" : "False")}");
                    }

                    break;
                case JsonValueKind.Number:
                    if (TryBit(node.ToJsonString(), out bool bit))
                    {
                        return new ReadValue(JsonValue.Create(bit), $"{Came(node)}, read as {(bit ? "True" : "False")}");
                    }

                    break;
            }

            return new ReadValue(null, Came(node) + ", not true or false; left empty");
        }

        private static bool TryBit(string text, out bool value)
        {
            value = text == "1";
            return text == "0" || text == "1";
        }

        private static ReadValue ReadText(JsonNode node, FieldKind kind)
        {
            switch (node.GetValueKind())
            {
                case JsonValueKind.String:
                    return new ReadValue(node.DeepClone(), null);
                case JsonValueKind.Number when kind == FieldKind.Duration:
                    // A bare number has no unit (Go would mean nanoseconds, a person seconds): its meaning is not clear.
                    return new ReadValue(null, Came(node) + ", not a duration such as 24h; left empty");
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False:
                    string text = node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : (node.GetValueKind() == JsonValueKind.True ? "true" : "false");
                    return new ReadValue(JsonValue.Create(text), $"{Came(node)}, read as the text '{Shorten(text)}'");
                default:
                    return new ReadValue(null, Came(node) + (kind == FieldKind.Duration ? ", not a duration such as 24h" : ", not text") + "; left empty");
            }
        }

        private static ReadValue ReadTimestamp(JsonNode node)
        {
            if (node.GetValueKind() != JsonValueKind.String)
            {
                return new ReadValue(null, Came(node) + ", not a date and time; left empty");
            }

            string text = node.GetValue<string>().Trim();
            if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset iso))
            {
                return new ReadValue(JsonValue.Create(iso.ToString("o", CultureInfo.InvariantCulture)), null);
            }

            if (text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset other))
            {
                return new ReadValue(JsonValue.Create(other.ToString("o", CultureInfo.InvariantCulture)), $"{Came(node)}, not ISO 8601; read as {other.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)}");
            }

            return new ReadValue(null, Came(node) + ", not a date and time; left empty");
        }

        private static ReadValue ReadInteger(JsonNode node)
        {
            string? text = node.GetValueKind() switch
            {
                JsonValueKind.Number => node.ToJsonString(),
                JsonValueKind.String => node.GetValue<string>().Trim(),
                _ => null,
            };

            if (text != null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number)
                && number == decimal.Truncate(number) && number >= int.MinValue && number <= int.MaxValue)
            {
                var value = JsonValue.Create((int)number);
                bool exact = node.GetValueKind() == JsonValueKind.Number && text.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
                return new ReadValue(value, exact ? null : $"{Came(node)}, read as {(int)number}");
            }

            return new ReadValue(null, Came(node) + ", not a whole number; left empty");
        }

        private static ReadValue ReadList(JsonNode node, FieldKind itemKind)
        {
            if (node is not JsonArray array)
            {
                if (node is JsonValue)
                {
                    ReadValue single = Read(itemKind, node);
                    if (single.Typed != null)
                    {
                        return new ReadValue(new JsonArray(single.Typed), Came(node) + ", read as a list of one");
                    }
                }

                return new ReadValue(null, Came(node) + ", not a list; left empty");
            }

            var items = new JsonArray();
            var odd = new System.Collections.Generic.List<string>();
            foreach (JsonNode? item in array)
            {
                if (item == null)
                {
                    odd.Add("null");
                    continue;
                }

                ReadValue read = Read(itemKind, item);
                if (read.Typed == null)
                {
                    odd.Add(Came(item));
                }
                else
                {
                    if (read.Drift != null)
                    {
                        odd.Add(Came(item));
                    }

                    items.Add(read.Typed);
                }
            }

            return odd.Count == 0
                ? new ReadValue(items, null)
                : new ReadValue(items, $"a list with {string.Join(", ", odd.Distinct())} among its items; read as [{string.Join(", ", items.Select(i => i!.ToJsonString()))}]");
        }

        private static string Shorten(string text) => text.Length <= ShownLength ? text : text.Substring(0, ShownLength) + "...";
    }
}
