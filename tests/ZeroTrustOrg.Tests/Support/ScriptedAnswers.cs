using System.Net;
using System.Text;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Tests.Support;

/// <summary>
/// A handler that answers each request with the next scripted status and exact body bytes, and records what was
/// sent: for pinning how the client reads answers that the emulator would never give.
/// </summary>
internal sealed class ScriptedAnswers : HttpMessageHandler
{
    private readonly Queue<(int Status, string Body)> _answers = new();

    public List<(string Method, string Path, string? Body)> Sent { get; } = new();

    public ScriptedAnswers Then(int status, string body)
    {
        _answers.Enqueue((status, body));
        return this;
    }

    /// <summary>A success envelope around the exact result text.</summary>
    public ScriptedAnswers ThenResult(string resultJson) =>
        Then(200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + resultJson + "}");

    public int Count(string method) => Sent.Count(s => s.Method == method);

    public string? LastBody(string method) => Sent.LastOrDefault(s => s.Method == method).Body;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Add((request.Method.Method, request.RequestUri!.AbsolutePath, string.IsNullOrEmpty(body) ? null : body));
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException($"No answer is scripted for {request.Method} {request.RequestUri}.");
        }

        var (status, text) = _answers.Dequeue();
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, "application/json"), RequestMessage = request };
    }

    /// <summary>A client over this handler with no retries, so each scripted answer is met once.</summary>
    public ZtClient Client() =>
        ZtClient.Create(ZtCredential.FromToken(ZtCredential.ToSecureString("scripted-token-0123456789abcdef0123456789")),
            new Uri("http://scripted.test/client/v4"), new ZeroTrustOrg.Core.Transport.TransportSettings { MaxRetries = 0 }, this, new VirtualClock());
}
