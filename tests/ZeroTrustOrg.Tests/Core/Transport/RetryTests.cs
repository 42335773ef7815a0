using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Transport;

public class RetryTests
{
    [Theory]
    [InlineData(FaultKind.ServerError500)]
    [InlineData(FaultKind.BadGateway502Html)]
    [InlineData(FaultKind.ServiceUnavailable503Html)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.RateLimited429)]
    [InlineData(FaultKind.MalformedJson)]
    public async Task Idempotent_calls_recover_from_transient_faults(FaultKind fault)
    {
        using var h = new Harness();
        h.Engine.Faults.EnqueueNext(fault);
        h.Engine.Faults.EnqueueNext(fault);

        ZtOrganization org = await h.Client.GetOrganizationAsync(Harness.Account, h.Log);

        Assert.NotNull(org.Name);
        Assert.Equal(3, h.RequestCount);
        Assert.Equal(2, h.Log.Verbose.Count(v => v.Contains("retry") || v.Contains("trying again")));
    }

    [Fact]
    public async Task Revoke_is_retried_and_applied_exactly_once_when_faults_come_before_apply()
    {
        using var h = new Harness();
        h.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset);
        h.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);

        var result = await h.Client.RevokeUserAsync(Harness.Account, new RevokeUserRequest("jane@example.com"));

        Assert.True(result.Revoked);
        Assert.Equal(1, h.Engine.Journal.CountApplied(JournalOperation.RevokeUser));
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_and_the_last_error_is_typed()
    {
        using var h = new Harness(transport: t => t.MaxRetries = 2);
        for (int i = 0; i < 5; i++)
        {
            h.Engine.Faults.EnqueueNext(FaultKind.ServerError500);
        }

        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(3, h.RequestCount);
        Assert.Equal("ZtServerError", ZtErrorInfo.Describe(ex).ErrorId);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        using var h = new Harness(token: "not-a-known-token");
        await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.Equal(1, h.RequestCount);
    }

    [Fact]
    public async Task Backoff_grows_exponentially_with_jitter_below_the_cap()
    {
        using var h = new Harness(transport: t => t.MaxRetries = 4);
        for (int i = 0; i < 4; i++)
        {
            h.Engine.Faults.EnqueueNext(FaultKind.ServerError500);
        }

        await h.Client.GetOrganizationAsync(Harness.Account);

        // 0.5 + 1 + 2 + 4 = 7.5 s at most, 75% of that at least (jitter takes off up to a quarter).
        double waited = h.Clock.TotalWaited.TotalSeconds;
        Assert.InRange(waited, 7.5 * 0.75, 7.5 + 0.5);
    }

    [Fact]
    public async Task Create_is_never_repeated_blindly_after_a_conflict()
    {
        using var h = new Harness();
        var body = OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "X"), ("AuthDomain", "x.cloudflareaccess.com")), Harness.Account, out _);
        await Assert.ThrowsAsync<ZtApiException>(() => h.Client.CreateOrganizationAsync(Harness.Account, body));
        Assert.Equal(1, h.RequestCount);
    }

    [Fact]
    public async Task Create_whose_response_was_lost_checks_with_a_get_and_does_not_create_twice()
    {
        using var h = new Harness(o => o.Seed = false);
        h.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset, FaultTiming.AfterApply);
        var body = OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "Once"), ("AuthDomain", "once.cloudflareaccess.com")), Harness.Account, out _);

        ZtOrganization created = await h.Client.CreateOrganizationAsync(Harness.Account, body, h.Log);

        Assert.Equal("Once", created.Name);
        Assert.Equal(new[] { "POST", "GET" }, h.Engine.Journal.Entries.Select(e => e.Method));
        Assert.Equal(1, h.Engine.Journal.CountApplied(JournalOperation.CreateOrganization));
        Assert.Contains(h.Log.Verbose, v => v.Contains("checking with a GET"));
    }

    [Fact]
    public async Task Create_that_did_not_happen_is_sent_again_after_the_get()
    {
        using var h = new Harness(o => o.Seed = false);
        h.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset, FaultTiming.BeforeApply);
        var body = OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "Again"), ("AuthDomain", "again.cloudflareaccess.com")), Harness.Account, out _);

        await h.Client.CreateOrganizationAsync(Harness.Account, body);

        Assert.Equal(new[] { "POST", "GET", "POST" }, h.Engine.Journal.Entries.Select(e => e.Method));
        Assert.Equal(1, h.Engine.Journal.CountApplied(JournalOperation.CreateOrganization));
    }

    [Fact]
    public async Task A_429_pauses_the_whole_bucket_for_retry_after()
    {
        using var h = new Harness();
        h.Engine.Faults.EnqueueNext(FaultKind.RateLimited429);

        await h.Client.GetOrganizationAsync(Harness.Account);

        Assert.Equal(1, h.Pacer.Throttled);
        Assert.True(h.Clock.TotalWaited >= TimeSpan.FromSeconds(1), $"waited {h.Clock.TotalWaited}");
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        // The slow answer would take 30 s; finishing long before that proves the 1 s attempt timeout cut it off.
        using var h = new Harness(o => o.SlowResponseDelay = TimeSpan.FromSeconds(30), t => { t.RequestTimeout = TimeSpan.FromSeconds(1); t.MaxRetries = 1; }, virtualTime: false);
        h.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        var watch = Stopwatch.StartNew();

        ZtOrganization org = await h.Client.GetOrganizationAsync(Harness.Account, h.Log);

        Assert.NotNull(org.Name);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Contains(h.Log.Verbose, v => v.Contains("timed out"));
    }

    [Fact]
    public async Task Timeouts_that_never_end_become_a_typed_timeout()
    {
        using var h = new Harness(o => o.SlowResponseDelay = TimeSpan.FromSeconds(30), t => { t.RequestTimeout = TimeSpan.FromSeconds(1); t.MaxRetries = 0; }, virtualTime: false);
        h.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        var ex = await Assert.ThrowsAsync<ZtTransportException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.True(ex.TimedOut);
        Assert.Equal(ZtErrorCategory.OperationTimeout, ZtErrorInfo.Describe(ex).Category);
    }

    [Fact]
    public async Task Cancellation_stops_a_request_in_flight()
    {
        // The answer would take 30 s; ending long before that proves the token reached the request in flight.
        using var h = new Harness(o => o.SlowResponseDelay = TimeSpan.FromSeconds(30), virtualTime: false);
        h.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.GetOrganizationAsync(Harness.Account, null, cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancelled_update_is_all_or_nothing()
    {
        using var h = new Harness(o => o.SlowResponseDelay = TimeSpan.FromSeconds(20), virtualTime: false);
        var before = h.StoredAccountOrg;
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "1h")));
        h.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.ApplyUpdateAsync(plan, null, cts.Token));

        // The server may or may not have applied the PUT before the client gave up; either way it is whole.
        var after = h.StoredAccountOrg;
        Assert.Contains(after["session_duration"]!.GetValue<string>(), new[] { "24h", "1h" });
        foreach (var property in before.Where(p => p.Key is not ("session_duration" or "updated_at")))
        {
            Assert.True(ZeroTrustOrg.Core.Organization.JsonValues.SameEffectiveValue(property.Value, after[property.Key]), property.Key);
        }
    }
}
