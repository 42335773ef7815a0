using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Emulator.Server
{
    /// <summary>Hosts an <see cref="EmulatorEngine"/> on Kestrel, for clients that need a real socket.</summary>
    internal static class EmulatorServer
    {
        public const string EphemeralLoopbackUrl = "http://127.0.0.1:0";

        /// <summary>Starts with command-line options, exactly as zt-emulator would.</summary>
        /// <exception cref="ArgumentException">The options are invalid.</exception>
        public static Task<RunningEmulator> StartAsync(string[] args, CancellationToken cancellationToken = default)
        {
            var parsed = EmulatorServerOptions.Parse(args);
            if (!parsed.Succeeded)
            {
                throw new ArgumentException(parsed.Error, nameof(args));
            }

            return StartAsync(parsed.Options!, cancellationToken);
        }

        public static Task<RunningEmulator> StartAsync(EmulatorServerOptions options, CancellationToken cancellationToken = default)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return StartAsync(new EngineSlot(EngineFor(options, options.Seed, null), (seed, shape) => EngineFor(options, seed, shape)), options.Urls, cancellationToken);
        }

        private static EmulatorEngine EngineFor(EmulatorServerOptions options, bool seed, EmulatorShape? shape)
        {
            var engineOptions = options.ToEngineOptions();
            engineOptions.Seed = seed;
            engineOptions.Shape = shape ?? options.Shape;
            return new EmulatorEngine(engineOptions);
        }

        /// <summary>Serves an engine the caller set up (an injected clock, say) on a free loopback port.</summary>
        public static Task<RunningEmulator> StartEphemeralAsync(EmulatorEngine engine, CancellationToken cancellationToken = default) =>
            StartAsync(new EngineSlot(engine ?? throw new ArgumentNullException(nameof(engine))), new[] { EphemeralLoopbackUrl }, cancellationToken);

        /// <summary>Only reached with URLs that passed the loopback check of <see cref="EmulatorServerOptions"/>, or the ephemeral loopback one.</summary>
        private static async Task<RunningEmulator> StartAsync(EngineSlot engine, IReadOnlyList<string> urls, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            // The engine's journal is the request log; Kestrel's own logging would only repeat it.
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
            builder.WebHost.UseUrls(urls.ToArray());

            var app = builder.Build();
            app.Run(context => context.Request.Path.StartsWithSegments(ControlEndpoints.Prefix, StringComparison.Ordinal)
                ? ControlEndpoints.HandleAsync(engine, context)
                : RelayAsync(engine.Current, context));
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            var listening = app.Urls.Select(u => new Uri(u)).ToArray();
            return new RunningEmulator(app, engine, listening);
        }

        private static async Task RelayAsync(EmulatorEngine engine, HttpContext context)
        {
            var aborted = context.RequestAborted;
            try
            {
                var request = await ReadRequestAsync(context, aborted).ConfigureAwait(false);
                var response = await engine.HandleAsync(request, aborted).ConfigureAwait(false);
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, aborted).ConfigureAwait(false);
                }

                if (response.AbortConnection)
                {
                    context.Abort();
                    return;
                }

                context.Response.StatusCode = response.StatusCode;
                foreach (var header in response.Headers)
                {
                    context.Response.Headers[header.Key] = header.Value;
                }

                context.Response.ContentType = response.ContentType;
                context.Response.ContentLength = response.Body.Length;
                await context.Response.Body.WriteAsync(response.Body, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away while the emulator was slow on purpose; nobody is left to answer.
            }
        }

        private static async Task<EmulatorRequest> ReadRequestAsync(HttpContext context, CancellationToken cancellationToken)
        {
            var http = context.Request;
            // The raw target keeps the path exactly as sent; Path is decoded.
            string? target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (string.IsNullOrEmpty(target))
            {
                target = http.PathBase + http.Path + http.QueryString;
            }
            else if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                target = absolute.PathAndQuery;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in http.Headers)
            {
                headers[header.Key] = header.Value.ToString();
            }

            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new EmulatorRequest
            {
                Method = http.Method,
                PathAndQuery = target!,
                Headers = headers,
                Body = buffer.Length == 0 ? null : buffer.ToArray(),
            };
        }
    }

    /// <summary>An emulator listening on a socket; dispose it to stop listening.</summary>
    internal sealed class RunningEmulator : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _disposed;

        private readonly EngineSlot _engine;

        internal RunningEmulator(WebApplication app, EngineSlot engine, IReadOnlyList<Uri> listeningOn)
        {
            _app = app;
            _engine = engine;
            ListeningOn = listeningOn;
            var first = listeningOn[0];
            BaseUri = new Uri(first.GetLeftPart(UriPartial.Authority) + EmulatorDefaults.BasePath);
        }

        /// <summary>The API root, such as http://127.0.0.1:8787/client/v4 (no trailing slash).</summary>
        public Uri BaseUri { get; }

        /// <summary>Every address Kestrel bound, with the real port when 0 was asked for.</summary>
        public IReadOnlyList<Uri> ListeningOn { get; }

        /// <summary>The engine serving requests now; <c>POST /__emulator/reset</c> replaces it.</summary>
        public EmulatorEngine Engine => _engine.Current;

        /// <summary>Completes when the host stops, for example on Ctrl+C.</summary>
        public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
