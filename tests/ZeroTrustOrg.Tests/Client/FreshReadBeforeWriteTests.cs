using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Client;

/// <summary>
/// Every PUT is built from a fresh read: when time has passed since the read (a prompt, a budget wait), the
/// organization is read again and the user's change re-applied, so a colleague's edit in that window survives.
/// </summary>
public class FreshReadBeforeWriteTests
{
    private static void ColleagueSetsHeader(Harness h, string text)
    {
        JsonObject stored = h.StoredAccountOrg;
        ((JsonObject)stored["login_design"]!)["header_text"] = text;
        h.Engine.AddOrganization(false, Harness.Account.Id, stored);
    }

    private static void ColleagueSetsSessionDuration(Harness h, string duration)
    {
        JsonObject stored = h.StoredAccountOrg;
        stored["session_duration"] = duration;
        h.Engine.AddOrganization(false, Harness.Account.Id, stored);
    }

    private static int Gets(Harness h) => h.Engine.Journal.Entries.Count(e => e.Method == "GET");

    private static int Puts(Harness h) => h.Engine.Journal.Entries.Count(e => e.Method == "PUT");

    [Fact]
    public async Task A_plan_older_than_the_bound_is_read_again_and_keeps_a_colleagues_other_field()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ColleagueSetsHeader(h, "colleague");
        h.Clock.Advance(TimeSpan.FromSeconds(30));

        ZtOrganization after = await h.Client.ApplyUpdateAsync(plan, h.Log);

        JsonObject stored = h.StoredAccountOrg;
        Assert.Equal("colleague", stored["login_design"]!["header_text"]!.GetValue<string>());
        Assert.Equal("12h", stored["session_duration"]!.GetValue<string>());
        Assert.Equal("12h", after.SessionDuration);
        Assert.Equal(2, Gets(h));
        Assert.Equal(1, Puts(h));
        Assert.Contains(h.Log.Verbose, line => line.Contains("reading the organization again before the write (the read is 30 s old)"));
    }

    [Fact]
    public async Task A_long_wait_for_rate_limit_budget_before_the_put_is_followed_by_a_fresh_read()
    {
        // Two requests per minute: the plan's GET and one more spend the window, so the PUT waits for the next one.
        using var h = new Harness(o => { o.RateLimitRequests = 2; o.RateLimitWindow = TimeSpan.FromSeconds(60); });
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        await h.Client.GetOrganizationAsync(Harness.Account);
        ColleagueSetsHeader(h, "colleague");

        await h.Client.ApplyUpdateAsync(plan, h.Log);

        Assert.True(h.Clock.TotalWaited >= TimeSpan.FromSeconds(50), $"waited {h.Clock.TotalWaited}");
        JsonObject stored = h.StoredAccountOrg;
        Assert.Equal("colleague", stored["login_design"]!["header_text"]!.GetValue<string>());
        Assert.Equal("12h", stored["session_duration"]!.GetValue<string>());
        Assert.Equal(3, Gets(h));
        Assert.Equal(1, Puts(h));
        Assert.Equal(0, h.Pacer.InFlight);
        Assert.Equal(0, h.Pacer.Throttled);
        Assert.Contains(h.Log.Verbose, line => line.Contains("for rate-limit budget"));
    }

    [Fact]
    public async Task A_fresh_plan_with_no_delay_costs_no_extra_read()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));

        await h.Client.ApplyUpdateAsync(plan, h.Log);

        Assert.Equal(1, Gets(h));
        Assert.Equal(1, Puts(h));
        Assert.Equal(0, h.Pacer.InFlight);
    }

    [Fact]
    public async Task Without_a_question_a_stale_plan_re_applies_the_users_value_over_a_colleagues_value_of_the_same_field()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ColleagueSetsSessionDuration(h, "5h");
        h.Clock.Advance(TimeSpan.FromSeconds(30));

        await h.Client.ApplyUpdateAsync(plan, h.Log);

        Assert.Equal("12h", h.StoredAccountOrg["session_duration"]!.GetValue<string>());
        Assert.Equal(1, Puts(h));
    }
}

/// <summary>The user confirms what is written: a fresh read that changes what a question showed is not written silently.</summary>
public class ConfirmedWriteTests
{
    private static void ColleagueSets(Harness h, Action<JsonObject> edit)
    {
        JsonObject stored = h.StoredAccountOrg;
        edit(stored);
        h.Engine.AddOrganization(false, Harness.Account.Id, stored);
    }

    private static int Gets(Harness h) => h.Engine.Journal.Entries.Count(e => e.Method == "GET");

    private static int Puts(Harness h) => h.Engine.Journal.Entries.Count(e => e.Method == "PUT");

    [Fact]
    public async Task After_a_question_the_organization_is_read_again_even_within_the_bound_and_a_colleagues_other_field_survives()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ColleagueSets(h, o => ((JsonObject)o["login_design"]!)["header_text"] = "colleague");

        OrganizationUpdateResult result = await h.Client.WriteUpdateAsync(plan, UpdateConsent.Asked, h.Log);

        Assert.True(result.Sent);
        Assert.Equal("colleague", h.StoredAccountOrg["login_design"]!["header_text"]!.GetValue<string>());
        Assert.Equal("12h", h.StoredAccountOrg["session_duration"]!.GetValue<string>());
        Assert.Equal(2, Gets(h));
        Assert.Equal(1, Puts(h));
        Assert.Contains(h.Log.Verbose, v => v.Contains("a question was asked about it"));
        Assert.Equal(0, h.Pacer.InFlight);
    }

    [Fact]
    public async Task A_colleagues_value_in_the_field_being_changed_stops_a_confirmed_write_and_carries_the_new_plan()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        string before = plan.Differences.Single().Before;
        ColleagueSets(h, o => o["session_duration"] = "5h");

        var ex = await Assert.ThrowsAsync<ZtOrganizationChangedException>(() => h.Client.WriteUpdateAsync(plan, UpdateConsent.Asked, h.Log));

        Assert.Equal(0, Puts(h));
        Assert.Equal("5h", h.StoredAccountOrg["session_duration"]!.GetValue<string>());
        Assert.Equal("SessionDuration: 5h -> 12h", Assert.Single(ex.Plan.Differences).ToString());
        Assert.Contains(ex.Changes, c => c.Contains($"was {before} when read and is 5h now"));
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal("ZtOrganizationChangedWhileConfirming", info.ErrorId);
        Assert.Equal(ZtErrorCategory.ResourceBusy, info.Category);
        Assert.False(string.IsNullOrEmpty(info.RecommendedAction));
        Assert.Equal(0, h.Pacer.InFlight);
    }

    [Fact]
    public async Task A_change_that_is_now_a_no_op_writes_nothing_and_warns()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ColleagueSets(h, o => o["session_duration"] = "12h");

        OrganizationUpdateResult result = await h.Client.WriteUpdateAsync(plan, UpdateConsent.Asked, h.Log);

        Assert.False(result.Sent);
        Assert.Equal(0, Puts(h));
        Assert.Equal("12h", result.Organization.SessionDuration);
        Assert.Contains(h.Log.Messages, m => m.Level == ZtMessageLevel.Warning && m.Text.Contains("Nothing was written") && m.Text.Contains("SessionDuration is already 12h"));
        Assert.Equal(0, h.Pacer.InFlight);
    }

    [Fact]
    public async Task A_confirmed_write_that_is_still_what_was_shown_costs_one_extra_read_and_no_question()
    {
        using var h = new Harness();
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        h.Clock.Advance(TimeSpan.FromMinutes(3));

        OrganizationUpdateResult result = await h.Client.WriteUpdateAsync(plan, UpdateConsent.Asked, h.Log);

        Assert.True(result.Sent);
        Assert.Equal(2, Gets(h));
        Assert.Equal(1, Puts(h));
    }

    [Fact]
    public async Task Unasked_a_write_that_now_turns_protection_off_stops_for_a_question_and_forced_it_goes_through()
    {
        using var h = new Harness();
        ColleagueSets(h, o => o["deny_unmatched_requests"] = false);
        var change = Changes.Set(("DenyUnmatchedRequests", false), ("SessionDuration", "12h"));
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, change);
        Assert.False(plan.NeedsConfirmation);
        ColleagueSets(h, o => o["deny_unmatched_requests"] = true);
        h.Clock.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<ZtOrganizationChangedException>(() => h.Client.WriteUpdateAsync(plan, UpdateConsent.NotAsked, h.Log));
        Assert.Contains(ex.Changes, c => c.StartsWith("new consequence:") && c.Contains("DenyUnmatchedRequests off"));
        Assert.Equal(0, Puts(h));

        OrganizationUpdateResult forced = await h.Client.WriteUpdateAsync(plan, UpdateConsent.Forced, h.Log);
        Assert.True(forced.Sent);
        Assert.False(h.StoredAccountOrg["deny_unmatched_requests"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_retry_after_a_failed_put_applies_the_same_rule_to_a_confirmed_write()
    {
        using var h = new Harness();
        bool failed = false;
        var handler = new FirstPutFails(new ZeroTrustOrg.Emulator.EmulatorHandler(h.Engine), () =>
        {
            // The PUT fails, and meanwhile a colleague sets the field being changed.
            failed = true;
            ColleagueSets(h, o => o["session_duration"] = "5h");
        });
        using var client = ZtClient.Create(h.Credential, new Uri("http://emulator.test/client/v4"), new TransportSettings { MaxRetries = 2 }, handler, h.Clock, h.Pacer);
        var plan = await client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));

        var ex = await Assert.ThrowsAsync<ZtOrganizationChangedException>(() => client.WriteUpdateAsync(plan, UpdateConsent.Asked, h.Log));

        Assert.True(failed);
        Assert.Contains(ex.Changes, c => c.Contains("is 5h now"));
        Assert.Equal("5h", h.StoredAccountOrg["session_duration"]!.GetValue<string>());
        Assert.Contains(h.Log.Verbose, v => v.Contains("the PUT failed (503)"));
        Assert.Equal(0, h.Pacer.InFlight);
    }

    private sealed class FirstPutFails : System.Net.Http.DelegatingHandler
    {
        private readonly Action _meanwhile;
        private int _puts;

        public FirstPutFails(System.Net.Http.HttpMessageHandler inner, Action meanwhile) : base(inner) => _meanwhile = meanwhile;

        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == System.Net.Http.HttpMethod.Put && Interlocked.Increment(ref _puts) == 1)
            {
                _meanwhile();
                return Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    Content = new System.Net.Http.StringContent("{\"success\":false,\"errors\":[{\"code\":0,\"message\":\"unavailable\"}],\"messages\":[],\"result\":null}"),
                });
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
