using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Emulator.Server;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

/// <summary>zt-emulator's way into the live shape: <c>--shape live</c> and <c>POST /__emulator/reset?shape=live</c>.</summary>
public sealed class LiveShapeServerTests
{
    private static HttpClient ClientFor(RunningEmulator running)
    {
        var client = new HttpClient { BaseAddress = new Uri(running.BaseUri + "/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorDefaults.ApiToken);
        return client;
    }

    private static Uri ControlUri(RunningEmulator running, string pathAndQuery) =>
        new(running.BaseUri.GetLeftPart(UriPartial.Authority) + "/__emulator/" + pathAndQuery);

    private static async Task<string> NameOfAccountOrganization(HttpClient client)
    {
        var body = JsonNode.Parse(await client.GetStringAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations"))!;
        return body["result"]!["name"]!.GetValue<string>();
    }

    [Theory]
    [InlineData(EmulatorShape.Reference)]
    [InlineData(EmulatorShape.Live, "--shape", "live")]
    [InlineData(EmulatorShape.Live, "--shape=live")]
    [InlineData(EmulatorShape.Reference, "--shape", "reference")]
    public void Parse_reads_the_shape(object expected, params string[] args)
    {
        // The parameter is an object: the type is internal and a public theory cannot name it.
        var expectedShape = (EmulatorShape)expected;
        var result = EmulatorServerOptions.Parse(args);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(expectedShape, result.Options!.Shape);
        Assert.Equal(expectedShape, result.Options.ToEngineOptions().Shape);
    }

    [Theory]
    [InlineData("--shape", "Live")]
    [InlineData("--shape", "recorded")]
    [InlineData("--shape")]
    public void Parse_refuses_an_unknown_shape(params string[] args)
    {
        var result = EmulatorServerOptions.Parse(args);

        Assert.False(result.Succeeded);
        Assert.Contains("--shape must be \"reference\" or \"live\"", result.Error);
    }

    [Fact]
    public void Help_names_the_shape_option_and_the_reset_parameter()
    {
        Assert.Contains("--shape reference|live", EmulatorServerOptions.Usage);
        Assert.Contains("/__emulator/reset[?seed=false][&shape=reference|live]", EmulatorServerOptions.Usage);
    }

    [Fact]
    public async Task Host_started_with_shape_live_serves_the_recorded_organization()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl, "--shape", "live" });
        using var client = ClientFor(running);

        using var response = await client.GetAsync($"accounts/{EmulatorDefaults.AccountId}/access/organizations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Cf-Auditlog-Id"));
        Assert.Equal("terraform-cfapi.cloudflareaccess.com", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reset_switches_the_shape_and_a_plain_reset_returns_to_the_started_one()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var client = ClientFor(running);

        using var toLive = await client.PostAsync(ControlUri(running, "reset?seed=true&shape=live"), null);
        string live = await NameOfAccountOrganization(client);
        using var plain = await client.PostAsync(ControlUri(running, "reset"), null);
        string reference = await NameOfAccountOrganization(client);

        Assert.Equal(HttpStatusCode.OK, toLive.StatusCode);
        Assert.Equal("live", JsonNode.Parse(await toLive.Content.ReadAsStringAsync())!["shape"]!.GetValue<string>());
        Assert.Equal("terraform-cfapi.cloudflareaccess.com", live);
        Assert.Equal(EmulatorShape.Reference, running.Engine.Options.Shape);
        Assert.Equal("Example Team", reference);
    }

    [Fact]
    public async Task Reset_refuses_an_unknown_shape_and_keeps_the_engine()
    {
        await using var running = await EmulatorServer.StartAsync(new[] { "--urls", EmulatorServer.EphemeralLoopbackUrl });
        using var client = ClientFor(running);
        var before = running.Engine;

        using var refused = await client.PostAsync(ControlUri(running, "reset?shape=recorded"), null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("shape", await refused.Content.ReadAsStringAsync());
        Assert.Same(before, running.Engine);
    }
}
