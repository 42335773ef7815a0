using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ZeroTrustOrg.Emulator.Server
{
    /// <summary>
    /// Holds the engine that serves requests, so a test run (or an admin rehearsing a runbook) can start
    /// over from the seed without restarting the process.
    /// </summary>
    internal sealed class EngineSlot
    {
        private readonly Func<bool, EmulatorShape?, EmulatorEngine>? _factory;
        private EmulatorEngine _current;

        /// <param name="factory">Builds a fresh engine: seeded or not, in the shape given or else the one the server started with.</param>
        public EngineSlot(EmulatorEngine engine, Func<bool, EmulatorShape?, EmulatorEngine>? factory = null)
        {
            _current = engine;
            _factory = factory;
        }

        public EmulatorEngine Current => Volatile.Read(ref _current);

        public bool CanReset => _factory != null;

        public EmulatorEngine Reset(bool seed, EmulatorShape? shape = null)
        {
            var fresh = _factory!(seed, shape);
            Volatile.Write(ref _current, fresh);
            return fresh;
        }
    }

    /// <summary>
    /// The emulator's own endpoints, outside the Cloudflare API's paths: what reached the emulator (the journal),
    /// and a reset to the seeded state. They need no credential: the server is on loopback with public dev
    /// credentials, and the journal already holds no secret (credential headers are redacted in it).
    /// </summary>
    internal static class ControlEndpoints
    {
        public const string Prefix = "/__emulator";

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = false,
        };

        public static async Task HandleAsync(EngineSlot engine, HttpContext context)
        {
            string path = context.Request.Path.Value ?? string.Empty;
            string method = context.Request.Method;
            if (path == Prefix + "/journal" && HttpMethods.IsGet(method))
            {
                await WriteAsync(context, 200, engine.Current.Journal.Entries.Select(Describe).ToList()).ConfigureAwait(false);
            }
            else if (path == Prefix + "/journal" && HttpMethods.IsDelete(method))
            {
                engine.Current.Journal.Clear();
                context.Response.StatusCode = 204;
            }
            else if (path == Prefix + "/reset" && HttpMethods.IsPost(method))
            {
                if (!engine.CanReset)
                {
                    await WriteAsync(context, 409, new { error = "This emulator was started with an engine it cannot rebuild; restart it instead." }).ConfigureAwait(false);
                    return;
                }

                bool seed = !string.Equals(context.Request.Query["seed"], "false", StringComparison.OrdinalIgnoreCase);
                EmulatorShape? shape = null;
                if (context.Request.Query.TryGetValue("shape", out var shapeText))
                {
                    shape = EmulatorServerOptions.ParseShape(shapeText.ToString());
                    if (shape is null)
                    {
                        await WriteAsync(context, 400, new { error = EmulatorServerOptions.ShapeError("shape", shapeText.ToString()) }).ConfigureAwait(false);
                        return;
                    }
                }
                var fresh = engine.Reset(seed, shape);
                await WriteAsync(context, 200, new { reset = true, seeded = seed, shape = fresh.Options.Shape.ToString().ToLowerInvariant() }).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(context, 404, new { error = "Unknown emulator endpoint. Use GET or DELETE " + Prefix + "/journal, or POST " + Prefix + "/reset[?seed=false][&shape=reference|live]." }).ConfigureAwait(false);
            }
        }

        private static Dictionary<string, object?> Describe(JournalEntry entry) => new Dictionary<string, object?>
        {
            ["sequence"] = entry.Sequence,
            ["time"] = entry.Time,
            ["method"] = entry.Method,
            ["path"] = entry.Path,
            ["query"] = entry.Query,
            ["statusCode"] = entry.StatusCode,
            ["operation"] = entry.Operation.ToString(),
            ["applied"] = entry.Applied,
            ["scopeKind"] = entry.ScopeKind,
            ["scopeId"] = entry.ScopeId,
            ["email"] = entry.Email,
            ["requestBody"] = entry.RequestBody,
            ["fault"] = entry.Fault?.ToString(),
            ["credentialId"] = entry.CredentialId,
            ["requestHeaders"] = entry.RequestHeaders,
            ["rayId"] = entry.RayId,
            ["errorCode"] = entry.ErrorCode,
        };

        private static async Task WriteAsync(HttpContext context, int status, object body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
