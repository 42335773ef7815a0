using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Organization;

/// <summary>One meaning of "equal" (docs/cloudflare-api.md#when-two-values-are-equal): no false drift, and a real difference is still one.</summary>
public class FieldEqualityTests
{
    private static readonly ZtScope Account = ZtScope.Account("699d98642c564d2e855e9661899b7252");

    private static JsonObject Current() => new()
    {
        ["name"] = "Example",
        ["auth_domain"] = "example.cloudflareaccess.com",
        ["session_duration"] = "24h0m0s",
        ["deny_unmatched_requests_exempted_zone_names"] = new JsonArray("b.example.com", "a.example.com"),
        ["mfa_config"] = new JsonObject { ["allowed_authenticators"] = new JsonArray("security_key", "totp"), ["session_duration"] = "24h" },
        ["mfa_piv_key_requirements"] = new JsonObject { ["ssh_key_type"] = new JsonArray("rsa", "ecdsa"), ["ssh_key_size"] = new JsonArray(4096, 256) },
        ["login_design"] = new JsonObject(),
        ["ui_read_only_toggle_reason"] = "",
    };

    private static OrganizationUpdatePlan Desired(JsonObject desired)
    {
        var change = new OrganizationChange();
        change.AddDesiredState(desired);
        return OrganizationPlanner.PlanUpdate(change, Account, Current());
    }

    private static FieldSpec Field(string name) => OrganizationFields.Find(name)!;

    [Theory]
    [InlineData("24h", "24h0m0s")]
    [InlineData("24h", "1440m")]
    [InlineData("1h30m", "90m")]
    public void Durations_compare_by_value(string a, string b) =>
        Assert.True(FieldEquality.Same(Field("session_duration"), JsonValue.Create(a), JsonValue.Create(b)));

    [Fact]
    public void Another_duration_is_a_difference() =>
        Assert.False(FieldEquality.Same(Field("session_duration"), JsonValue.Create("24h"), JsonValue.Create("12h")));

    [Theory]
    [InlineData("auto_redirect_to_identity", "false")]
    [InlineData("ui_read_only_toggle_reason", "\"\"")]
    [InlineData("deny_unmatched_requests_exempted_zone_names", "[]")]
    [InlineData("login_design", "{}")]
    [InlineData("deny_unmatched_requests", "\"false\"")]
    public void Absent_null_and_empty_are_equal(string field, string empty)
    {
        Assert.True(FieldEquality.Same(Field(field), null, JsonNode.Parse(empty)));
        Assert.True(FieldEquality.Same(Field(field), JsonNode.Parse("null"), JsonNode.Parse(empty)));
    }

    [Fact]
    public void True_and_absent_are_not_equal() =>
        Assert.False(FieldEquality.Same(Field("deny_unmatched_requests"), null, JsonValue.Create(true)));

    [Fact]
    public void Sets_compare_in_any_order_and_a_missing_member_is_a_difference()
    {
        FieldSpec authenticators = Field("mfa_config").FindChild("allowed_authenticators")!;

        Assert.True(FieldEquality.Same(authenticators, new JsonArray("totp", "security_key"), new JsonArray("security_key", "totp")));
        Assert.False(FieldEquality.Same(authenticators, new JsonArray("totp", "security_key"), new JsonArray("totp")));
    }

    [Fact]
    public void A_desired_state_equal_under_the_rules_is_in_sync_and_sends_nothing()
    {
        var plan = Desired(new JsonObject
        {
            ["session_duration"] = "24h",
            ["deny_unmatched_requests_exempted_zone_names"] = new JsonArray("a.example.com", "b.example.com"),
            ["mfa_config"] = new JsonObject { ["allowed_authenticators"] = new JsonArray("totp", "security_key"), ["session_duration"] = "1440m" },
            ["mfa_piv_key_requirements"] = new JsonObject { ["ssh_key_type"] = new JsonArray("ecdsa", "rsa"), ["ssh_key_size"] = new JsonArray(256, 4096) },
            ["auto_redirect_to_identity"] = false,
            ["ui_read_only_toggle_reason"] = null,
            ["login_design"] = new JsonObject(),
        });

        Assert.False(plan.HasChanges);
        Assert.Equal("24h0m0s", plan.Body["session_duration"]!.GetValue<string>());
        Assert.Contains(plan.Notes, n => n.Contains("SessionDuration") && n.Contains("durations compare by value"));
    }

    [Fact]
    public void A_real_difference_is_still_one_difference_each()
    {
        var plan = Desired(new JsonObject
        {
            ["session_duration"] = "12h",
            ["mfa_config"] = new JsonObject { ["allowed_authenticators"] = new JsonArray("totp") },
        });

        Assert.Equal(new[] { "mfa_config.allowed_authenticators", "session_duration" }, plan.Differences.Select(d => d.Path).OrderBy(p => p));
    }

    [Fact]
    public void Set_with_an_equal_duration_keeps_cloudflares_own_form()
    {
        var plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", "24h"), ("Name", "Renamed")), Account, Current());

        Assert.Equal("name", Assert.Single(plan.Differences).Path);
        Assert.Equal("24h0m0s", plan.Body["session_duration"]!.GetValue<string>());
    }
}
