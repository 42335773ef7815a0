using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// A response body as text and, once parsed, as JSON. Each body is parsed once: the retry handler parses a read's
    /// 2xx body to learn whether it is JSON, and the envelope reader uses the same parse (<see cref="ResponseBody.ReadJsonAsync"/>).
    /// </summary>
    internal sealed class ResponseJson
    {
        private ResponseJson(string text, JsonNode? node, bool isJson)
        {
            Text = text;
            Node = node;
            IsJson = isJson;
        }

        /// <summary>The body as the server's charset decodes it.</summary>
        public string Text { get; }

        /// <summary>The parsed body; null when it is not JSON, or is the JSON literal null.</summary>
        public JsonNode? Node { get; }

        /// <summary>The body parses as JSON (an empty or blank body does not).</summary>
        public bool IsJson { get; }

        public static ResponseJson Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new ResponseJson(text, null, isJson: false);
            }

            try
            {
                return new ResponseJson(text, JsonNode.Parse(text), isJson: true);
            }
            catch (JsonException)
            {
                return new ResponseJson(text, null, isJson: false);
            }
        }
    }
}
