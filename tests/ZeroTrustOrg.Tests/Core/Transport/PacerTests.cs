using System.Net.Http;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Transport;

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

    /// <summary>One request through the pacer whose answer said <paramref name="remaining"/> and <paramref name="resetSeconds"/>.</summary>
    private static async Task Answered(RequestPacer pacer, int remaining, double resetSeconds)
    {
        await pacer.WaitAsync(CancellationToken.None);
        pacer.Complete(new ServerBudget(remaining, TimeSpan.FromSeconds(resetSeconds)));
    }

    [Fact]
    public async Task Server_budget_at_zero_holds_everyone_until_the_reset()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await Answered(pacer, 0, 40);

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);

        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task Requests_in_flight_count_against_the_server_budget()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        DateTimeOffset before = clock.UtcNow;
        for (int i = 0; i < 3; i++)
        {
            await pacer.WaitAsync(CancellationToken.None);
        }

        // The third answer arrives first: 3 left, and the two still in flight will spend two of them.
        pacer.Complete(new ServerBudget(3, TimeSpan.FromSeconds(10)));
        await pacer.WaitAsync(CancellationToken.None);
        Assert.Equal(before, clock.UtcNow);
        Assert.Equal(3, pacer.InFlight);

        await pacer.WaitAsync(CancellationToken.None);
        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_stale_higher_remaining_count_cannot_raise_the_budget_within_a_window()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);

        // Answers finish out of order: the later request's answer (2 left) arrives before the earlier one's (9 left).
        pacer.Complete(new ServerBudget(2, TimeSpan.FromSeconds(10)));
        pacer.Complete(new ServerBudget(9, TimeSpan.FromSeconds(10)));

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);
        Assert.Equal(before, clock.UtcNow);

        await pacer.WaitAsync(CancellationToken.None);
        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(10), "a third send would have been one more than the server had left");
    }

    [Fact]
    public async Task A_new_window_from_the_server_replaces_the_old_count()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await Answered(pacer, 0, 10);

        DateTimeOffset before = clock.UtcNow;
        await pacer.WaitAsync(CancellationToken.None);
        Assert.True(clock.UtcNow - before >= TimeSpan.FromSeconds(10));
        pacer.Complete(new ServerBudget(29, TimeSpan.FromSeconds(10)));

        DateTimeOffset afterReset = clock.UtcNow;
        for (int i = 0; i < 29; i++)
        {
            await pacer.WaitAsync(CancellationToken.None);
        }

        Assert.Equal(afterReset, clock.UtcNow);
    }

    [Fact]
    public async Task Under_concurrency_and_out_of_order_answers_no_server_window_gets_more_than_its_budget()
    {
        // A fixed-window server like Cloudflare's (30 per 10 s, opened by the first request), four senders, and
        // answers that come back in a shuffled order before any time passes: no request may reach a spent window.
        var clock = new ManualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        var server = new FixedWindowServer(30, TimeSpan.FromSeconds(10));
        var random = new Random(9);
        var inFlight = new List<ServerBudget>();
        int refused = 0;
        void AnswerOne()
        {
            int index = random.Next(inFlight.Count);
            pacer.Complete(inFlight[index]);
            inFlight.RemoveAt(index);
        }

        for (int sent = 0; sent < 240; sent++)
        {
            Task granted = pacer.WaitAsync(CancellationToken.None);
            for (int guard = 0; !granted.IsCompleted && guard < 10_000; guard++)
            {
                // Answers arrive first; time moves only when nothing is left in flight.
                if (inFlight.Count > 0)
                {
                    AnswerOne();
                }
                else
                {
                    clock.AdvanceToNextDelay();
                }

                await Task.WhenAny(granted, Task.Delay(20));
            }

            await granted;
            ServerBudget? answer = server.Accept(clock.UtcNow);
            refused += answer == null ? 1 : 0;
            inFlight.Add(answer ?? new ServerBudget(0, server.ResetIn(clock.UtcNow)));
            if (inFlight.Count == 4)
            {
                AnswerOne();
            }
        }

        Assert.Equal(0, refused);
        Assert.Equal(8, server.Windows);
    }

    [Fact]
    public async Task A_completed_request_frees_budget_it_was_already_counted_in_without_waiting_for_the_reset()
    {
        var clock = new ManualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);

        // The second request's answer: 1 left; the first is still in flight, so nothing may go.
        pacer.Complete(new ServerBudget(1, TimeSpan.FromSeconds(10)));
        Task waiter = pacer.WaitAsync(CancellationToken.None);
        Assert.False(waiter.IsCompleted);

        // The first request's answer was counted before the second's (it says 2 left): the server really has 1 left.
        pacer.Complete(new ServerBudget(2, TimeSpan.FromSeconds(10)));
        await waiter.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, clock.Advanced.Ticks);
        Assert.Equal(1, pacer.InFlight);
    }

    [Fact]
    public async Task Waiting_for_budget_gives_up_at_its_limit_without_counting_a_send()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await Answered(pacer, 0, 40);

        bool granted = await pacer.TryWaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.False(granted);
        Assert.Equal(0, pacer.InFlight);
        Assert.True(await pacer.TryWaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None));
    }

    [Fact]
    public async Task Within_one_window_the_earliest_reset_wins_over_later_rounded_up_ones()
    {
        var clock = new VirtualClock();
        var pacer = new RequestPacer(1200, TimeSpan.FromSeconds(300), clock);
        await Answered(pacer, 5, 10);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        await Answered(pacer, 0, 10);

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

/// <summary>A fixed window per credential, opened by the first request, refusing once spent (as Cloudflare and the emulator do).</summary>
internal sealed class FixedWindowServer
{
    private readonly int _quota;
    private readonly TimeSpan _length;
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _count;

    public FixedWindowServer(int quota, TimeSpan length)
    {
        _quota = quota;
        _length = length;
    }

    public int Windows { get; private set; }

    public TimeSpan ResetIn(DateTimeOffset now) => _start + _length - now;

    /// <summary>The answer's budget, or null for a refusal (429).</summary>
    public ServerBudget? Accept(DateTimeOffset now)
    {
        if (_start == DateTimeOffset.MinValue || now >= _start + _length)
        {
            _start = now;
            _count = 0;
            Windows++;
        }

        if (_count >= _quota)
        {
            return null;
        }

        _count++;
        return new ServerBudget(_quota - _count, TimeSpan.FromSeconds(Math.Ceiling(ResetIn(now).TotalSeconds)));
    }
}
