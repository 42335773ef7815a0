using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.TestSupport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Transport;

/// <summary>The real client and the real network handler against a loopback server that misbehaves on purpose.</summary>
public class HostileServerTests
{
    private const string Token = "hostileTokenValue0123456789abcdefABCDEF";
    private const string OrganizationJson = "{\"name\":\"Hostile\",\"auth_domain\":\"hostile.cloudflareaccess.com\",\"session_duration\":\"24h\"}";

    private static ZtClient Connect(HostileServer server, ZtCredential credential, int maxRetries = 0, int timeoutSeconds = 30)
    {
        var clock = new VirtualClock();
        var settings = new TransportSettings { MaxRetries = maxRetries, RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds) };
        return ZtClient.Create(credential, server.BaseUri, settings, inner: null, clock, new RequestPacer(1200, TimeSpan.FromSeconds(300), clock));
    }

    private static ZtCredential TokenCredential() => ZtCredential.FromToken(ZtCredential.ToSecureString(Token));

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_refused_by_name_and_the_key_never_reaches_its_target(int status)
    {
        using HostileServer target = HostileServer.Start();
        using HostileServer api = HostileServer.Start(HostileReply.Redirect(status, $"http://localhost:{target.Port}/steal"));
        using var credential = ZtCredential.FromGlobalKey("admin@example.com", ZtCredential.ToSecureString(Token));
        using ZtClient client = Connect(api, credential, maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ZtRedirectRefusedException>(() => client.GetOrganizationAsync(Harness.Account));

        Assert.Equal($"localhost:{target.Port}", ex.TargetHost);
        Assert.Equal("ZtRedirectRefused", ZtErrorInfo.Describe(ex).ErrorId);
        Assert.Empty(target.Requests);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_body_dripped_past_the_timeout_ends_as_a_timeout()
    {
        var drip = HostileReply.Of(HostileAction.DripBody, OrganizationJson);
        drip.DripDelayMilliseconds = 300;
        using HostileServer api = HostileServer.Start(drip);
        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries: 0, timeoutSeconds: 1);

        var ex = await Assert.ThrowsAsync<ZtTransportException>(() => client.GetOrganizationAsync(Harness.Account));

        Assert.True(ex.TimedOut);
        Assert.Equal("ZtRequestTimedOut", ZtErrorInfo.Describe(ex).ErrorId);
    }

    [Fact]
    public async Task A_body_cut_off_mid_stream_is_retried()
    {
        using HostileServer api = HostileServer.Start(
            HostileReply.Of(HostileAction.CutBody, OrganizationJson), HostileReply.Of(HostileAction.CutBody, OrganizationJson), HostileReply.Success(OrganizationJson));
        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries: 2);

        ZtOrganization org = await client.GetOrganizationAsync(Harness.Account);

        Assert.Equal("Hostile", org.Name);
        Assert.Equal(3, api.CountRequests("GET"));
    }

    [Fact]
    public async Task A_body_cut_off_on_every_attempt_is_classified_as_incomplete()
    {
        using HostileServer api = HostileServer.Start(HostileReply.Of(HostileAction.CutBody, OrganizationJson));
        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries: 1);

        var ex = await Assert.ThrowsAsync<ZtTransportException>(() => client.GetOrganizationAsync(Harness.Account));

        Assert.True(ex.ResponseIncomplete);
        Assert.Equal("ZtResponseIncomplete", ZtErrorInfo.Describe(ex).ErrorId);
        Assert.Equal(2, api.CountRequests("GET"));
    }

    [Theory]
    [InlineData(HostileAction.CloseWithoutResponse, 0, 1)]
    [InlineData(HostileAction.CloseWithoutResponse, 2, 3)]
    public async Task Every_attempt_on_the_wire_is_one_that_MaxRetries_allows(HostileAction action, int maxRetries, int expectedOnWire)
    {
        using HostileServer api = HostileServer.Start(HostileReply.Of(action));
        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries);

        await Assert.ThrowsAsync<ZtTransportException>(() => client.GetOrganizationAsync(Harness.Account));

        Assert.Equal(expectedOnWire, api.CountRequests("GET"));
    }

    [Fact]
    public async Task Server_errors_and_unreadable_bodies_share_one_retry_budget()
    {
        using HostileServer api = HostileServer.Start();
        for (int i = 0; i < 4; i++)
        {
            api.Enqueue(HostileReply.Failure(503, 0, "unavailable"));
            api.Enqueue(HostileReply.Json(200, "<html>captive portal</html>"));
        }

        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries: 1);

        var ex = await Assert.ThrowsAsync<ZtProtocolException>(() => client.GetOrganizationAsync(Harness.Account));

        Assert.Equal("ZtUnreadableResponse", ZtErrorInfo.Describe(ex).ErrorId);
        Assert.Equal(2, api.CountRequests("GET"));
    }

    [Fact]
    public async Task Every_attempt_on_the_wire_spends_from_the_pacer()
    {
        using HostileServer api = HostileServer.Start(HostileReply.Of(HostileAction.CloseWithoutResponse));
        using var credential = TokenCredential();
        var clock = new VirtualClock();
        var pacer = new RequestPacer(2, TimeSpan.FromSeconds(300), clock);
        using ZtClient client = ZtClient.Create(credential, api.BaseUri, new TransportSettings { MaxRetries = 3 }, inner: null, clock, pacer);

        await Assert.ThrowsAsync<ZtTransportException>(() => client.GetOrganizationAsync(Harness.Account));

        // A budget of 2 per 300 s: four attempts must have waited out at least one window between them.
        Assert.Equal(4, api.CountRequests("GET"));
        Assert.True(clock.TotalWaited >= TimeSpan.FromSeconds(300), $"waited {clock.TotalWaited}");
    }

    [Fact]
    public async Task A_retried_put_reapplies_the_change_to_a_fresh_read_and_keeps_a_concurrent_rename()
    {
        using HostileServer racer = HostileServer.StartPutRacer("Original", "24h", "Renamed elsewhere");
        using var credential = TokenCredential();
        using ZtClient client = Connect(racer, credential, maxRetries: 2);
        var log = new RecordingLog();

        OrganizationUpdatePlan plan = await client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")), log);
        ZtOrganization updated = await client.ApplyUpdateAsync(plan, log);

        Assert.Equal("Renamed elsewhere", racer.State["name"]);
        Assert.Equal("12h", racer.State["session_duration"]);
        Assert.Equal("Renamed elsewhere", updated.Name);
        Assert.Equal(2, racer.CountRequests("PUT"));
        Assert.Equal(2, racer.CountRequests("GET"));
        Assert.Contains(log.Verbose, v => v.Contains("reading the organization again"));
    }

    [Fact]
    public async Task A_retried_put_that_already_went_through_writes_nothing_more()
    {
        int puts = 0;
        using HostileServer api = HostileServer.Start();
        string state = OrganizationJson;
        api.Responder = request =>
        {
            if (request.Method == "PUT" && Interlocked.Increment(ref puts) == 1)
            {
                // The write lands, then the answer is lost.
                state = state.Replace("\"24h\"", "\"12h\"");
                return HostileReply.Of(HostileAction.CloseWithoutResponse);
            }

            return HostileReply.Success(state);
        };
        using var credential = TokenCredential();
        using ZtClient client = Connect(api, credential, maxRetries: 2);

        OrganizationUpdatePlan plan = await client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ZtOrganization updated = await client.ApplyUpdateAsync(plan);

        Assert.Equal("12h", updated.SessionDuration);
        Assert.Equal(1, api.CountRequests("PUT"));
    }

    [Fact]
    public async Task A_secret_echoed_by_the_server_is_masked_in_the_exception_and_the_debug_log()
    {
        using HostileServer api = HostileServer.Start(new HostileReply { EchoRequestHeaders = true });
        using var credential = ZtCredential.FromGlobalKey("admin@example.com", ZtCredential.ToSecureString(Token));
        using ZtClient client = Connect(api, credential);
        var log = new RecordingLog();

        var ex = await Assert.ThrowsAsync<ZtApiException>(() => client.GetOrganizationAsync(Harness.Account, log));

        Assert.Contains("X-Auth-Key", ex.Message);
        Assert.DoesNotContain(Token, ex.ToString());
        Assert.Contains(log.Messages, m => m.Level == ZtMessageLevel.Debug && m.Text.Contains("X-Auth-Key"));
        Assert.DoesNotContain(Token, log.AllText);
    }

    [Fact]
    public async Task A_client_closed_under_a_request_ends_it_as_not_connected()
    {
        var slow = HostileReply.Of(HostileAction.DripBody, OrganizationJson);
        slow.DripDelayMilliseconds = 1000;
        using HostileServer api = HostileServer.Start(slow);
        var credential = TokenCredential();
        ZtClient client = Connect(api, credential);

        Task<ZtOrganization> call = client.GetOrganizationAsync(Harness.Account);
        SpinWait.SpinUntil(() => api.Requests.Length > 0, TimeSpan.FromSeconds(10));
        credential.Dispose();
        client.Dispose();

        var ex = await Assert.ThrowsAsync<ZtNotConnectedException>(() => call);
        Assert.Contains("in flight", ex.Message);
        Assert.Equal("ZtNotConnected", ZtErrorInfo.Describe(ex).ErrorId);
        await Assert.ThrowsAsync<ZtNotConnectedException>(() => client.GetOrganizationAsync(Harness.Account));
        Assert.Single(api.Requests);
    }
}
