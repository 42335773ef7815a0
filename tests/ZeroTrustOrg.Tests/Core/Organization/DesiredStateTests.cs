using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Surface;

namespace ZeroTrustOrg.Tests.Core.Organization;

/// <summary>Desired state means what it says: only organization fields, only what was changed, checked before any write.</summary>
public class DesiredStateTests
{
    private static readonly ZtScope Account = ZtScope.Account("699d98642c564d2e855e9661899b7252");
    private static readonly ZtScope Zone = ZtScope.Zone("023e105f4ecef8ad9ca31a8372d0c353");

    private static JsonObject Current() => new()
    {
        ["name"] = "Example",
        ["auth_domain"] = "example.cloudflareaccess.com",
        ["session_duration"] = "24h",
        ["deny_unmatched_requests"] = true,
        ["login_design"] = new JsonObject { ["header_text"] = "Hello", ["footer_text"] = "Bye", ["corner_radius"] = "4px" },
        ["created_at"] = "2025-01-01T00:00:00Z",
        ["future_field"] = "on",
    };

    private static OrganizationUpdatePlan Plan(JsonObject desired, JsonObject? current = null, ZtScope? scope = null)
    {
        var change = new OrganizationChange();
        change.AddDesiredState(desired);
        return OrganizationPlanner.PlanUpdate(change, scope ?? Account, current ?? Current());
    }

    private static ZtValidationException Refusal(JsonObject desired) =>
        Assert.Throws<ZtValidationException>(() => Plan(desired));

    [Fact]
    public void A_misspelt_api_name_is_refused_with_the_api_name_suggested()
    {
        var refused = Refusal(new JsonObject { ["sesion_duration"] = "12h" });

        Assert.Contains("'sesion_duration' (did you mean 'session_duration'?)", refused.Message);
        Assert.Equal("InputObject", refused.Parameter);
    }

    [Fact]
    public void A_misspelt_PowerShell_name_is_refused_with_the_PowerShell_name_suggested()
    {
        var refused = Refusal(new JsonObject { ["SesionDuration"] = "1h" });

        Assert.Contains("'SesionDuration' (did you mean 'SessionDuration'?)", refused.Message);
    }

    [Fact]
    public void A_foreign_property_is_refused_without_a_far_fetched_suggestion()
    {
        var refused = Refusal(new JsonObject { ["Email"] = "jane@example.com", ["Name"] = "Jane" });

        Assert.Contains("'Email'", refused.Message);
        Assert.DoesNotContain("did you mean", refused.Message);
    }

    [Fact]
    public void Every_foreign_property_is_named_in_one_refusal()
    {
        // A saved Get-ZtOrganization object (ConvertTo-Json) carries the module's own properties; those are not strangers.
        var refused = Refusal(new JsonObject
        {
            ["Id"] = "x", ["ClientId"] = "y", ["name"] = "ok",
            ["AccountId"] = Account.Id, ["Scope"] = "Account", ["UnknownFieldNames"] = new JsonArray(), ["IsEmulator"] = true, ["$schema"] = DesiredStateFile.SchemaUri,
        });

        Assert.Contains("2 properties", refused.Message);
        Assert.Contains("'Id'", refused.Message);
        Assert.Contains("'ClientId'", refused.Message);
    }

    [Fact]
    public void A_field_the_server_returns_but_the_module_does_not_model_can_be_set()
    {
        var plan = Plan(new JsonObject { ["FutureField"] = "off" });

        Assert.Equal("off", plan.Body["future_field"]!.GetValue<string>());
        Assert.False(plan.Body.ContainsKey("FutureField"));
        Assert.Equal("future_field", Assert.Single(plan.Differences).Path);
    }

    [Fact]
    public void A_nested_key_the_server_returns_can_be_set_and_a_misspelt_one_is_refused()
    {
        var plan = Plan(new JsonObject { ["login_design"] = new JsonObject { ["corner_radius"] = "8px" } });
        Assert.Equal("8px", plan.Body["login_design"]!["corner_radius"]!.GetValue<string>());
        Assert.Equal("Hello", plan.Body["login_design"]!["header_text"]!.GetValue<string>());

        var refused = Refusal(new JsonObject { ["login_design"] = new JsonObject { ["header_txt"] = "Hi" } });
        Assert.Contains("'header_txt' in login_design (did you mean 'header_text'?)", refused.Message);
    }

    [Fact]
    public void Input_nested_deeper_than_the_organization_is_refused_before_any_request()
    {
        JsonNode deep = JsonValue.Create(1)!;
        for (int i = 0; i < 100; i++)
        {
            deep = new JsonObject { ["x"] = deep };
        }

        var change = new OrganizationChange();
        var refused = Assert.Throws<ZtValidationException>(() => change.AddDesiredState(new JsonObject { ["future_field"] = deep }));

        Assert.Contains("nests 101 levels deep", refused.Message);
        Assert.True(change.IsEmpty);
    }

    [Fact]
    public void The_deepest_organization_field_is_accepted()
    {
        var plan = Plan(new JsonObject { ["mfa_config"] = new JsonObject { ["allowed_authenticators"] = new JsonArray("totp") } });

        Assert.Equal("mfa_config.allowed_authenticators", Assert.Single(plan.Differences).Path);
    }

    [Fact]
    public void Read_only_fields_are_ignored_with_a_note()
    {
        var plan = Plan(new JsonObject { ["created_at"] = "2030-01-01T00:00:00Z", ["UpdatedAt"] = "2030-01-01T00:00:00Z" });

        Assert.False(plan.HasChanges);
        Assert.Contains(plan.Notes, n => n == "InputObject.created_at was ignored: CreatedAt is set by Cloudflare and cannot be written.");
        Assert.Contains(plan.Notes, n => n.StartsWith("InputObject.UpdatedAt was ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void A_typed_organization_applies_only_what_was_changed_on_it_since_it_was_read()
    {
        ZtOrganization mine = ZtClient.ToOrganization(Current(), Account);
        JsonObject newer = Current();
        newer["login_design"]!["header_text"] = "Changed by a colleague";
        newer["name"] = "Renamed by a colleague";
        mine.SessionDuration = "4h";

        var change = new OrganizationChange();
        change.AddDesiredState(mine);
        var plan = OrganizationPlanner.PlanUpdate(change, Account, newer);

        Assert.Equal("session_duration", Assert.Single(plan.Differences).Path);
        Assert.Equal("Changed by a colleague", plan.Body["login_design"]!["header_text"]!.GetValue<string>());
        Assert.Equal("Renamed by a colleague", plan.Body["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_nested_key_cleared_on_a_typed_organization_is_cleared_and_its_siblings_kept()
    {
        ZtOrganization mine = ZtClient.ToOrganization(Current(), Account);
        mine.LoginDesign!.FooterText = null;

        var change = new OrganizationChange();
        change.AddDesiredState(mine);
        var plan = OrganizationPlanner.PlanUpdate(change, Account, Current());

        Assert.Equal("login_design.footer_text", Assert.Single(plan.Differences).Path);
        Assert.False(plan.Body["login_design"]!.AsObject().ContainsKey("footer_text"));
        Assert.Equal("4px", plan.Body["login_design"]!["corner_radius"]!.GetValue<string>());
    }

    [Fact]
    public void An_unread_typed_organization_is_desired_state_in_full()
    {
        var built = new ZtOrganization { Name = "Built by hand" };

        var change = new OrganizationChange();
        change.AddDesiredState(built);
        var plan = OrganizationPlanner.PlanUpdate(change, Account, Current());

        Assert.Equal("name", Assert.Single(plan.Differences).Path);
    }

    [Fact]
    public void An_export_starts_with_the_schema_and_the_scope_and_keeps_the_field_order()
    {
        var file = JsonNode.Parse(DesiredStateFile.Export(Current(), Account))!.AsObject();
        var keys = file.Select(p => p.Key).ToList();

        Assert.Equal(new[] { "$schema", "account_id", "name", "auth_domain", "session_duration" }, keys.Take(5));
        Assert.Equal(DesiredStateFile.UnmodelledProperty, keys.Last());
        Assert.Equal(DesiredStateFile.SchemaUri, file["$schema"]!.GetValue<string>());
        Assert.Equal(Account.Id, file["account_id"]!.GetValue<string>());
        Assert.DoesNotContain("created_at", keys);
        Assert.Equal(new[] { "header_text", "footer_text" }, file["login_design"]!.AsObject().Select(p => p.Key));
        Assert.Equal("on", file[DesiredStateFile.UnmodelledProperty]!["future_field"]!.GetValue<string>());
        Assert.Equal("4px", file[DesiredStateFile.UnmodelledProperty]!["login_design"]!["corner_radius"]!.GetValue<string>());
    }

    [Fact]
    public void An_export_invents_no_value_the_answer_left_out()
    {
        var file = JsonNode.Parse(DesiredStateFile.Export(Current(), Account))!.AsObject();

        foreach (string absent in new[] { "allow_authenticate_via_warp", "auto_redirect_to_identity", "strict_service_token_auth", "warp_auth_non_browser_401", "mfa_required_for_all_apps", "is_ui_read_only" })
        {
            Assert.False(file.ContainsKey(absent), absent + " was invented");
        }

        Assert.True(file["deny_unmatched_requests"]!.GetValue<bool>());
    }

    [Fact]
    public void An_export_leaves_out_every_response_only_field()
    {
        JsonObject live = Current();
        live["cache_device_posture"] = true;
        live["has_migrated_private_apps"] = true;
        live["updated_at"] = "2025-01-23T22:25:57Z";
        live["trusted_accounts"] = new JsonArray("abc");

        string text = DesiredStateFile.Export(live, Account);

        foreach (string field in new[] { "created_at", "updated_at", "cache_device_posture", "has_migrated_private_apps", "trusted_accounts" })
        {
            Assert.DoesNotContain("\"" + field + "\"", text);
        }
    }

    [Fact]
    public void An_export_writes_an_odd_value_in_its_fields_form_and_leaves_out_one_without_a_clear_meaning()
    {
        JsonObject live = Current();
        live["allow_authenticate_via_warp"] = "false";
        live["session_duration"] = 86400;
        var notes = new List<string>();

        var file = JsonNode.Parse(DesiredStateFile.Export(live, Account, notes))!.AsObject();

        Assert.False(file["allow_authenticate_via_warp"]!.GetValue<bool>());
        Assert.False(file.ContainsKey("session_duration"));
        Assert.Contains(notes, n => n.StartsWith("session_duration", StringComparison.Ordinal));
    }

    [Fact]
    public void An_export_applied_back_puts_unmodelled_fields_where_cloudflare_has_them_and_changes_nothing()
    {
        var file = DesiredStateFile.Parse(DesiredStateFile.Export(Current(), Account), "export.json");

        var plan = Plan(file);

        Assert.False(plan.HasChanges);
        Assert.Equal("on", plan.Body["future_field"]!.GetValue<string>());
        Assert.Equal("4px", plan.Body["login_design"]!["corner_radius"]!.GetValue<string>());
    }

    [Fact]
    public void An_unmodelled_field_in_a_file_that_cloudflare_no_longer_returns_is_refused()
    {
        var desired = new JsonObject { [DesiredStateFile.UnmodelledProperty] = new JsonObject { ["futur_field"] = "on" } };

        var refused = Refusal(desired);

        Assert.Contains("futur_field", refused.Message);
    }

    [Fact]
    public void A_zone_export_names_the_zone_and_leaves_out_account_only_fields()
    {
        var file = JsonNode.Parse(DesiredStateFile.Export(Current(), Zone))!.AsObject();

        Assert.Equal(Zone.Id, file["zone_id"]!.GetValue<string>());
        Assert.False(file.ContainsKey("account_id"));
        Assert.False(file.ContainsKey("session_duration"));
        Assert.False(file.ContainsKey("deny_unmatched_requests"));
    }

    [Fact]
    public void An_exported_file_applied_to_the_same_organization_changes_nothing()
    {
        string text = DesiredStateFile.Export(Current(), Account);

        var plan = Plan(DesiredStateFile.Parse(text, "org.json"));

        Assert.False(plan.HasChanges, plan.DescribeDifferences());
        Assert.Equal((Account.Id, (string?)null), DesiredStateFile.ScopeOf(DesiredStateFile.Parse(text, "org.json").Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))));
    }

    [Fact]
    public void Two_exports_of_the_same_state_are_the_same_text()
    {
        JsonObject shuffled = new();
        foreach (var property in Current().Reverse())
        {
            shuffled[property.Key] = property.Value?.DeepClone();
        }

        Assert.Equal(DesiredStateFile.Export(Current(), Account), DesiredStateFile.Export(shuffled, Account));
    }

    [Fact]
    public void A_difference_names_the_field_by_its_api_path_with_plain_values()
    {
        var plan = Plan(new JsonObject { ["login_design"] = new JsonObject { ["header_text"] = "Welcome" }, ["deny_unmatched_requests"] = false });

        var differences = ZtOrganizationDifference.From(plan);

        var header = differences.Single(d => d.Field == "login_design.header_text");
        Assert.Equal("Hello", header.Current);
        Assert.Equal("Welcome", header.Desired);
        Assert.Equal("Account", header.Scope);
        Assert.Equal(Account.Id, header.AccountId);
        var deny = differences.Single(d => d.Field == "deny_unmatched_requests");
        Assert.Equal(true, deny.Current);
        Assert.Equal(false, deny.Desired);
        Assert.Equal("{\"Field\":\"deny_unmatched_requests\",\"Current\":true,\"Desired\":false,\"Scope\":\"Account\"}",
            JsonSerializer.Serialize(new { deny.Field, deny.Current, deny.Desired, deny.Scope }));
    }

    [Fact]
    public void A_test_result_is_in_sync_only_without_differences()
    {
        Assert.True(ZtOrganizationTestResult.From(Plan(new JsonObject { ["name"] = "Example" })).InSync);
        Assert.False(ZtOrganizationTestResult.From(Plan(new JsonObject { ["name"] = "Other" })).InSync);
    }

    [Theory]
    [InlineData("auth_domain", "other.cloudflareaccess.com", true)]
    [InlineData("deny_unmatched_requests", false, true)]
    [InlineData("session_duration", "12h", false)]
    public void Sign_outs_and_protection_turned_off_need_confirmation(string field, object value, bool needsConfirmation)
    {
        var plan = Plan(new JsonObject { [field] = JsonValues.FromClr(value) });

        Assert.Equal(needsConfirmation, plan.NeedsConfirmation);
    }

    [Theory]
    [InlineData("sesion_duration", "session_duration")]
    [InlineData("SessionDuraton", "SessionDuration")]
    [InlineData("authdomian", "auth_domain")]
    [InlineData("Email", null)]
    [InlineData("BaseUri", null)]
    public void Suggestions_come_only_for_near_misses(string typed, string? expected)
    {
        Assert.Equal(expected, NameSuggestion.ForField(typed, OrganizationFields.All));
    }

    [Fact]
    public void The_shipped_schema_describes_exactly_the_writable_fields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "src", "ZeroTrustOrg", DesiredStateFile.SchemaFileName)));
        var properties = schema.RootElement.GetProperty("properties");
        var names = properties.EnumerateObject().Select(p => p.Name).ToHashSet();
        var writable = OrganizationFields.All.Where(f => !f.ReadOnly).Select(f => f.JsonName).ToHashSet();

        Assert.Equal(writable.Concat(new[] { "$schema", "account_id", "zone_id", DesiredStateFile.UnmodelledProperty }).OrderBy(n => n), names.OrderBy(n => n));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        foreach (FieldSpec field in OrganizationFields.All.Where(f => f.Kind == FieldKind.Object))
        {
            var children = properties.GetProperty(field.JsonName).GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.Equal(field.Children!.Select(c => c.JsonName).OrderBy(n => n), children.OrderBy(n => n));
        }
    }
}
