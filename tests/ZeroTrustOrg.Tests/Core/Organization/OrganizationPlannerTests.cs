using Xunit;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Organization;

public class OrganizationPlannerTests
{
    private static readonly ZtScope Account = ZtScope.Account("699d98642c564d2e855e9661899b7252");
    private static readonly ZtScope Zone = ZtScope.Zone("023e105f4ecef8ad9ca31a8372d0c353");

    private static JsonObject CurrentAccountOrg() => new()
    {
        ["name"] = "Example",
        ["auth_domain"] = "example.cloudflareaccess.com",
        ["session_duration"] = "24h",
        ["deny_unmatched_requests"] = true,
        ["login_design"] = new JsonObject { ["header_text"] = "Hello", ["footer_text"] = "Bye", ["text_color"] = "#000000" },
        ["created_at"] = "2025-01-01T00:00:00.12345Z",
        ["updated_at"] = "2025-01-02T00:00:00Z",
        ["trusted_accounts"] = new JsonArray(),
        ["future_field"] = new JsonObject { ["nested"] = 1 },
    };

    [Fact]
    public void Set_with_one_field_keeps_all_others_and_drops_read_only_fields()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", "12h")), Account, CurrentAccountOrg());

        Assert.Equal("12h", plan.Body["session_duration"]!.GetValue<string>());
        Assert.Equal("Example", plan.Body["name"]!.GetValue<string>());
        Assert.True(plan.Body["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.Equal("Bye", plan.Body["login_design"]!["footer_text"]!.GetValue<string>());
        Assert.False(plan.Body.ContainsKey("created_at"));
        Assert.False(plan.Body.ContainsKey("updated_at"));
        Assert.False(plan.Body.ContainsKey("trusted_accounts"));
        Assert.Equal("SessionDuration: 24h -> 12h", Assert.Single(plan.Differences).ToString());
    }

    [Fact]
    public void Unknown_fields_survive_the_round_trip()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("Name", "Renamed")), Account, CurrentAccountOrg());
        Assert.Equal(1, plan.Body["future_field"]!["nested"]!.GetValue<int>());
    }

    [Fact]
    public void Nested_objects_merge_key_by_key_and_null_clears_a_key()
    {
        var change = new OrganizationChange();
        change.MergeObject("LoginDesign", Changes.Keys(("HeaderText", "Welcome"), ("footer_text", null)), "LoginDesign");

        var plan = OrganizationPlanner.PlanUpdate(change, Account, CurrentAccountOrg());

        var design = plan.Body["login_design"]!.AsObject();
        Assert.Equal("Welcome", design["header_text"]!.GetValue<string>());
        Assert.False(design.ContainsKey("footer_text"));
        Assert.Equal("#000000", design["text_color"]!.GetValue<string>());
        Assert.Contains(plan.Differences, d => d.ToString() == "LoginDesign.HeaderText: Hello -> Welcome");
        Assert.Contains(plan.Differences, d => d.ToString() == "LoginDesign.FooterText: Bye -> (not set)");
    }

    [Fact]
    public void Clearing_a_top_level_field_sends_an_explicit_null()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", null)), Account, CurrentAccountOrg());
        Assert.True(plan.Body.ContainsKey("session_duration"));
        Assert.Null(plan.Body["session_duration"]);
    }

    [Fact]
    public void Turning_deny_unmatched_off_warns()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("DenyUnmatchedRequests", false)), Account, CurrentAccountOrg());
        Assert.Contains(plan.Warnings, w => w.Contains("DenyUnmatchedRequests off"));
        Assert.Equal("DenyUnmatchedRequests: True -> False", Assert.Single(plan.Differences).ToString());
    }

    [Fact]
    public void Changing_the_team_domain_warns_about_sign_outs()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("AuthDomain", "new.cloudflareaccess.com")), Account, CurrentAccountOrg());
        Assert.Contains(plan.Warnings, w => w.Contains("signed out"));
    }

    [Fact]
    public void Same_value_is_no_change_and_false_equals_absent()
    {
        var current = CurrentAccountOrg();
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", "24h"), ("AutoRedirectToIdentity", false)), Account, current);
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Zone_plan_writes_only_zone_fields()
    {
        var current = new JsonObject
        {
            ["name"] = "Zone org",
            ["auth_domain"] = "zone.cloudflareaccess.com",
            ["deny_unmatched_requests"] = false,
            ["deny_unmatched_requests_exempted_zone_names"] = new JsonArray(),
            ["login_design"] = new JsonObject(),
        };

        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("IsUiReadOnly", true)), Zone, current);

        Assert.Equal(new[] { "auth_domain", "is_ui_read_only", "login_design", "name" }, plan.Body.Select(p => p.Key).OrderBy(k => k));
    }

    [Fact]
    public void Desired_state_skips_fields_the_scope_cannot_write_instead_of_failing()
    {
        var change = new OrganizationChange();
        change.AddDesiredState(new JsonObject { ["name"] = "Zone org", ["session_duration"] = "8h", ["created_at"] = "x", ["AccountId"] = "ignored" });

        var plan = OrganizationPlanner.PlanUpdate(change, Zone, new JsonObject { ["name"] = "Old", ["auth_domain"] = "zone.cloudflareaccess.com" });

        Assert.Equal("Zone org", plan.Body["name"]!.GetValue<string>());
        Assert.False(plan.Body.ContainsKey("session_duration"));
        Assert.Contains(plan.Notes, n => n.Contains("session_duration") && n.Contains("account organizations only"));
    }

    [Fact]
    public void Desired_state_from_a_typed_organization_reproduces_it_exactly()
    {
        var org = ZtClient.ToOrganization(CurrentAccountOrg(), Account);
        var change = new OrganizationChange();
        change.AddDesiredState(org);

        var plan = OrganizationPlanner.PlanUpdate(change, Account, CurrentAccountOrg());

        Assert.False(plan.HasChanges, plan.DescribeDifferences());
        Assert.Equal(1, plan.Body["future_field"]!["nested"]!.GetValue<int>());
    }

    [Fact]
    public void Legacy_piv_field_name_is_moved_to_the_current_name()
    {
        var current = CurrentAccountOrg();
        current["mfa_ssh_piv_key_requirements"] = new JsonObject { ["pin_policy"] = "once" };
        current["mfa_configuration_allowed"] = true;

        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("Name", "X")), Account, current);

        Assert.Equal("once", plan.Body["mfa_piv_key_requirements"]!["pin_policy"]!.GetValue<string>());
        Assert.False(plan.Body.ContainsKey("mfa_ssh_piv_key_requirements"));
        Assert.False(plan.Body.ContainsKey("mfa_configuration_allowed"));
    }

    [Fact]
    public void Create_body_holds_only_what_was_given_and_needs_name_and_domain()
    {
        var body = OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "New"), ("AuthDomain", "New.CloudflareAccess.com"), ("SessionDuration", "8h")), Account, out _);
        Assert.Equal(new[] { "auth_domain", "name", "session_duration" }, body.Select(p => p.Key).OrderBy(k => k));
        Assert.Equal("new.cloudflareaccess.com", body["auth_domain"]!.GetValue<string>());

        var ex = Assert.Throws<ZtValidationException>(() => OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "New")), Account, out _));
        Assert.Equal("AuthDomain", ex.Parameter);
    }

    [Fact]
    public void Legacy_authenticator_name_is_accepted_and_sent_as_the_current_one()
    {
        var change = new OrganizationChange();
        change.MergeObject("MfaConfig", Changes.Keys(("AllowedAuthenticators", new[] { "TOTP", "ssh_piv_key" }), ("SessionDuration", "12h")), "MfaConfig");
        var plan = OrganizationPlanner.PlanUpdate(change, Account, CurrentAccountOrg());
        Assert.Equal(new[] { "totp", "piv_key" }, plan.Body["mfa_config"]!["allowed_authenticators"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Warp_sign_in_needs_a_warp_session_duration_in_the_result()
    {
        var ex = Assert.Throws<ZtValidationException>(() =>
            OrganizationPlanner.PlanUpdate(Changes.Set(("AllowAuthenticateViaWarp", true)), Account, CurrentAccountOrg()));
        Assert.Equal("AllowAuthenticateViaWarp", ex.Parameter);

        var current = CurrentAccountOrg();
        current["warp_auth_session_duration"] = "24h";
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("AllowAuthenticateViaWarp", true)), Account, current);
        Assert.True(plan.Body["allow_authenticate_via_warp"]!.GetValue<bool>());
    }
}
