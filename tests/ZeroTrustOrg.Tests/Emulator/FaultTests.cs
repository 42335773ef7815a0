using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class FaultTests
{
    private static Call RenameTo(string name) => Call.Put(Paths.AccountOrganization(), Json.Object(("name", name)));

    private static string StoredName(TestEmulator emulator) => emulator.StoredAccountOrganization()["name"]!.GetValue<string>();

    [Fact]
    public async Task Injected_429_has_retry_after_1_and_code_971()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.RateLimited429);

        var answer = await emulator.SendAsync(RenameTo("Faulted"));

        Assert.Equal(429, answer.Status);
        Assert.Equal(971, answer.ErrorCode);
        Assert.Equal("1", answer.Header("Retry-After"));
        Assert.Equal("\"default\";r=0;t=1", answer.Header("Ratelimit"));
        Assert.NotNull(answer.Header("cf-ray"));
    }

    [Fact]
    public async Task Injected_500_is_a_json_failure_envelope()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.ServerError500);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(500, answer.Status);
        Assert.False(answer.Success);
        Assert.Equal(10001, answer.ErrorCode);
        Assert.Null(answer.Envelope["result"]);
    }

    [Theory]
    [InlineData(FaultKind.BadGateway502Html, 502, "502 Bad Gateway")]
    [InlineData(FaultKind.ServiceUnavailable503Html, 503, "503 Service Temporarily Unavailable")]
    public async Task Injected_gateway_errors_are_html(FaultKind kind, int status, string title)
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(kind);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("text/html", answer.Response.ContentType);
        Assert.Contains($"<title>{title}</title>", answer.Text);
        Assert.Contains("cloudflare", answer.Text);
        Assert.Null(answer.Json);
    }

    [Fact]
    public async Task Injected_reset_asks_the_transport_to_abort()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.True(answer.Response.AbortConnection);
        Assert.Equal(0, answer.Status);
        Assert.Empty(answer.Response.Body);
        Assert.Equal(0, emulator.Engine.Journal.Entries.Single().StatusCode);
    }

    [Theory]
    [InlineData(FaultTiming.BeforeApply)]
    [InlineData(FaultTiming.AfterApply)]
    public async Task Injected_slow_response_delays_a_normal_applied_answer(object timing)
    {
        // The parameter is an object: the type is internal and a public theory cannot name it.
        var faultTiming = (FaultTiming)timing;
        var emulator = new TestEmulator(o => o.SlowResponseDelay = TimeSpan.FromSeconds(3));
        emulator.Engine.Faults.EnqueueNext(FaultKind.SlowResponse, faultTiming);

        var answer = await emulator.SendAsync(RenameTo("Slow"));

        Assert.Equal(200, answer.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), answer.Response.Delay);
        Assert.Equal("Slow", StoredName(emulator));
        Assert.Equal(FaultKind.SlowResponse, emulator.Engine.Journal.Entries.Single().Fault);
    }

    [Fact]
    public async Task Injected_malformed_json_is_a_200_that_does_not_parse()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.MalformedJson, FaultTiming.AfterApply);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.Response.ContentType);
        Assert.StartsWith("{\"success\":true", answer.Text);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(answer.Text));
    }

    [Fact]
    public async Task Injected_malformed_json_is_a_200_for_a_request_that_took_effect_whatever_the_timing()
    {
        // Cloudflare answers 2xx only once a request took effect, so a garbled 200 follows the change (docs/cloudflare-api.md#live-answers-and-the-reference).
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.MalformedJson, FaultTiming.BeforeApply);

        var answer = await emulator.SendAsync(Call.Post(Paths.AccountRevoke(), Json.Object(("email", "a@example.com"))));

        Assert.Equal(200, answer.Status);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(answer.Text));
        Assert.Single(emulator.Engine.Revocations);
        Assert.True(emulator.Engine.Journal.Entries.Single().Applied);
    }

    [Fact]
    public async Task Injected_success_false_comes_with_http_200()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.SuccessFalseOn200);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, answer.Status);
        Assert.False(answer.Success);
        Assert.NotEmpty(answer.Envelope["errors"]!.AsArray());
        Assert.Equal(10001, answer.ErrorCode);
    }

    [Theory]
    [InlineData(FaultKind.RateLimited429)]
    [InlineData(FaultKind.ServerError500)]
    [InlineData(FaultKind.BadGateway502Html)]
    [InlineData(FaultKind.ServiceUnavailable503Html)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.SuccessFalseOn200)]
    public async Task Fault_before_apply_leaves_the_state_alone(FaultKind kind)
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(kind, FaultTiming.BeforeApply);

        await emulator.SendAsync(RenameTo("Faulted"));

        Assert.Equal("Example Team", StoredName(emulator));
        var entry = emulator.Engine.Journal.Entries.Single();
        Assert.False(entry.Applied);
        Assert.Equal(kind, entry.Fault);
        Assert.Equal(JournalOperation.UpdateOrganization, entry.Operation);
        Assert.Equal("token#1", entry.CredentialId);
    }

    [Theory]
    [InlineData(FaultKind.RateLimited429, 429)]
    [InlineData(FaultKind.ServerError500, 500)]
    [InlineData(FaultKind.BadGateway502Html, 502)]
    [InlineData(FaultKind.ServiceUnavailable503Html, 503)]
    [InlineData(FaultKind.ConnectionReset, 0)]
    [InlineData(FaultKind.MalformedJson, 200)]
    [InlineData(FaultKind.SuccessFalseOn200, 200)]
    public async Task Fault_after_apply_changes_the_state_and_hides_the_answer(FaultKind kind, int status)
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(kind, FaultTiming.AfterApply);

        var answer = await emulator.SendAsync(RenameTo("Applied anyway"));

        Assert.Equal(status, answer.Status);
        Assert.Equal("Applied anyway", StoredName(emulator));
        var entry = emulator.Engine.Journal.Entries.Single();
        Assert.True(entry.Applied);
        Assert.Equal(kind, entry.Fault);
        Assert.Equal(status, entry.StatusCode);
    }

    [Fact]
    public async Task Create_applied_behind_a_reset_makes_a_blind_retry_conflict()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        emulator.Engine.Faults.EnqueueNext(FaultKind.ConnectionReset, FaultTiming.AfterApply);

        var lost = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));
        var retry = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));
        var check = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.True(lost.Response.AbortConnection);
        Assert.Equal(409, retry.Status);
        Assert.Equal(200, check.Status);
    }

    [Fact]
    public async Task Queued_faults_apply_in_order_to_the_next_requests()
    {
        var emulator = new TestEmulator();
        emulator.Engine.Faults.EnqueueNext(FaultKind.ServerError500);
        emulator.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);

        var statuses = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            statuses.Add((await emulator.SendAsync(Call.Get(Paths.AccountOrganization()))).Status);
        }

        Assert.Equal(new[] { 500, 502, 200 }, statuses);
    }

    [Fact]
    public async Task Queued_faults_come_before_random_ones()
    {
        var emulator = new TestEmulator(o => o.Faults = new FaultSettings { Rate = 1, Kinds = new[] { FaultKind.ServerError500 } });
        emulator.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);

        var first = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var second = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(502, first.Status);
        Assert.Equal(500, second.Status);
    }

    [Fact]
    public async Task Clear_drops_queued_and_random_faults()
    {
        var emulator = new TestEmulator(o => o.Faults = FaultSettings.Parse("rate=1,kinds=500"));
        emulator.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);

        emulator.Engine.Faults.Clear();
        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, answer.Status);
    }

    private static async Task<List<FaultKind?>> FaultSequence(FaultSettings settings, int requests)
    {
        var emulator = new TestEmulator(o => o.Faults = settings);
        for (int i = 0; i < requests; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        return emulator.Engine.Journal.Entries.Select(e => e.Fault).ToList();
    }

    [Fact]
    public async Task Same_seed_gives_the_same_fault_sequence()
    {
        var settings = FaultSettings.Parse("rate=0.3,seed=42");

        var first = await FaultSequence(settings, 60);
        var second = await FaultSequence(settings, 60);

        Assert.Equal(first, second);
        Assert.Contains(first, f => f is null);
        Assert.True(first.Where(f => f != null).Distinct().Count() > 2);
    }

    [Fact]
    public async Task Different_seeds_give_different_fault_sequences()
    {
        var first = await FaultSequence(FaultSettings.Parse("rate=0.5,seed=1"), 60);
        var second = await FaultSequence(FaultSettings.Parse("rate=0.5,seed=2"), 60);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Rate_follows_the_setting_roughly_and_kinds_are_limited_to_the_list()
    {
        var faults = await FaultSequence(FaultSettings.Parse("rate=0.25,seed=7,kinds=500|502"), 400);

        int faulted = faults.Count(f => f != null);
        Assert.InRange(faulted, 60, 140);
        Assert.All(faults.Where(f => f != null), f => Assert.Contains(f!.Value, new[] { FaultKind.ServerError500, FaultKind.BadGateway502Html }));
    }

    [Fact]
    public async Task Configure_restarts_the_sequence_from_the_seed()
    {
        var emulator = new TestEmulator();
        var settings = FaultSettings.Parse("rate=0.5,seed=9,kinds=500");
        emulator.Engine.Faults.Configure(settings);
        for (int i = 0; i < 20; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        emulator.Engine.Faults.Configure(settings);
        for (int i = 0; i < 20; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        int[] statuses = emulator.Engine.Journal.Entries.Select(e => e.StatusCode).ToArray();

        Assert.Equal(statuses.Take(20), statuses.Skip(20));
    }

    [Fact]
    public async Task Queued_fault_does_not_shift_the_seeded_sequence()
    {
        var plain = await FaultSequence(FaultSettings.Parse("rate=0.5,seed=3,kinds=500"), 10);
        var emulator = new TestEmulator(o => o.Faults = FaultSettings.Parse("rate=0.5,seed=3,kinds=500"));
        emulator.Engine.Faults.EnqueueNext(FaultKind.BadGateway502Html);
        for (int i = 0; i < 10; i++)
        {
            await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        }

        var withQueued = emulator.Engine.Journal.Entries.Select(e => e.Fault).ToList();

        Assert.Equal(FaultKind.BadGateway502Html, withQueued[0]);
        Assert.Equal(plain.Skip(1), withQueued.Skip(1));
    }

    [Fact]
    public void Parse_reads_a_full_spec()
    {
        var settings = FaultSettings.Parse("rate=0.1, seed=42, kinds=429|500|502|503|reset|slow|badjson|false200, timing=after");

        Assert.Equal(0.1, settings.Rate);
        Assert.Equal(42, settings.Seed);
        Assert.Equal(Enum.GetValues<FaultKind>(), settings.Kinds);
        Assert.Equal(FaultTiming.AfterApply, settings.Timing);
    }

    [Fact]
    public void Parse_defaults_to_every_kind_before_apply()
    {
        var settings = FaultSettings.Parse("rate=0.5");

        Assert.Equal(Enum.GetValues<FaultKind>(), settings.Kinds);
        Assert.Equal(FaultTiming.BeforeApply, settings.Timing);
        Assert.Equal(0, settings.Seed);
        Assert.Same(FaultSettings.None, FaultSettings.Parse("none"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("rate=2", "from 0 to 1")]
    [InlineData("rate=abc", "from 0 to 1")]
    [InlineData("seed=1.5", "whole number")]
    [InlineData("kinds=404", "Unknown fault kind \"404\"")]
    [InlineData("timing=during", "\"before\" or \"after\"")]
    [InlineData("color=red", "Unknown fault spec key \"color\"")]
    [InlineData("rate", "not key=value")]
    [InlineData("rate=0.1,rate=0.2", "twice")]
    public void Parse_refuses_bad_specs_with_a_clear_message(string spec, string fragment)
    {
        var error = Assert.Throws<ArgumentException>(() => FaultSettings.Parse(spec));

        Assert.Contains(fragment, error.Message);
    }
}
