using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>The Cloudflare response envelopes (docs/cloudflare-api.md#envelope-and-errors).</summary>
    internal static class Envelope
    {
        private static readonly JsonSerializerOptions WriterOptions = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static byte[] Success(JsonNode? result, JsonArray? messages = null, EmulatorShape shape = EmulatorShape.Reference)
        {
            // docs/cloudflare-api.md#live-answers-and-the-reference: the recorded live envelope puts errors and messages first.
            if (shape == EmulatorShape.Live)
            {
                return Serialize(new JsonObject
                {
                    ["errors"] = new JsonArray(),
                    ["messages"] = messages ?? new JsonArray(),
                    ["success"] = true,
                    ["result"] = result,
                });
            }

            var envelope = new JsonObject
            {
                ["success"] = true,
                ["errors"] = new JsonArray(),
                ["messages"] = messages ?? new JsonArray(),
                ["result"] = result,
            };
            return Serialize(envelope);
        }

        /// <summary>docs/cloudflare-api.md#revoking-a-user: revoke_user answers with no errors/messages arrays at all.</summary>
        public static byte[] RevokeSuccess() => Serialize(new JsonObject { ["result"] = true, ["success"] = true });

        public static byte[] Failure(ApiError error)
        {
            var item = new JsonObject
            {
                ["code"] = error.Code,
                ["message"] = error.Message,
            };
            if (error.Pointer != null)
            {
                item["source"] = new JsonObject { ["pointer"] = error.Pointer };
            }

            if (error.Chain != null)
            {
                var chain = new JsonArray();
                foreach (var link in error.Chain)
                {
                    chain.Add(new JsonObject { ["code"] = link.Code, ["message"] = link.Message });
                }

                item["error_chain"] = chain;
            }
            var envelope = new JsonObject
            {
                ["success"] = false,
                ["errors"] = new JsonArray(item),
                ["messages"] = new JsonArray(),
                ["result"] = null,
            };
            return Serialize(envelope);
        }

        public static byte[] Serialize(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(WriterOptions));
    }
}
