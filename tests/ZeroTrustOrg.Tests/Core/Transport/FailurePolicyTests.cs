using System.Net;
using System.Net.Http;
using Xunit;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Transport;

/// <summary>
/// The one failure policy that the handler chain, create's check and the re-planned PUT share: its classification
/// table, its single retry budget, its backoff rule and the 429 rule.
/// </summary>
public class FailurePolicyTests
{
    private static FailurePolicy Policy(VirtualClock clock, out RequestPacer pacer, int maxRetries = 5, double jitter = 0)
    {
        var settings = new TransportSettings { MaxRetries = maxRetries };
        pacer = new RequestPacer(settings.RateLimitRequests, settings.RateLimitWindow, clock);
        return new FailurePolicy(settings, pacer, clock, () => jitter);
    }

    [Theory]
    [InlineData("GET", 200, true, "Accepted")]
    [InlineData("GET", 200, false, "Transient")]
    [InlineData("GET", 204, false, "Transient")]
    [InlineData("PUT", 200, false, "Accepted")]
    [InlineData("PUT", 201, false, "Accepted")]
    [InlineData("POST", 200, false, "Accepted")]
    [InlineData("GET", 408, true, "Transient")]
    [InlineData("GET", 429, true, "RateLimited")]
    [InlineData("PUT", 429, true, "RateLimited")]
    [InlineData("GET", 500, true, "Transient")]
    [InlineData("PUT", 501, true, "Transient")]
    [InlineData("POST", 502, false, "OutcomeUnknown")]
    [InlineData("POST", 503, false, "OutcomeUnknown")]
    [InlineData("PUT", 504, false, "OutcomeUnknown")]
    [InlineData("GET", 304, true, "Permanent")]
    [InlineData("GET", 400, true, "Permanent")]
    [InlineData("GET", 401, true, "Permanent")]
    [InlineData("PUT", 403, true, "Permanent")]
    [InlineData("GET", 404, true, "Permanent")]
    [InlineData("POST", 409, true, "Permanent")]
    public void An_answer_is_classified_by_its_status_and_only_a_reads_2xx_by_its_body(string method, int status, bool bodyIsJson, string expected)
    {
        Assert.Equal(Kind(expected), FailurePolicy.Classify(new HttpMethod(method), status, bodyIsJson));
    }

    [Theory]
    [InlineData("GET", 200, true)]
    [InlineData("PUT", 200, false)]
    [InlineData("POST", 201, false)]
    [InlineData("GET", 500, false)]
    public void Only_a_reads_2xx_body_decides_its_kind(string method, int status, bool decides)
    {
        Assert.Equal(decides, FailurePolicy.BodyDecides(new HttpMethod(method), status));
    }

    [Theory]
    [InlineData(301, true)]
    [InlineData(302, true)]
    [InlineData(307, true)]
    [InlineData(308, true)]
    [InlineData(304, false)]
    [InlineData(200, false)]
    [InlineData(400, false)]
    public void Every_3xx_but_304_is_a_redirect_to_refuse(int status, bool refused)
    {
        Assert.Equal(refused, FailurePolicy.IsRedirect(status));
    }

    public static TheoryData<Exception, string> Exceptions() => new()
    {
        { new AttemptTimeoutException(TimeSpan.FromSeconds(30), headersArrived: false, new OperationCanceledException()), "OutcomeUnknown" },
        { new HttpRequestException("connection refused"), "OutcomeUnknown" },
        { new IOException("connection reset"), "OutcomeUnknown" },
        { new ResponseBodyIncompleteException(new IOException("cut off")), "OutcomeUnknown" },
        { new ZtTransportException("PUT", "https://api.test/x", timedOut: true, attempts: 1, inner: null), "OutcomeUnknown" },
        { Api(HttpStatusCode.BadGateway), "OutcomeUnknown" },
        { Api(HttpStatusCode.ServiceUnavailable), "OutcomeUnknown" },
        { Api(HttpStatusCode.GatewayTimeout), "OutcomeUnknown" },
        { Api((HttpStatusCode)429), "RateLimited" },
        { Api(HttpStatusCode.RequestTimeout), "Transient" },
        { Api(HttpStatusCode.InternalServerError), "Transient" },
        { Api(HttpStatusCode.OK), "Permanent" },
        { Api(HttpStatusCode.BadRequest), "Permanent" },
        { Api(HttpStatusCode.Conflict), "Permanent" },
        { new ZtProtocolException("Cloudflare answered 200 with a body that is not JSON", "PUT", "https://api.test/x", null) { StatusCode = 200 }, "Accepted" },
        { new ZtResultShapeException("the organization", "no result", "GET", "https://api.test/x", null), "Permanent" },
        { new ZtRedirectRefusedException("GET", "https://api.test/x", 307, "elsewhere.test"), "Permanent" },
        { new ZtBudgetWaitException("PUT", "https://api.test/x", TimeSpan.FromSeconds(600), 1200, TimeSpan.FromSeconds(300)), "Permanent" },
        { new OperationCanceledException(), "Permanent" },
        { new ObjectDisposedException("response"), "Permanent" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void An_exception_is_classified_the_same_for_the_handler_chain_and_the_clients_loops(Exception failure, string expected)
    {
        Assert.Equal(Kind(expected), FailurePolicy.Classify(failure));
    }

    [Theory]
    [InlineData("Repeat", "Transient", true)]
    [InlineData("Repeat", "RateLimited", true)]
    [InlineData("Repeat", "OutcomeUnknown", true)]
    [InlineData("Repeat", "Permanent", false)]
    [InlineData("Repeat", "Accepted", false)]
    [InlineData("ReadAndReplan", "Transient", true)]
    [InlineData("ReadAndReplan", "RateLimited", true)]
    [InlineData("ReadAndReplan", "OutcomeUnknown", true)]
    [InlineData("ReadAndReplan", "Permanent", false)]
    [InlineData("ReadAndReplan", "Accepted", false)]
    [InlineData("CheckFirst", "OutcomeUnknown", true)]
    [InlineData("CheckFirst", "Transient", false)]
    [InlineData("CheckFirst", "RateLimited", false)]
    [InlineData("CheckFirst", "Permanent", false)]
    [InlineData("CheckFirst", "Accepted", false)]
    [InlineData("Once", "Transient", false)]
    [InlineData("Once", "RateLimited", false)]
    [InlineData("Once", "OutcomeUnknown", false)]
    public void Whether_a_request_is_tried_again_depends_on_its_rule_and_the_kind_of_failure(string rule, string kind, bool again)
    {
        FailurePolicy policy = Policy(new VirtualClock(), out _);
        Assert.Equal(again, policy.MayTryAgain(Rule(rule), Kind(kind), attempt: 1));
    }

    [Fact]
    public void Only_idempotent_requests_are_repeated_by_the_handler_chain()
    {
        Assert.Equal(ResendRule.Repeat, FailurePolicy.RuleFor(RetryMode.Idempotent));
        Assert.Equal(ResendRule.Once, FailurePolicy.RuleFor(RetryMode.Never));
    }

    [Theory]
    [InlineData("Repeat", "Transient")]
    [InlineData("ReadAndReplan", "RateLimited")]
    [InlineData("CheckFirst", "OutcomeUnknown")]
    public void Every_rule_spends_from_the_one_budget_of_MaxRetries(string ruleName, string kindName)
    {
        ResendRule rule = Rule(ruleName);
        FailureKind kind = Kind(kindName);
        FailurePolicy policy = Policy(new VirtualClock(), out _, maxRetries: 2);
        Assert.True(policy.MayTryAgain(rule, kind, attempt: 1));
        Assert.True(policy.MayTryAgain(rule, kind, attempt: 2));
        Assert.False(policy.MayTryAgain(rule, kind, attempt: 3));

        FailurePolicy none = Policy(new VirtualClock(), out _, maxRetries: 0);
        Assert.False(none.MayTryAgain(rule, kind, attempt: 1));
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 2.0)]
    [InlineData(4, 4.0)]
    [InlineData(5, 8.0)]
    [InlineData(9, 8.0)]
    public void The_backoff_doubles_per_attempt_up_to_its_cap(int attempt, double seconds)
    {
        FailurePolicy policy = Policy(new VirtualClock(), out _, jitter: 1);
        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.WaitBeforeRetry(FailureKind.Transient, attempt, jitter: false));
        Assert.Equal(TimeSpan.FromSeconds(seconds * 0.75), policy.WaitBeforeRetry(FailureKind.OutcomeUnknown, attempt, jitter: true));
    }

    [Fact]
    public void A_servers_hint_replaces_the_backoff_and_is_believed_up_to_the_cap()
    {
        FailurePolicy policy = Policy(new VirtualClock(), out _);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.WaitBeforeRetry(FailureKind.OutcomeUnknown, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(300), policy.WaitBeforeRetry(FailureKind.Transient, 1, TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    public void The_429_rule_a_loop_waits_zero_of_its_own_after_a_429_whatever_the_hint(int attempt, bool jitter)
    {
        FailurePolicy policy = Policy(new VirtualClock(), out _);
        Assert.Equal(TimeSpan.Zero, policy.WaitBeforeRetry(FailureKind.RateLimited, attempt, TimeSpan.FromSeconds(30), jitter));
        Assert.Equal(TimeSpan.Zero, policy.WaitBeforeRetry(FailureKind.RateLimited, attempt, null, jitter));
    }

    [Fact]
    public async Task The_429_rule_the_pause_holds_every_caller_on_the_credential_for_Retry_After()
    {
        var clock = new VirtualClock();
        FailurePolicy policy = Policy(clock, out RequestPacer pacer);

        TimeSpan pause = policy.PauseCredential(TimeSpan.FromSeconds(30), attempt: 1);

        Assert.Equal(TimeSpan.FromSeconds(30), pause);
        Assert.Equal(1, pacer.Throttled);
        Assert.True(await pacer.TryWaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(30), clock.TotalWaited);
    }

    [Fact]
    public void The_429_rule_pauses_for_the_backoff_step_without_a_hint_and_never_past_the_cap()
    {
        FailurePolicy policy = Policy(new VirtualClock(), out RequestPacer pacer, jitter: 0);

        Assert.Equal(TimeSpan.FromSeconds(1), policy.PauseCredential(null, attempt: 2));
        Assert.Equal(TimeSpan.FromSeconds(300), policy.PauseCredential(TimeSpan.FromHours(1), attempt: 1));
        Assert.Equal(2, pacer.Throttled);
    }

    [Fact]
    public async Task A_read_answered_429_waits_once_in_the_paused_pacer_and_not_again_in_the_retry_handler()
    {
        using var h = new Harness();
        h.Engine.Faults.EnqueueNext(FaultKind.RateLimited429);

        await h.Client.GetOrganizationAsync(Harness.Account);

        Assert.Equal(2, h.RequestCount);
        Assert.Equal(1, h.Pacer.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(1), h.Clock.TotalWaited);
    }

    [Fact]
    public async Task A_put_answered_429_is_re_planned_after_the_paused_pacer_alone()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        h.Engine.Faults.EnqueueNext(FaultKind.RateLimited429);

        await h.Client.ApplyUpdateAsync(plan, h.Log);

        Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, h.Engine.Journal.Entries.Select(e => e.Method));
        Assert.Equal(1, h.Pacer.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(1), h.Clock.TotalWaited);
        Assert.Equal("12h", h.StoredAccountOrg["session_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_put_answered_500_is_re_planned_after_the_plain_backoff_step()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        h.Engine.Faults.EnqueueNext(FaultKind.ServerError500);

        await h.Client.ApplyUpdateAsync(plan, h.Log);

        Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, h.Engine.Journal.Entries.Select(e => e.Method));
        Assert.Equal(0, h.Pacer.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(0.5), h.Clock.TotalWaited);
    }

    [Fact]
    public async Task A_buffered_body_is_parsed_once_and_the_parse_is_handed_on()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"success\":true,\"result\":{\"name\":\"x\"}}"),
        };
        await ResponseBody.BufferAsync(response, CancellationToken.None);

        ResponseJson first = await ResponseBody.ReadJsonAsync(response);
        ResponseJson second = await ResponseBody.ReadJsonAsync(response);

        Assert.Same(first, second);
        Assert.True(first.IsJson);
        Assert.Equal("x", first.Node!["result"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("<html><title>502 Bad Gateway</title></html>", false)]
    [InlineData("{\"success\":tr", false)]
    [InlineData("null", true)]
    [InlineData("[1,2]", true)]
    public void A_body_is_JSON_only_when_it_parses_whole(string text, bool isJson)
    {
        Assert.Equal(isJson, ResponseJson.Parse(text).IsJson);
    }

    private static FailureKind Kind(string name) => Enum.Parse<FailureKind>(name);

    private static ResendRule Rule(string name) => Enum.Parse<ResendRule>(name);

    private static ZtApiException Api(HttpStatusCode status) =>
        new(status, Array.Empty<ZtApiError>(), "GET", "https://api.test/x", null, null, null);
}
