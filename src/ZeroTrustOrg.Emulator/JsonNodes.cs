using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>Small questions the engine asks of <see cref="JsonNode"/> values, whatever created them.</summary>
    internal static class JsonNodes
    {
        public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

        public static bool IsTrue(JsonNode? node) => Kind(node) == JsonValueKind.True;

        public static bool IsFalse(JsonNode? node) => Kind(node) == JsonValueKind.False;

        public static string? AsString(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : null;

        public static bool TryGetInteger(JsonNode? node, out long value)
        {
            value = 0;
            return Kind(node) == JsonValueKind.Number
                && long.TryParse(node!.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>Returns the body as a JSON object, or null when it is empty.</summary>
        /// <exception cref="ApiErrorException">The body is not JSON, or not an object.</exception>
        public static JsonObject? ParseBody(byte[]? body)
        {
            if (body is null || body.All(b => b == ' ' || b == '\t' || b == '\r' || b == '\n'))
            {
                return null;
            }

            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(Encoding.UTF8.GetString(body));
                // JsonObject builds its dictionary lazily; walking it now turns duplicate keys into a 400 here.
                Touch(parsed);
            }
            catch (Exception e) when (e is JsonException || e is ArgumentException || e is InvalidOperationException)
            {
                throw new ApiErrorException(ApiErrors.MalformedJson());
            }
            if (parsed is JsonObject obj)
            {
                return obj;
            }

            throw ApiErrors.InvalidRequestWithoutPointer("the request body must be a JSON object");
        }

        /// <summary>A deep copy without null members, because the engine never stores nulls.</summary>
        public static JsonNode WithoutNulls(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    var copy = new JsonObject();
                    foreach (var property in obj)
                    {
                        if (property.Value != null)
                        {
                            copy[property.Key] = WithoutNulls(property.Value);
                        }
                    }

                    return copy;
                case JsonArray array:
                    return new JsonArray(array.Select(item => item is null ? null : WithoutNulls(item)).ToArray());
                default:
                    return node.DeepClone();
            }
        }

        public static string FormatTimestamp(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

        /// <summary>docs/cloudflare-api.md#live-answers-and-the-reference: live timestamps carry whole seconds, the reference's carry microseconds.</summary>
        public static string FormatTimestamp(DateTimeOffset time, EmulatorShape shape) =>
            shape == EmulatorShape.Live
                ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : FormatTimestamp(time);

        /// <summary>A deep copy whose object members are in ordinal order at every depth, as live answers come.</summary>
        public static JsonNode? Sorted(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    var copy = new JsonObject();
                    foreach (var property in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        copy[property.Key] = Sorted(property.Value);
                    }

                    return copy;
                case JsonArray array:
                    return new JsonArray(array.Select(Sorted).ToArray());
                default:
                    return node?.DeepClone();
            }
        }

        public static DateTimeOffset? ParseTimestamp(JsonNode? node)
        {
            string? text = AsString(node);
            return text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : (DateTimeOffset?)null;
        }

        private static void Touch(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var property in obj)
                    {
                        Touch(property.Value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Touch(item);
                    }

                    break;
            }
        }
    }
}
