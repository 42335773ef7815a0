// A small HTTP/1.1 server on 127.0.0.1:0 that misbehaves on purpose: it redirects, echoes request headers,
// drips or cuts off bodies, closes or resets connections, sends absurd rate-limit headers, or races a PUT.
// One source serves both test layers: xunit compiles it in (tests/ZeroTrustOrg.Tests links it) and Pester
// loads it with Add-Type (tests/Pester/HostileServer.ps1). It records every request it reads and every
// connection it accepts, so a test can count what reached the wire. It stops itself after its lifetime.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.TestSupport
{
    public enum HostileAction
    {
        /// <summary>A complete, well-formed response.</summary>
        Respond,

        /// <summary>Read the request, then close the connection cleanly with no response at all.</summary>
        CloseWithoutResponse,

        /// <summary>Read the request, then reset the connection (TCP RST).</summary>
        Reset,

        /// <summary>Send the headers with the full Content-Length, then part of the body, then close.</summary>
        CutBody,

        /// <summary>Send the headers at once, then the body one byte at a time with a pause between bytes.</summary>
        DripBody,
    }

    public sealed class HostileReply
    {
        public int Status { get; set; } = 200;

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string Body { get; set; } = string.Empty;

        public HostileAction Action { get; set; } = HostileAction.Respond;

        /// <summary>CutBody: how many body bytes go out before the connection closes.</summary>
        public int CutAfterBytes { get; set; } = 10;

        /// <summary>DripBody: the pause between two bytes.</summary>
        public int DripDelayMilliseconds { get; set; } = 500;

        /// <summary>Respond with a Cloudflare-style failure whose message repeats every request header (a careless proxy or WAF).</summary>
        public bool EchoRequestHeaders { get; set; }

        public static HostileReply Json(int status, string body) => new HostileReply { Status = status, Body = body };

        /// <summary>A success envelope around <paramref name="resultJson"/>.</summary>
        public static HostileReply Success(string resultJson) => Json(200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + resultJson + "}");

        public static HostileReply Failure(int status, int code, string message) =>
            Json(status, "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":" + Quote(message) + "}],\"messages\":[],\"result\":null}");

        public static HostileReply Redirect(int status, string location)
        {
            var reply = new HostileReply { Status = status };
            reply.Headers["Location"] = location;
            return reply;
        }

        public static HostileReply Of(HostileAction action, string resultJson = "{\"name\":\"Hostile\"}")
        {
            HostileReply reply = Success(resultJson);
            reply.Action = action;
            return reply;
        }

        public HostileReply WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }

        internal static string Quote(string text)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"' || c == '\\')
                {
                    sb.Append('\\').Append(c);
                }
                else if (c < 0x20)
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4"));
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.Append('"').ToString();
        }
    }

    public sealed class SeenRequest
    {
        public int Connection { get; internal set; }

        public string Method { get; internal set; } = string.Empty;

        public string Target { get; internal set; } = string.Empty;

        /// <summary>The raw header lines as they arrived, one per line (to spot injected headers).</summary>
        public string[] HeaderLines { get; internal set; } = new string[0];

        public string Body { get; internal set; } = string.Empty;

        public string? Header(string name)
        {
            string prefix = name + ":";
            string? line = HeaderLines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            return line?.Substring(prefix.Length).Trim();
        }

        public override string ToString() => Method + " " + Target;
    }

    public sealed class HostileServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Timer _lifetime;
        private readonly List<HostileReply> _script = new List<HostileReply>();
        private readonly List<SeenRequest> _requests = new List<SeenRequest>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _connections;
        private int _served;

        private HostileServer(int lifetimeSeconds)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _lifetime = new Timer(_ => Dispose(), null, TimeSpan.FromSeconds(lifetimeSeconds), Timeout.InfiniteTimeSpan);
            Task.Run(AcceptLoop);
        }

        public int Port { get; }

        /// <summary>The API root on this server, as a client would be given it.</summary>
        public Uri BaseUri => new Uri("http://127.0.0.1:" + Port + "/client/v4");

        public int Connections => Volatile.Read(ref _connections);

        public SeenRequest[] Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>Decides each reply in code (takes precedence over the script). Runs on a server thread.</summary>
        public Func<SeenRequest, HostileReply>? Responder { get; set; }

        /// <summary>Starts a server that answers scripted replies in order (the last one repeats) and stops after <paramref name="lifetimeSeconds"/>.</summary>
        public static HostileServer Start(int lifetimeSeconds = 60) => new HostileServer(lifetimeSeconds);

        public static HostileServer Start(params HostileReply[] script)
        {
            HostileServer server = Start();
            foreach (HostileReply reply in script)
            {
                server.Enqueue(reply);
            }

            return server;
        }

        /// <summary>
        /// An organization endpoint where someone else renames the organization while our first PUT is in flight,
        /// and that PUT fails with a 503. Later PUTs are stored as sent. <see cref="State"/> is the stored object.
        /// </summary>
        public static HostileServer StartPutRacer(string name, string sessionDuration, string renamedTo)
        {
            HostileServer server = Start();
            server.State["name"] = name;
            server.State["auth_domain"] = "racer.cloudflareaccess.com";
            server.State["session_duration"] = sessionDuration;
            int puts = 0;
            server.Responder = request =>
            {
                lock (server.State)
                {
                    if (request.Method == "PUT")
                    {
                        if (Interlocked.Increment(ref puts) == 1)
                        {
                            server.State["name"] = renamedTo;
                            return HostileReply.Failure(503, 0, "Service temporarily unavailable");
                        }

                        foreach (var pair in ReadFlatObject(request.Body))
                        {
                            server.State[pair.Key] = pair.Value;
                        }
                    }

                    return HostileReply.Success(WriteFlatObject(server.State));
                }
            };
            return server;
        }

        /// <summary>
        /// Answers every GET with <paramref name="read"/>, exactly as given, and every other request with <paramref name="write"/>,
        /// or, when that is null, with a success envelope whose result is the request's own body (an echo).
        /// </summary>
        public static HostileServer StartByMethod(HostileReply read, HostileReply? write)
        {
            HostileServer server = Start();
            server.Responder = request =>
                request.Method == "GET" ? read
                : write ?? HostileReply.Success(string.IsNullOrEmpty(request.Body) ? "{}" : request.Body);
            return server;
        }

        /// <summary>
        /// An organization endpoint whose first answer says the rate-limit budget is spent for <paramref name="spentSeconds"/>,
        /// and where someone else renames the organization to <paramref name="renamedTo"/> half-way through that wait. Later
        /// answers say the budget is plentiful; PUTs are stored as sent. <see cref="State"/> is the stored object.
        /// </summary>
        public static HostileServer StartBudgetSpender(string name, string sessionDuration, string renamedTo, int spentSeconds)
        {
            HostileServer server = Start();
            server.State["name"] = name;
            server.State["auth_domain"] = "spender.cloudflareaccess.com";
            server.State["session_duration"] = sessionDuration;
            int answers = 0;
            server.Responder = request =>
            {
                lock (server.State)
                {
                    if (request.Method == "PUT")
                    {
                        foreach (var pair in ReadFlatObject(request.Body))
                        {
                            server.State[pair.Key] = pair.Value;
                        }
                    }

                    HostileReply reply = HostileReply.Success(WriteFlatObject(server.State));
                    if (Interlocked.Increment(ref answers) == 1)
                    {
                        // Kept in a field: a timer nobody references may be collected before it fires.
                        server._colleague = new Timer(_ =>
                        {
                            lock (server.State)
                            {
                                server.State["name"] = renamedTo;
                            }
                        }, null, spentSeconds * 500, Timeout.Infinite);
                        return reply.WithHeader("Ratelimit", "\"default\";r=0;t=" + spentSeconds);
                    }

                    return reply.WithHeader("Ratelimit", "\"default\";r=100;t=300");
                }
            };
            return server;
        }

        private Timer? _colleague;

        /// <summary>The racer's stored organization (string fields only).</summary>
        public Dictionary<string, string> State { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public void Enqueue(HostileReply reply)
        {
            lock (_script)
            {
                _script.Add(reply);
            }
        }

        public int CountRequests(string method) => Requests.Count(r => r.Method == method);

        public void Dispose()
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
                _listener.Stop();
                _lifetime.Dispose();
            }
        }

        private async Task AcceptLoop()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }

                int id = Interlocked.Increment(ref _connections);
                _ = Task.Run(() => Serve(client, id));
            }
        }

        private void Serve(TcpClient client, int connection)
        {
            using (client)
            using (_stopping.Token.Register(() => client.Close()))
            {
                client.ReceiveTimeout = 20000;
                NetworkStream stream = client.GetStream();
                try
                {
                    while (!_stopping.IsCancellationRequested)
                    {
                        SeenRequest? request = ReadRequest(stream, connection);
                        if (request == null)
                        {
                            return;
                        }

                        lock (_requests)
                        {
                            _requests.Add(request);
                        }

                        HostileReply reply = Next(request);
                        if (!Reply(client, stream, request, reply))
                        {
                            return;
                        }
                    }
                }
                catch (Exception)
                {
                    // The client went away, or the server is stopping: either way this connection is done.
                }
            }
        }

        private HostileReply Next(SeenRequest request)
        {
            Func<SeenRequest, HostileReply>? responder = Responder;
            if (responder != null)
            {
                return responder(request);
            }

            lock (_script)
            {
                if (_script.Count == 0)
                {
                    return HostileReply.Success("{}");
                }

                int index = Math.Min(_served++, _script.Count - 1);
                return _script[index];
            }
        }

        /// <summary>Returns false when the connection must close after this reply.</summary>
        private bool Reply(TcpClient client, NetworkStream stream, SeenRequest request, HostileReply reply)
        {
            switch (reply.Action)
            {
                case HostileAction.CloseWithoutResponse:
                    client.Client.Shutdown(SocketShutdown.Both);
                    return false;
                case HostileAction.Reset:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    return false;
            }

            string body = reply.EchoRequestHeaders
                ? "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":" + HostileReply.Quote("Rejected request with headers: " + string.Join(" | ", request.HeaderLines)) + "}],\"messages\":[],\"result\":null}"
                : reply.Body;
            int status = reply.EchoRequestHeaders ? 403 : reply.Status;
            byte[] bodyBytes = Encoding.UTF8.GetBytes(body);
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(status < 300 ? "OK" : status < 400 ? "Redirect" : "Error").Append("\r\n");
            head.Append("Content-Type: application/json\r\n");
            head.Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n");
            foreach (var header in reply.Headers)
            {
                head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            head.Append("\r\n");
            byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
            stream.Write(headBytes, 0, headBytes.Length);
            stream.Flush();

            switch (reply.Action)
            {
                case HostileAction.CutBody:
                    stream.Write(bodyBytes, 0, Math.Min(reply.CutAfterBytes, bodyBytes.Length));
                    stream.Flush();
                    client.Client.Shutdown(SocketShutdown.Both);
                    return false;
                case HostileAction.DripBody:
                    foreach (byte b in bodyBytes)
                    {
                        if (_stopping.Token.WaitHandle.WaitOne(reply.DripDelayMilliseconds))
                        {
                            return false;
                        }

                        stream.WriteByte(b);
                        stream.Flush();
                    }

                    return true;
                default:
                    stream.Write(bodyBytes, 0, bodyBytes.Length);
                    stream.Flush();
                    return true;
            }
        }

        private static SeenRequest? ReadRequest(Stream stream, int connection)
        {
            var head = new List<byte>();
            while (head.Count < 4 || !(head[head.Count - 4] == '\r' && head[head.Count - 3] == '\n' && head[head.Count - 2] == '\r' && head[head.Count - 1] == '\n'))
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }

                head.Add((byte)b);
                if (head.Count > 65536)
                {
                    return null;
                }
            }

            string[] lines = Encoding.UTF8.GetString(head.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.None).Where(l => l.Length > 0).ToArray();
            string[] start = lines[0].Split(' ');
            var request = new SeenRequest
            {
                Connection = connection,
                Method = start[0],
                Target = start.Length > 1 ? start[1] : string.Empty,
                HeaderLines = lines.Skip(1).ToArray(),
            };

            string? length = request.Header("Content-Length");
            if (length != null && int.TryParse(length, out int count) && count > 0)
            {
                byte[] body = new byte[count];
                int read = 0;
                while (read < count)
                {
                    int n = stream.Read(body, read, count - read);
                    if (n <= 0)
                    {
                        return null;
                    }

                    read += n;
                }

                request.Body = Encoding.UTF8.GetString(body);
            }

            return request;
        }

        // The racer's bodies are flat objects of strings and booleans; a tiny reader keeps this file free of JSON libraries.
        private static Dictionary<string, string> ReadFlatObject(string json)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var matches = System.Text.RegularExpressions.Regex.Matches(json, "\"([^\"]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
            foreach (System.Text.RegularExpressions.Match match in matches)
            {
                result[match.Groups[1].Value] = match.Groups[2].Value;
            }

            return result;
        }

        private static string WriteFlatObject(Dictionary<string, string> values) =>
            "{" + string.Join(",", values.Select(p => HostileReply.Quote(p.Key) + ":" + HostileReply.Quote(p.Value))) + "}";
    }
}
