using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Core
{
    using ZeroTrustOrg.Core.Transport;

    /// <summary>Reads Cloudflare's success and failure envelopes (docs/cloudflare-api.md#envelope-and-errors).</summary>
    internal static class Envelope
    {
        private static readonly Regex HtmlTitle = new Regex("<title>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        private static readonly Regex Tags = new Regex("<[^>]+>|\\s+");

        /// <summary>The <c>result</c> of a success envelope; any failure becomes a typed exception.</summary>
        /// <param name="credential">The connection's credential: its secret is masked wherever the server repeats it.</param>
        public static JsonNode? ReadResult(HttpResponseMessage response, string body, HttpRequestMessage request, ZtCredential? credential = null) =>
            ReadResult(response, ResponseJson.Parse(body), request, credential);

        /// <summary>The <c>result</c> of a success envelope, from a body already parsed (<see cref="ResponseBody.ReadJsonAsync"/>).</summary>
        /// <param name="credential">The connection's credential: its secret is masked wherever the server repeats it.</param>
        public static JsonNode? ReadResult(HttpResponseMessage response, ResponseJson json, HttpRequestMessage request, ZtCredential? credential = null)
        {
            string method = request.Method.Method;
            string Url() => Redaction.Url(request.RequestUri);
            string? Ray() => response.Headers.TryGetValues("cf-ray", out var rays) && rays.FirstOrDefault() is string ray ? InputText.Escape(ray) : null;

            string body = json.Text;
            JsonNode? parsed = json.Node;
            bool validJson = json.IsJson;
            JsonObject? envelope = parsed as JsonObject;
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, envelope, body, method, Url(), Ray(), credential);
            }

            if (envelope == null)
            {
                string what = !validJson
                    ? string.IsNullOrWhiteSpace(body) ? "an empty body" : "a body that is not JSON"
                    : "JSON that is " + Reading.ValueReader.Came(parsed) + ", not an API envelope";
                throw new ZtProtocolException($"Cloudflare answered {(int)response.StatusCode} with {what}", method, Url(), Ray()) { StatusCode = (int)response.StatusCode, Answer = what };
            }

            // revoke_user's success schema has only result and success (docs/cloudflare-api.md#revoking-a-user).
            if (Reading.ValueReader.Typed(Organization.FieldKind.Boolean, envelope["success"]) is JsonValue success && !success.GetValue<bool>())
            {
                throw Failure(response, envelope, body, method, Url(), Ray(), credential);
            }

            if (envelope["success"] == null && envelope["result"] == null)
            {
                throw new ZtProtocolException($"Cloudflare answered {(int)response.StatusCode} with a JSON object that is not an API envelope (no success, no result)", method, Url(), Ray())
                {
                    StatusCode = (int)response.StatusCode,
                    Answer = "a JSON object that is not an API envelope",
                };
            }

            return envelope["result"];
        }

        private static ZtApiException Failure(HttpResponseMessage response, JsonObject? envelope, string body, string method, string url, string? ray, ZtCredential? credential)
        {
            var errors = new List<ZtApiError>();
            if (envelope?["errors"] is JsonArray items)
            {
                foreach (JsonNode? item in items)
                {
                    if (item is JsonObject error)
                    {
                        int code = error["code"] is JsonValue c && c.TryGetValue(out int n) ? n : 0;
                        string message = error["message"] is JsonValue m && m.TryGetValue(out string? s) ? s : "(no message)";
                        string? docs = error["documentation_url"] is JsonValue d && d.TryGetValue(out string? u) ? u : null;
                        string? pointer = error["source"]?["pointer"] is JsonValue p && p.TryGetValue(out string? ptr) ? ptr : null;
                        errors.Add(new ZtApiError(code, Redaction.Text(message, credential), docs == null ? null : Redaction.Text(docs, credential), pointer == null ? null : Redaction.Text(pointer, credential)));
                        AddChain(error, errors, credential);
                    }
                }
            }

            string? excerpt = envelope == null ? Excerpt(body, credential) : null;
            TimeSpan? retryAfter = RateLimitHeaders.ReadRetryAfter(response, DateTimeOffset.UtcNow);
            HttpStatusCode status = response.IsSuccessStatusCode ? response.StatusCode : response.StatusCode;
            return new ZtApiException(status, errors, method, url, ray, excerpt, retryAfter);
        }

        // Older services nest the cause: 6003 "Invalid request headers" -> 6111 "Invalid format for Authorization header".
        private static void AddChain(JsonObject error, List<ZtApiError> errors, ZtCredential? credential)
        {
            if (error["error_chain"] is JsonArray chain)
            {
                foreach (JsonNode? link in chain)
                {
                    if (link is JsonObject linked && linked["code"] is JsonValue c && c.TryGetValue(out int code))
                    {
                        string message = linked["message"] is JsonValue m && m.TryGetValue(out string? s) ? s : string.Empty;
                        errors.Add(new ZtApiError(code, Redaction.Text(message, credential)));
                    }
                }
            }
        }

        /// <summary>An HTML page from the edge says most in its title.</summary>
        private static string? Excerpt(string body, ZtCredential? credential)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return "(empty body)";
            }

            Match title = HtmlTitle.Match(body);
            string text = title.Success ? title.Groups[1].Value : body;
            text = Tags.Replace(text, " ").Trim();
            text = Redaction.Text(text, credential);
            return text.Length <= 200 ? text : text.Substring(0, 200) + "...";
        }
    }
}
