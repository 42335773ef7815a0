using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class RateLimitTests
{
    private static TestEmulator WithQuota(int requests, int windowSeconds) => new(o =>
    {
        o.RateLimitRequests = requests;
        o.RateLimitWindow = TimeSpan.FromSeconds(windowSeconds);
    });

    [Fact]
    public async Task Every_response_carries_the_ratelimit_headers()
    {
        var emulator = WithQuota(3, 60);

        var first = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        emulator.Clock.Advance(TimeSpan.FromSeconds(10.2));
        var second = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal("\"default\";r=2;t=60", first.Header("Ratelimit"));
        Assert.Equal("\"default\";q=3;w=60", first.Header("Ratelimit-Policy"));
        Assert.Equal("\"default\";r=1;t=50", second.Header("Ratelimit"));
        Assert.Null(first.Header("Retry-After"));
    }

    [Fact]
    public async Task Default_policy_is_1200_per_300_seconds()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal("\"default\";q=1200;w=300", answer.Header("Ratelimit-Policy"));
        Assert.Equal("\"default\";r=1199;t=300", answer.Header("Ratelimit"));
    }

    [Fact]
    public async Task Over_the_quota_is_429_971_with_retry_after_until_the_window_ends()
    {
        var emulator = WithQuota(2, 60);
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        emulator.Clock.Advance(TimeSpan.FromSeconds(10.5));

        var refused = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(429, refused.Status);
        Assert.Equal(971, refused.ErrorCode);
        Assert.Equal("Please wait and consider throttling your request speed", refused.ErrorMessage);
        Assert.Equal("50", refused.Header("Retry-After"));
        Assert.Equal("\"default\";r=0;t=50", refused.Header("Ratelimit"));
    }

    [Fact]
    public async Task Lockout_lasts_the_rest_of_the_window_and_ends_with_it()
    {
        var emulator = WithQuota(2, 60);
        for (int i = 0; i < 3; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        emulator.Clock.Advance(TimeSpan.FromSeconds(59));
        var stillLocked = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Blocked"))));
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var nextWindow = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(429, stillLocked.Status);
        Assert.Equal("1", stillLocked.Header("Retry-After"));
        Assert.Equal("Example Team", emulator.StoredAccountOrganization()["name"]!.GetValue<string>());
        Assert.Equal(200, nextWindow.Status);
        Assert.Equal("\"default\";r=1;t=60", nextWindow.Header("Ratelimit"));
    }

    [Fact]
    public async Task Refused_requests_do_not_count_toward_the_next_window()
    {
        var emulator = WithQuota(2, 60);
        for (int i = 0; i < 10; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        emulator.Clock.Advance(TimeSpan.FromSeconds(60));

        var first = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var second = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
    }

    [Fact]
    public async Task Each_credential_has_its_own_window()
    {
        var emulator = WithQuota(1, 60);
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        var token = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var key = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey());

        Assert.Equal(429, token.Status);
        Assert.Equal(200, key.Status);
    }

    [Fact]
    public async Task Requests_with_bad_credentials_do_not_use_up_the_quota()
    {
        var emulator = WithQuota(1, 60);
        var refused = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("wrong"));

        var accepted = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(401, refused.Status);
        Assert.Equal("\"default\";r=1;t=60", refused.Header("Ratelimit"));
        Assert.Equal(200, accepted.Status);
    }

    [Fact]
    public async Task Rate_limit_comes_before_routing()
    {
        var emulator = WithQuota(1, 60);
        await emulator.SendAsync(Call.Get("/client/v4/nowhere"));

        var answer = await emulator.SendAsync(Call.Get("/client/v4/nowhere"));

        Assert.Equal(429, answer.Status);
    }
}
