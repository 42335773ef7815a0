using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Emulator.Server;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class EmulatorServerTests
{
    private static HttpClient ClientFor(RunningEmulator running, string? token = EmulatorDefaults.ApiToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(running.BaseUri + "/"), Timeout = TimeSpan.FromSeconds(10) };
        if (token != null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task Host_on_port_0_reports_the_bound_loopback_port()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });

        Assert.Equal("127.0.0.1", running.BaseUri.Host);
        Assert.NotEqual(0, running.BaseUri.Port);
        Assert.Equal(EmulatorDefaults.BasePath, running.BaseUri.AbsolutePath);
    }

    [Fact]
    public async Task Host_answers_a_real_client_and_refuses_a_wrong_token()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var client = ClientFor(running);
        using var wrong = ClientFor(running, "wrong-token");

        using var ok = await client.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations");
        using var refused = await wrong.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(ok.Headers.Contains("cf-ray"));
        Assert.False(ok.Headers.Contains("Server"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(1000, body["errors"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Host_speaks_plain_http_over_a_raw_socket()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, running.BaseUri.Port);
        var stream = socket.GetStream();
        string request = $"GET {EmulatorDefaults.BasePath}/user/tokens/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + $"Authorization: Bearer {EmulatorDefaults.ApiToken}\r\nConnection: close\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response);
        Assert.Contains("cf-ray: ", response);
        Assert.Contains("Content-Type: application/json", response);
        Assert.Contains("This API Token is valid and active", response);
    }

    [Fact]
    public async Task Host_passes_put_bodies_and_status_201_through()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var client = ClientFor(running);

        using var response = await client.PutAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations/doh",
            new StringContent("{\"doh_jwt_duration\":\"2h\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"doh_jwt_duration\":\"2h\"}", running.Engine.Journal.Entries.Single().RequestBody);
    }

    [Fact]
    public async Task Host_resets_the_connection_for_an_injected_reset()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var client = ClientFor(running);
        running.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations"));
        using var after = await client.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Host_slow_response_times_out_a_client_that_will_not_wait()
    {
        var engine = new EmulatorEngine(new EmulatorOptions { SlowResponseDelay = TimeSpan.FromSeconds(30) });
        await using var running = await EmulatorServer.StartEphemeralAsync(engine);
        using var client = ClientFor(running);
        client.Timeout = TimeSpan.FromMilliseconds(200);
        engine.Faults.EnqueueNext(FaultKind.SlowResponse);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations"));
    }

    [Fact]
    public async Task Host_serves_an_engine_the_caller_configured()
    {
        var engine = new EmulatorEngine(new EmulatorOptions { Seed = false });
        await using var running = await EmulatorServer.StartEphemeralAsync(engine);
        using var client = ClientFor(running);

        using var response = await client.GetAsync($"zones/{EmulatorDefaults.ZoneId}/access/organizations");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Same(engine, running.Engine);
    }

    [Fact]
    public async Task Start_with_bad_options_throws_argument_exception()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new[] { "--urls", "http://0.0.0.0:0" }));

        Assert.Contains("--allow-remote", error.Message);
    }

    [Fact]
    public void Parse_without_arguments_gives_the_documented_defaults()
    {
        var options = Parsed();

        Assert.Equal(new[] { EmulatorDefaults.Urls }, options.Urls);
        Assert.Empty(options.ApiTokens);
        Assert.Equal(EmulatorDefaults.AccountId, options.AccountId);
        Assert.Equal(EmulatorDefaults.ZoneId, options.ZoneId);
        Assert.True(options.Seed);
        Assert.Equal(PutMode.Merge, options.PutMode);
        Assert.False(options.Strict);
        Assert.Equal(1200, options.RateLimitRequests);
        Assert.Equal(TimeSpan.FromSeconds(300), options.RateLimitWindow);
        Assert.Same(FaultSettings.None, options.Faults);
        Assert.Equal(new[] { EmulatorDefaults.ApiToken }, options.ToEngineOptions().ApiTokens);
    }

    [Fact]
    public void Parse_reads_every_option()
    {
        var options = Parsed(
            "--urls", "http://localhost:9000;http://[::1]:9001", "--api-token", "one", "--api-token=two",
            "--account-id", "0F1E2D3C4B5A69788796A5B4C3D2E1F0", "--zone-id=" + Paths.UnknownId, "--no-seed", "--put-mode", "replace",
            "--strict", "--rate-limit", "100/1m", "--faults", "rate=0.2,seed=5,kinds=reset");

        Assert.Equal(new[] { "http://localhost:9000", "http://[::1]:9001" }, options.Urls);
        Assert.Equal(new[] { "one", "two" }, options.ApiTokens);
        Assert.Equal(Paths.OtherAccountId, options.AccountId);
        Assert.Equal(Paths.UnknownId, options.ZoneId);
        Assert.False(options.Seed);
        Assert.Equal(PutMode.Replace, options.PutMode);
        Assert.True(options.Strict);
        Assert.Equal(100, options.RateLimitRequests);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RateLimitWindow);
        Assert.Equal(0.2, options.Faults.Rate);
        Assert.Equal(new[] { FaultKind.ConnectionReset }, options.Faults.Kinds);

        var engine = options.ToEngineOptions();
        Assert.Equal(new[] { "one", "two" }, engine.ApiTokens);
        Assert.Equal(Paths.OtherAccountId, engine.AccountId);
        Assert.Equal(PutMode.Replace, engine.PutMode);
    }

    [Fact]
    public void Allow_remote_permits_a_non_loopback_address()
    {
        var options = Parsed("--allow-remote", "--urls", "http://0.0.0.0:8787");

        Assert.True(options.AllowRemote);
        Assert.Equal(new[] { "http://0.0.0.0:8787" }, options.Urls);
    }

    [Fact]
    public void Help_is_recognised()
    {
        Assert.True(Parsed("--help").ShowHelp);
        Assert.Contains("--rate-limit", EmulatorServerOptions.Usage);
    }

    [Theory]
    [InlineData("Unknown option \"--port\"", "--port", "1")]
    [InlineData("needs a value", "--urls")]
    [InlineData("needs a value", "--api-token")]
    [InlineData("may not contain spaces", "--api-token", "two words")]
    [InlineData("32 hex characters", "--account-id", "123")]
    [InlineData("32 hex characters", "--zone-id", "g23e105f4ecef8ad9ca31a8372d0c353")]
    [InlineData("\"merge\" or \"replace\"", "--put-mode", "patch")]
    [InlineData("1200/300s", "--rate-limit", "1200")]
    [InlineData("1200/300s", "--rate-limit", "0/300s")]
    [InlineData("1200/300s", "--rate-limit", "10/5h")]
    [InlineData("--faults: Unknown fault kind", "--faults", "kinds=418")]
    [InlineData("Refusing to listen on \"http://0.0.0.0:8787\"", "--urls", "http://0.0.0.0:8787")]
    [InlineData("Refusing to listen on \"http://192.168.1.10:8787\"", "--urls", "http://127.0.0.1:1;http://192.168.1.10:8787")]
    [InlineData("Refusing to listen on \"http://*:8787\"", "--urls", "http://*:8787")]
    [InlineData("must start with http://", "--urls", "https://127.0.0.1:8787")]
    [InlineData("invalid port", "--urls", "http://127.0.0.1:99999")]
    [InlineData("must not have a path", "--urls", "http://127.0.0.1:8787/client/v4")]
    [InlineData("given twice", "--strict", "--strict")]
    [InlineData("takes no value", "--no-seed=true")]
    public void Parse_refuses_bad_options_with_a_clear_message(string fragment, params string[] args)
    {
        var result = EmulatorServerOptions.Parse(args);

        Assert.False(result.Succeeded);
        Assert.Null(result.Options);
        Assert.Contains(fragment, result.Error);
    }

    [Fact]
    public async Task Main_exits_with_2_and_explains_bad_options_on_stderr()
    {
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        int exitCode;
        try
        {
            exitCode = await Program.Main(new[] { "--put-mode", "sideways" });
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exitCode);
        Assert.Contains("--put-mode must be \"merge\" or \"replace\"", stderr.ToString());
    }

    private static EmulatorServerOptions Parsed(params string[] args)
    {
        var result = EmulatorServerOptions.Parse(args);
        Assert.True(result.Succeeded, result.Error);
        return result.Options!;
    }
}
