using System;
using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>One HTTP request as the engine sees it, independent of any transport.</summary>
    internal sealed class EmulatorRequest
    {
        public string Method { get; init; } = "GET";
        public string PathAndQuery { get; init; } = "/";

        /// <summary>Header names compare case-insensitively; the engine copies them, so any dictionary will do.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public byte[]? Body { get; init; }
    }

    /// <summary>The engine's answer; a transport turns it into a real HTTP response.</summary>
    internal sealed class EmulatorResponse
    {
        /// <summary>0 when <see cref="AbortConnection"/> is set, because no status line is ever sent.</summary>
        public int StatusCode { get; init; }

        /// <summary>Response headers other than Content-Type.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public byte[] Body { get; init; } = Array.Empty<byte>();
        public string ContentType { get; init; } = "application/json";

        /// <summary>The transport must drop the connection instead of answering.</summary>
        public bool AbortConnection { get; init; }

        /// <summary>How long the transport waits before it answers.</summary>
        public TimeSpan Delay { get; init; }
    }
}
