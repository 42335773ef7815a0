using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Transport;

/// <summary>Waiting for rate-limit budget is bounded on its own, and is never mistaken for a request timeout.</summary>
public class BudgetWaitTests
{
    [Fact]
    public async Task Waiting_for_budget_longer_than_the_request_timeout_is_not_a_timeout()
    {
        // Real time: the server allows one request per 2 s, and each attempt may take 1 s on the wire.
        using var h = new Harness(
            o => { o.RateLimitRequests = 1; o.RateLimitWindow = TimeSpan.FromSeconds(2); },
            t => { t.RequestTimeout = TimeSpan.FromSeconds(1); t.MaxRetries = 0; },
            virtualTime: false);

        await h.Client.GetOrganizationAsync(Harness.Account);
        ZtOrganization second = await h.Client.GetOrganizationAsync(Harness.Account);

        Assert.NotNull(second.Name);
        Assert.Equal(2, h.RequestCount);
        Assert.Equal(0, h.Pacer.Throttled);
    }

    [Fact]
    public async Task Budget_that_stays_spent_past_the_limit_fails_unsent_with_its_own_error()
    {
        using var h = new Harness(
            o => { o.RateLimitRequests = 1; o.RateLimitWindow = TimeSpan.FromSeconds(60); },
            t => t.MaxBudgetWait = TimeSpan.FromSeconds(10));
        await h.Client.GetOrganizationAsync(Harness.Account);

        var ex = await Assert.ThrowsAsync<ZtBudgetWaitException>(() => h.Client.GetOrganizationAsync(Harness.Account));

        Assert.Equal(1, h.RequestCount);
        Assert.Equal("ZtRateLimitBudgetWaitExceeded", ZtErrorInfo.Describe(ex).ErrorId);
        Assert.Contains("waited 10 s for rate-limit budget", ex.Message);
        Assert.Contains("not sent", ex.Message);
        Assert.Equal(0, h.Pacer.InFlight);
    }

    [Fact]
    public async Task By_default_a_request_waits_out_a_whole_spent_window()
    {
        using var h = new Harness(o => { o.RateLimitRequests = 1; o.RateLimitWindow = TimeSpan.FromSeconds(300); });
        await h.Client.GetOrganizationAsync(Harness.Account);

        await h.Client.GetOrganizationAsync(Harness.Account);

        Assert.Equal(2, h.RequestCount);
        Assert.True(h.Settings.BudgetWaitLimit >= h.Settings.RateLimitWindow);
    }

    [Fact]
    public void The_budget_wait_limit_is_checked_before_any_request()
    {
        var settings = new TransportSettings { MaxBudgetWait = TimeSpan.FromMilliseconds(10) };
        var ex = Assert.Throws<ZtValidationException>(settings.Validate);
        Assert.Equal("MaxBudgetWait", ex.Parameter);
    }
}
