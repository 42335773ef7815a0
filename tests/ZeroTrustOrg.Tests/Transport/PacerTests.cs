using System.Net.Http;
using Xunit;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Transport;

public class PacerTests
{
    /// <summary>Sends as fast as the pacer allows and counts the largest number that fell in any fixed window.</summary>
    private static async Task<(int MaxInWindow, TimeSpan Elapsed)> Drive(RequestPacer pacer, VirtualClock clock, int requests, TimeSpan window)
    {
        DateTimeOffset start = clock.UtcNow;
        var sends = new List<DateTimeOffset>();
        for (int i = 0; i < requests; i++)
        {
            await pacer.WaitAsync(CancellationToken.None);
            sends.Add(clock.UtcNow);
        }

        int max = sends.GroupBy(t => (long)((t - start).Ticks / window.Ticks)).Max(g => g.Count());
        int sliding = sends.Select((t, i) => sends.Skip(i).TakeWhile(u => u - t < window).Count()).Max();
        return (Math.Max(max, sliding), clock.UtcNow - start);
    }

    [Fact]
    public async Task Without_server_numbers_no_window_ever_holds_more_than_the_limit()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(120, TimeSpan.FromSeconds(30), clock);

        var (maxInWindow, elapsed) = await Drive(pacer, clock, 600, TimeSpan.FromSeconds(30));

        Assert.True(maxInWindow <= 120, $"{maxInWindow} requests fell in one 30 s window");
        double achieved = 600 / elapsed.TotalSeconds;
        Assert.True(achieved >= 0.9 * 4.0, $"achieved {achieved:0.00}/s of 4/s");
    }

    [Fact]
    public async Task Server_budget_at_zero_holds_everyone_until_the_reset()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        pacer.ObserveServerBudget(new ServerBudget(0, TimeSpan.FromSeconds(40)), inFlight: 0);

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);

        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task Requests_in_flight_count_against_the_server_budget()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        pacer.ObserveServerBudget(new ServerBudget(3, TimeSpan.FromSeconds(10)), inFlight: 2);

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);
        Assert.Equal(before, clock.UtcNow);
        await pacer.WaitAsync(CancellationToken.None);
        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Within_one_window_the_earliest_reset_wins_over_later_rounded_up_ones()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        pacer.ObserveServerBudget(new ServerBudget(5, TimeSpan.FromSeconds(10)), inFlight: 0);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        pacer.ObserveServerBudget(new ServerBudget(0, TimeSpan.FromSeconds(10)), inFlight: 0);

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);

        // The first answer said the window ends 10 s after it; the second, rounded up, would add 0.2 s more.
        Assert.InRange((clock.UtcNow - before).TotalSeconds, 9.8, 9.9);
    }

    [Fact]
    public async Task Pause_after_429_applies_to_every_caller()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        pacer.PauseFor(TimeSpan.FromSeconds(30));
        DateTimeOffset before = clock.UtcNow;

        await pacer.WaitAsync(CancellationToken.None);

        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(30));
        Assert.Equal(1, pacer.Throttled);
    }

    [Fact]
    public async Task Waiting_honours_cancellation()
    {
        var pacer = new RequestPacer(1, TimeSpan.FromHours(1));
        await pacer.WaitAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.WaitAsync(cts.Token));
    }

    [Fact]
    public void Same_credential_and_host_share_one_pacer_across_connections()
    {
        using var first = ZtCredential.FromToken(ZtCredential.ToSecureString("shared-token-for-pacer-test"));
        using var second = ZtCredential.FromToken(ZtCredential.ToSecureString("shared-token-for-pacer-test"));
        using var other = ZtCredential.FromToken(ZtCredential.ToSecureString("another-token-for-pacer-test"));
        var uri = new Uri("https://api.example.test/client/v4");
        using var a = ZtClient.Create(first, uri, new TransportSettings(), new HttpClientHandler());
        using var b = ZtClient.Create(second, uri, new TransportSettings(), new HttpClientHandler());
        using var c = ZtClient.Create(other, uri, new TransportSettings(), new HttpClientHandler());

        Assert.Same(a.Pacer, b.Pacer);
        Assert.NotSame(a.Pacer, c.Pacer);
    }

    [Theory]
    [InlineData("\"default\";r=50;t=30", 50, 30)]
    [InlineData("default;r=0;t=12", 0, 12)]
    public void Reads_the_ratelimit_header(string header, int remaining, int reset)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Ratelimit", header);
        ServerBudget? budget = RateLimitHeaders.ReadBudget(response, DateTimeOffset.UtcNow);
        Assert.NotNull(budget);
        Assert.Equal(remaining, budget!.Value.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(reset), budget.Value.ResetIn);
    }

    [Fact]
    public void Reads_the_older_x_ratelimit_headers_with_an_http_date()
    {
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "7");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset", now.AddSeconds(90).ToString("r"));
        ServerBudget? budget = RateLimitHeaders.ReadBudget(response, now);
        Assert.Equal(7, budget!.Value.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(90), budget.Value.ResetIn);
    }

    [Fact]
    public void Retry_after_ms_wins_over_retry_after_and_dates_are_understood()
    {
        var now = DateTimeOffset.UtcNow;
        using var ms = new HttpResponseMessage((System.Net.HttpStatusCode)429);
        ms.Headers.TryAddWithoutValidation("Retry-After-Ms", "1500");
        ms.Headers.TryAddWithoutValidation("Retry-After", "9");
        Assert.Equal(TimeSpan.FromMilliseconds(1500), RateLimitHeaders.ReadRetryAfter(ms, now));

        using var seconds = new HttpResponseMessage((System.Net.HttpStatusCode)429);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "9");
        Assert.Equal(TimeSpan.FromSeconds(9), RateLimitHeaders.ReadRetryAfter(seconds, now));

        using var none = new HttpResponseMessage((System.Net.HttpStatusCode)429);
        Assert.Null(RateLimitHeaders.ReadRetryAfter(none, now));
    }

    [Theory]
    [InlineData("1200/300s", 1200, 300)]
    [InlineData("120/30s", 120, 30)]
    [InlineData("600/5m", 600, 300)]
    public void Parses_rate_limit_settings(string text, int requests, int seconds)
    {
        var (n, w) = TransportSettings.ParseRateLimit(text);
        Assert.Equal(requests, n);
        Assert.Equal(TimeSpan.FromSeconds(seconds), w);
    }
}
