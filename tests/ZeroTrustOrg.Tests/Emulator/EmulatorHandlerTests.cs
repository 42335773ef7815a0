using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class EmulatorHandlerTests
{
    private static (HttpClient Client, TestEmulator Emulator) Connect(Action<EmulatorOptions>? configure = null)
    {
        var emulator = new TestEmulator(configure);
        var client = new HttpClient(new EmulatorHandler(emulator.Engine)) { BaseAddress = new Uri("https://api.cloudflare.com/client/v4/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorDefaults.ApiToken);
        return (client, emulator);
    }

    private static string AccountOrganization => $"accounts/{EmulatorDefaults.AccountId}/access/organizations";

    [Fact]
    public async Task Get_through_the_handler_copies_status_headers_and_content()
    {
        var (client, _) = Connect();

        using var response = await client.GetAsync(AccountOrganization);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("-EMU", response.Headers.GetValues("cf-ray").Single());
        Assert.Equal("\"default\";r=1199;t=300", response.Headers.GetValues("Ratelimit").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Example Team", body!["result"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_through_the_handler_sends_the_body_and_the_query()
    {
        var (client, emulator) = Connect();

        using var response = await client.PutAsync(AccountOrganization + "?x=1", new StringContent("{\"name\":\"Via handler\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = emulator.Engine.Journal.Entries.Single();
        Assert.Equal("x=1", entry.Query);
        Assert.Equal("Via handler", emulator.StoredAccountOrganization()["name"]!.GetValue<string>());
        Assert.StartsWith("application/json", entry.RequestHeaders["Content-Type"]);
    }

    [Fact]
    public async Task Retry_after_reaches_the_client_as_a_typed_header()
    {
        var (client, emulator) = Connect();
        emulator.Engine.Faults.EnqueueNext(FaultKind.RateLimited429);

        using var response = await client.GetAsync(AccountOrganization);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Html_fault_keeps_its_content_type()
    {
        var (client, emulator) = Connect();
        emulator.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);

        using var response = await client.GetAsync(AccountOrganization);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Connection_reset_throws_http_request_exception_with_an_io_cause()
    {
        var (client, emulator) = Connect();
        emulator.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(AccountOrganization));

        var cause = Assert.IsType<IOException>(error.InnerException);
        Assert.Equal("connection reset by emulator", cause.Message);
    }

    [Fact]
    public async Task Slow_response_waits_the_configured_delay()
    {
        var (client, emulator) = Connect(o => o.SlowResponseDelay = TimeSpan.FromMilliseconds(150));
        emulator.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        var watch = Stopwatch.StartNew();

        using var response = await client.GetAsync(AccountOrganization);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Slow_response_gives_way_to_cancellation()
    {
        var (client, emulator) = Connect(o => o.SlowResponseDelay = TimeSpan.FromSeconds(30));
        emulator.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(AccountOrganization, cancellation.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"cancelled after {watch.Elapsed}");
    }

    [Fact]
    public async Task Request_cancelled_before_it_is_sent_changes_nothing()
    {
        var emulator = new TestEmulator();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var pending = emulator.Engine.HandleAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Never"))).Build(), cancelled.Token);

        Assert.True(pending.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Empty(emulator.Engine.Journal.Entries);
        Assert.Equal("Example Team", emulator.StoredAccountOrganization()["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Relative_client_without_base_address_still_reaches_the_engine()
    {
        var emulator = new TestEmulator();
        using var client = new HttpClient(new EmulatorHandler(emulator.Engine));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost" + Paths.UserTokenVerify);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + EmulatorDefaults.ApiToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
