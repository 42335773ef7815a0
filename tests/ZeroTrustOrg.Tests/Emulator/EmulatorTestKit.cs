using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Tests.Emulator;

/// <summary>A clock the test moves by hand, so rate-limit windows and timestamps need no sleeping.</summary>
internal sealed class ManualClock
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Now += by;
}

internal static class Paths
{
    public const string OtherAccountId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public const string UnknownId = "ffffffffffffffffffffffffffffffff";

    public static string AccountOrganization(string id = EmulatorDefaults.AccountId) => $"/client/v4/accounts/{id}/access/organizations";
    public static string ZoneOrganization(string id = EmulatorDefaults.ZoneId) => $"/client/v4/zones/{id}/access/organizations";
    public static string AccountRevoke(string id = EmulatorDefaults.AccountId) => AccountOrganization(id) + "/revoke_user";
    public static string ZoneRevoke(string id = EmulatorDefaults.ZoneId) => ZoneOrganization(id) + "/revoke_user";
    public static string Doh(string id = EmulatorDefaults.AccountId) => AccountOrganization(id) + "/doh";
    public const string UserTokenVerify = "/client/v4/user/tokens/verify";
    public static string AccountTokenVerify(string id = EmulatorDefaults.AccountId) => $"/client/v4/accounts/{id}/tokens/verify";

    public static string Organization(bool zone) => zone ? ZoneOrganization() : AccountOrganization();
}

internal static class Json
{
    public static JsonObject Object(params (string Name, JsonNode? Value)[] members)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in members)
        {
            obj[name] = value;
        }

        return obj;
    }

    public static JsonArray Array(params JsonNode?[] items) => new(items);

    /// <summary>A JSON literal written in a test's InlineData, such as <c>"7d"</c> or <c>{"a":1}</c>.</summary>
    public static JsonNode? Literal(string json) => JsonNode.Parse(json);

    public static JsonObject NewOrganization(string name = "Acme", string authDomain = "acme.cloudflareaccess.com") =>
        Object(("name", name), ("auth_domain", authDomain));
}

/// <summary>Builds one request; by default a GET with the dev token.</summary>
internal sealed class Call
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Authorization"] = "Bearer " + EmulatorDefaults.ApiToken,
    };

    private byte[]? _body;

    private Call(string method, string pathAndQuery)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
    }

    public string Method { get; }
    public string PathAndQuery { get; }

    public static Call Get(string path) => new("GET", path);
    public static Call Post(string path, JsonNode? body = null) => new Call("POST", path).WithBody(body);
    public static Call Put(string path, JsonNode? body = null) => new Call("PUT", path).WithBody(body);
    public static Call Send(string method, string path) => new(method, path);

    public Call WithToken(string token) => WithAuthorization("Bearer " + token);

    public Call WithAuthorization(string value)
    {
        _headers.Remove("X-Auth-Email");
        _headers.Remove("X-Auth-Key");
        _headers["Authorization"] = value;
        return this;
    }

    public Call WithGlobalKey(string email = EmulatorDefaults.Email, string key = EmulatorDefaults.ApiKey)
    {
        _headers.Remove("Authorization");
        _headers["X-Auth-Email"] = email;
        _headers["X-Auth-Key"] = key;
        return this;
    }

    public Call WithoutCredentials()
    {
        _headers.Remove("Authorization");
        _headers.Remove("X-Auth-Email");
        _headers.Remove("X-Auth-Key");
        return this;
    }

    public Call WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public Call WithoutHeader(string name)
    {
        _headers.Remove(name);
        return this;
    }

    public Call WithBody(JsonNode? body)
    {
        if (body != null)
        {
            WithRawBody(body.ToJsonString());
        }

        return this;
    }

    public Call WithRawBody(string body)
    {
        _body = Encoding.UTF8.GetBytes(body);
        _headers["Content-Type"] = "application/json";
        return this;
    }

    public EmulatorRequest Build() => new()
    {
        Method = Method,
        PathAndQuery = PathAndQuery,
        Headers = new Dictionary<string, string>(_headers),
        Body = _body,
    };
}

/// <summary>An engine response with the envelope already read.</summary>
internal sealed class Answer
{
    public Answer(EmulatorResponse response)
    {
        Response = response;
        Text = Encoding.UTF8.GetString(response.Body);
        if (response.ContentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            try
            {
                Json = JsonNode.Parse(Text) as JsonObject;
            }
            catch (JsonException)
            {
                Json = null;
            }
        }
    }

    public EmulatorResponse Response { get; }
    public int Status => Response.StatusCode;
    public string Text { get; }
    public JsonObject? Json { get; }

    public JsonObject Envelope => Json ?? throw new InvalidOperationException("The body is not a JSON object: " + Text);
    public bool Success => Envelope["success"]!.GetValue<bool>();
    public JsonObject Result => Envelope["result"] as JsonObject ?? throw new InvalidOperationException("No object result: " + Text);
    public JsonObject FirstError => Envelope["errors"]![0] as JsonObject ?? throw new InvalidOperationException("No error: " + Text);
    public int ErrorCode => FirstError["code"]!.GetValue<int>();
    public string ErrorMessage => FirstError["message"]!.GetValue<string>();
    public string? Pointer => FirstError["source"]?["pointer"]?.GetValue<string>();

    public string? Header(string name) => Response.Headers.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>An engine on a manual clock, with helpers that send <see cref="Call"/>s.</summary>
internal sealed class TestEmulator
{
    public TestEmulator(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Clock = () => Clock.Now, SlowResponseDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        Engine = new EmulatorEngine(options);
    }

    public ManualClock Clock { get; } = new();
    public EmulatorEngine Engine { get; }

    public async Task<Answer> SendAsync(Call call) => new(await Engine.HandleAsync(call.Build()));

    public JsonObject StoredAccountOrganization() =>
        Engine.GetStoredOrganization(false, EmulatorDefaults.AccountId) ?? throw new InvalidOperationException("No account organization.");

    public JsonObject StoredZoneOrganization() =>
        Engine.GetStoredOrganization(true, EmulatorDefaults.ZoneId) ?? throw new InvalidOperationException("No zone organization.");

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
}
