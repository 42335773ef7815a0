using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class OrganizationLifecycleTests
{
    private static readonly string[] AccountFields =
    {
        "name", "auth_domain", "allow_authenticate_via_warp", "custom_pages", "deny_unmatched_requests",
        "deny_unmatched_requests_exempted_zone_names", "is_ui_read_only", "ui_read_only_toggle_reason", "login_design",
        "session_duration", "user_seat_expiration_inactive_time", "warp_auth_session_duration", "warp_auth_non_browser_401",
        "mfa_config", "mfa_required_for_all_apps", "mfa_piv_key_requirements", "service_token_inactivity",
        "strict_service_token_auth", "trusted_accounts", "created_at", "updated_at",
    };

    private static readonly string[] ZoneFields =
    {
        "name", "auth_domain", "deny_unmatched_requests", "deny_unmatched_requests_exempted_zone_names", "is_ui_read_only",
        "ui_read_only_toggle_reason", "login_design", "user_seat_expiration_inactive_time", "created_at", "updated_at",
    };

    [Fact]
    public async Task Seeded_account_organization_has_every_account_field()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(AccountFields, answer.Result.Select(p => p.Key));
        Assert.Equal("example-team.cloudflareaccess.com", answer.Result["auth_domain"]!.GetValue<string>());
        Assert.Equal("24h", answer.Result["session_duration"]!.GetValue<string>());
        Assert.Equal("730h", answer.Result["user_seat_expiration_inactive_time"]!.GetValue<string>());
        Assert.True(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", answer.Result["created_at"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", answer.Result["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seeded_zone_organization_has_the_zone_shape_only()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.ZoneOrganization()));

        Assert.Equal(ZoneFields, answer.Result.Select(p => p.Key));
        Assert.False(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.Empty(answer.Result["deny_unmatched_requests_exempted_zone_names"]!.AsArray());
    }

    [Fact]
    public async Task Get_omits_auto_redirect_to_identity_while_it_is_false()
    {
        var emulator = new TestEmulator();

        var whenFalse = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("auto_redirect_to_identity", true))));
        var whenTrue = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.False(whenFalse.Result.ContainsKey("auto_redirect_to_identity"));
        Assert.True(emulator.StoredAccountOrganization()["auto_redirect_to_identity"]!.GetValue<bool>());
        Assert.True(whenTrue.Result["auto_redirect_to_identity"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_returns_explicit_defaults_for_deny_unmatched_and_login_design()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.False(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.Empty(answer.Result["deny_unmatched_requests_exempted_zone_names"]!.AsArray());
        Assert.Empty(answer.Result["login_design"]!.AsObject());
        Assert.Empty(answer.Result["trusted_accounts"]!.AsArray());
        Assert.False(emulator.StoredAccountOrganization().ContainsKey("deny_unmatched_requests"));
    }

    [Fact]
    public async Task Empty_ui_read_only_toggle_reason_is_kept_as_empty_string()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("ui_read_only_toggle_reason", ""))));

        Assert.Equal(200, answer.Status);
        Assert.Equal("", answer.Result["ui_read_only_toggle_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Trusted_accounts_is_in_get_but_not_in_write_responses()
    {
        var emulator = new TestEmulator();

        var get = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var put = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), new JsonObject()));

        Assert.True(get.Result.ContainsKey("trusted_accounts"));
        Assert.False(put.Result.ContainsKey("trusted_accounts"));
    }

    [Theory]
    [InlineData(false, "account")]
    [InlineData(true, "zone")]
    public async Task Get_without_organization_is_not_enabled_9999(bool zone, string scopeWord)
    {
        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Get(Paths.Organization(zone)));

        Assert.Equal(404, answer.Status);
        Assert.Equal(9999, answer.ErrorCode);
        Assert.Equal($"access.api.error.not_enabled: Access is not enabled for this {scopeWord}", answer.ErrorMessage);
    }

    [Fact]
    public async Task Put_without_organization_is_not_enabled_9999()
    {
        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "x"))));

        Assert.Equal(404, answer.Status);
        Assert.Equal(9999, answer.ErrorCode);
    }

    [Fact]
    public async Task Create_then_get_returns_what_was_created()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        var body = Json.NewOrganization();
        body["session_duration"] = "8h";

        var created = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), body));
        var read = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(201, created.Status);
        Assert.Equal("8h", read.Result["session_duration"]!.GetValue<string>());
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), read.Result["created_at"]!.GetValue<string>());
        Assert.Equal(read.Result["created_at"]!.GetValue<string>(), read.Result["updated_at"]!.GetValue<string>());
        Assert.Equal(1, emulator.Engine.Journal.CountApplied(JournalOperation.CreateOrganization));
    }

    [Theory]
    [InlineData(false, "account")]
    [InlineData(true, "zone")]
    public async Task Create_when_an_organization_exists_is_409_12131(bool zone, string scopeWord)
    {
        var emulator = new TestEmulator();
        var before = zone ? emulator.StoredZoneOrganization() : emulator.StoredAccountOrganization();

        var answer = await emulator.SendAsync(Call.Post(Paths.Organization(zone), Json.NewOrganization()));

        Assert.Equal(409, answer.Status);
        Assert.Equal(12131, answer.ErrorCode);
        Assert.Equal($"access.api.error.organization_already_exists: an Access organization already exists for this {scopeWord}", answer.ErrorMessage);
        var after = zone ? emulator.StoredZoneOrganization() : emulator.StoredAccountOrganization();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("auth_domain")]
    public async Task Create_requires_name_and_auth_domain(string missing)
    {
        var body = Json.NewOrganization();
        body.Remove(missing);

        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Post(Paths.AccountOrganization(), body));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal($"access.api.error.invalid_request: {missing} is required", answer.ErrorMessage);
        Assert.Equal("/" + missing, answer.Pointer);
    }

    [Fact]
    public async Task Create_with_null_name_counts_as_missing()
    {
        var body = Json.NewOrganization();
        body["name"] = null;

        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Post(Paths.AccountOrganization(), body));

        Assert.Equal("/name", answer.Pointer);
    }

    [Fact]
    public async Task Auth_domain_must_be_unique_across_accounts_and_zones()
    {
        var emulator = new TestEmulator();
        emulator.Engine.EnableAccount(Paths.OtherAccountId);

        var answer = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(Paths.OtherAccountId),
            Json.NewOrganization(authDomain: "EXAMPLE-zone.cloudflareaccess.com")));

        Assert.Equal(409, answer.Status);
        Assert.Equal(12132, answer.ErrorCode);
        Assert.Equal("/auth_domain", answer.Pointer);
        Assert.StartsWith("access.api.error.auth_domain_taken: ", answer.ErrorMessage);
        Assert.Null(emulator.Engine.GetStoredOrganization(false, Paths.OtherAccountId));
    }

    [Fact]
    public async Task Put_moving_to_a_taken_auth_domain_is_409_and_keeping_ones_own_is_fine()
    {
        var emulator = new TestEmulator();

        var taken = await emulator.SendAsync(Call.Put(Paths.ZoneOrganization(), Json.Object(("auth_domain", "example-team.cloudflareaccess.com"))));
        var own = await emulator.SendAsync(Call.Put(Paths.ZoneOrganization(), Json.Object(("auth_domain", "example-zone.cloudflareaccess.com"))));

        Assert.Equal(12132, taken.ErrorCode);
        Assert.Equal(200, own.Status);
    }

    [Fact]
    public async Task Create_ignores_custom_pages_by_default()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        var body = Json.NewOrganization();
        body["custom_pages"] = Json.Object(("forbidden", "699d98642c564d2e855e9661899b7252"));

        var answer = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), body));

        Assert.Equal(201, answer.Status);
        Assert.False(emulator.StoredAccountOrganization().ContainsKey("custom_pages"));
    }

    [Fact]
    public async Task Create_with_custom_pages_is_refused_in_strict_mode()
    {
        var body = Json.NewOrganization();
        body["custom_pages"] = Json.Object(("forbidden", "699d98642c564d2e855e9661899b7252"));

        var answer = await new TestEmulator(o => { o.Seed = false; o.Strict = true; }).SendAsync(Call.Post(Paths.AccountOrganization(), body));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal("/custom_pages", answer.Pointer);
    }

    [Fact]
    public async Task Put_accepts_custom_pages()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("custom_pages", Json.Object(("identity_denied", "699d98642c564d2e855e9661899b7252"))))));

        Assert.Equal("699d98642c564d2e855e9661899b7252", answer.Result["custom_pages"]!["identity_denied"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_in_merge_mode_keeps_omitted_fields()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "12h"))));

        Assert.Equal(200, answer.Status);
        Assert.Equal("12h", answer.Result["session_duration"]!.GetValue<string>());
        Assert.True(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.Equal("Example Team", answer.Result["name"]!.GetValue<string>());
        Assert.Equal("24h", answer.Result["warp_auth_session_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_with_an_empty_body_changes_only_updated_at()
    {
        var emulator = new TestEmulator();
        var before = emulator.StoredAccountOrganization();
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization()));

        Assert.Equal(200, answer.Status);
        var after = emulator.StoredAccountOrganization();
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), after["updated_at"]!.GetValue<string>());
        after.Remove("updated_at");
        before.Remove("updated_at");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Put_with_null_clears_a_field()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", null))));

        Assert.Equal(200, answer.Status);
        Assert.False(answer.Result.ContainsKey("session_duration"));
        Assert.False(emulator.StoredAccountOrganization().ContainsKey("session_duration"));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("auth_domain")]
    public async Task Put_cannot_clear_a_required_field(string field)
    {
        var answer = await new TestEmulator().SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object((field, null))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/" + field, answer.Pointer);
    }

    [Fact]
    public async Task Put_with_a_nested_object_replaces_the_whole_stored_object()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("login_design", Json.Object(("text_color", "#000000"))))));

        var design = emulator.StoredAccountOrganization()["login_design"]!.AsObject();
        Assert.Equal(new[] { "text_color" }, design.Select(p => p.Key));
    }

    [Fact]
    public async Task Null_members_inside_a_nested_object_are_not_stored()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("login_design", Json.Object(("text_color", "#000000"), ("logo_path", null))))));

        Assert.False(emulator.StoredAccountOrganization()["login_design"]!.AsObject().ContainsKey("logo_path"));
    }

    [Fact]
    public async Task Put_in_replace_mode_resets_omitted_fields()
    {
        var emulator = new TestEmulator(o => o.PutMode = PutMode.Replace);
        string createdAt = emulator.StoredAccountOrganization()["created_at"]!.GetValue<string>();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("name", "Example Team"), ("auth_domain", "example-team.cloudflareaccess.com"), ("session_duration", "6h"))));

        Assert.Equal(200, answer.Status);
        var stored = emulator.StoredAccountOrganization();
        Assert.Equal(new[] { "name", "auth_domain", "session_duration", "trusted_accounts", "created_at", "updated_at" }, stored.Select(p => p.Key));
        Assert.Equal(createdAt, stored["created_at"]!.GetValue<string>());
        Assert.False(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Put_in_replace_mode_requires_name_and_auth_domain()
    {
        var emulator = new TestEmulator(o => o.PutMode = PutMode.Replace);

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "6h"))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/name", answer.Pointer);
        Assert.Equal("24h", emulator.StoredAccountOrganization()["session_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_mode_can_change_between_requests()
    {
        var emulator = new TestEmulator();
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Merged"))));
        emulator.Engine.Options.PutMode = PutMode.Replace;

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Replaced"), ("auth_domain", "example-team.cloudflareaccess.com"))));

        Assert.False(emulator.StoredAccountOrganization().ContainsKey("session_duration"));
    }

    [Fact]
    public async Task Put_ignores_read_only_fields()
    {
        var emulator = new TestEmulator();
        string createdAt = emulator.StoredAccountOrganization()["created_at"]!.GetValue<string>();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(
            ("created_at", "2000-01-01T00:00:00Z"), ("updated_at", "2000-01-01T00:00:00Z"), ("trusted_accounts", Json.Array("abc")))));

        Assert.Equal(200, answer.Status);
        Assert.Equal(createdAt, answer.Result["created_at"]!.GetValue<string>());
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), answer.Result["updated_at"]!.GetValue<string>());
        Assert.Empty(emulator.StoredAccountOrganization()["trusted_accounts"]!.AsArray());
    }

    [Fact]
    public async Task Updated_at_moves_on_every_successful_write_and_not_on_a_refused_one()
    {
        var emulator = new TestEmulator();
        emulator.Clock.Advance(TimeSpan.FromHours(1));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "One"))));
        string first = emulator.StoredAccountOrganization()["updated_at"]!.GetValue<string>();
        emulator.Clock.Advance(TimeSpan.FromSeconds(1.5));

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "7d"))));
        string afterRefusal = emulator.StoredAccountOrganization()["updated_at"]!.GetValue<string>();
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Two"))));
        string second = emulator.StoredAccountOrganization()["updated_at"]!.GetValue<string>();

        Assert.Equal(first, afterRefusal);
        Assert.NotEqual(first, second);
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), second);
    }

    [Fact]
    public async Task Unknown_fields_round_trip_and_null_removes_them()
    {
        var emulator = new TestEmulator();

        var written = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("future_field", Json.Object(("level", 3))))));
        var read = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("future_field", null))));

        Assert.Equal(3, written.Result["future_field"]!["level"]!.GetValue<int>());
        Assert.Equal(3, read.Result["future_field"]!["level"]!.GetValue<int>());
        Assert.False(emulator.StoredAccountOrganization().ContainsKey("future_field"));
    }

    [Fact]
    public async Task Legacy_piv_key_field_name_is_stored_under_the_new_name()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("mfa_ssh_piv_key_requirements", Json.Object(("pin_policy", "always"))))));

        Assert.Equal(200, answer.Status);
        var stored = emulator.StoredAccountOrganization();
        Assert.False(stored.ContainsKey("mfa_ssh_piv_key_requirements"));
        Assert.Equal("always", stored["mfa_piv_key_requirements"]!["pin_policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_piv_key_field_name_wins_over_the_legacy_one()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(
            ("mfa_ssh_piv_key_requirements", Json.Object(("pin_policy", "always"))),
            ("mfa_piv_key_requirements", Json.Object(("pin_policy", "never"))))));

        Assert.Equal("never", emulator.StoredAccountOrganization()["mfa_piv_key_requirements"]!["pin_policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdrawn_mfa_configuration_allowed_is_ignored()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("mfa_configuration_allowed", true))));

        Assert.Equal(200, answer.Status);
        Assert.False(emulator.StoredAccountOrganization().ContainsKey("mfa_configuration_allowed"));
    }

    [Fact]
    public async Task Zone_write_ignores_account_only_fields()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.ZoneOrganization(), Json.Object(
            ("name", "Zone Two"), ("session_duration", "1h"), ("deny_unmatched_requests", true), ("mfa_config", Json.Object()))));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Zone Two", answer.Result["name"]!.GetValue<string>());
        Assert.False(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        var stored = emulator.StoredZoneOrganization();
        Assert.False(stored.ContainsKey("session_duration"));
        Assert.False(stored.ContainsKey("mfa_config"));
    }

    [Theory]
    [InlineData("session_duration", "\"1h\"")]
    [InlineData("allow_authenticate_via_warp", "false")]
    [InlineData("deny_unmatched_requests", "true")]
    [InlineData("custom_pages", "{}")]
    public async Task Zone_write_refuses_account_only_fields_in_strict_mode(string field, string value)
    {
        var emulator = new TestEmulator(o => o.Strict = true);

        var answer = await emulator.SendAsync(Call.Put(Paths.ZoneOrganization(), Json.Object(("name", "Zone Two"), (field, Json.Literal(value)))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal("/" + field, answer.Pointer);
        Assert.Equal($"access.api.error.invalid_request: {field} is not supported for zone-level organizations", answer.ErrorMessage);
        Assert.Equal("Example Zone Team", emulator.StoredZoneOrganization()["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Zone_create_accepts_the_zone_fields()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        var body = Json.NewOrganization();
        body["is_ui_read_only"] = true;
        body["ui_read_only_toggle_reason"] = "managed by CI";
        body["user_seat_expiration_inactive_time"] = "1460h";
        body["login_design"] = Json.Object(("header_text", "Hello"));

        var answer = await emulator.SendAsync(Call.Post(Paths.ZoneOrganization(), body));

        Assert.Equal(201, answer.Status);
        Assert.Equal("1460h", answer.Result["user_seat_expiration_inactive_time"]!.GetValue<string>());
        Assert.False(answer.Result.ContainsKey("strict_service_token_auth"));
    }

    [Fact]
    public async Task Zone_replace_mode_keeps_response_only_fields()
    {
        var emulator = new TestEmulator(o => o.PutMode = PutMode.Replace);
        var zone = emulator.StoredZoneOrganization();
        zone["deny_unmatched_requests"] = true;
        emulator.Engine.AddOrganization(true, EmulatorDefaults.ZoneId, zone);

        var answer = await emulator.SendAsync(Call.Put(Paths.ZoneOrganization(), Json.NewOrganization("Z", "z.cloudflareaccess.com")));

        Assert.True(answer.Result["deny_unmatched_requests"]!.GetValue<bool>());
        Assert.False(emulator.StoredZoneOrganization().ContainsKey("login_design"));
    }

    [Fact]
    public async Task Auth_domain_cannot_change_while_dashboard_sso_is_on()
    {
        var emulator = new TestEmulator();
        emulator.Engine.SetDashboardSso(false, EmulatorDefaults.AccountId, true);

        var change = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("auth_domain", "new-team.cloudflareaccess.com"))));
        var same = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("auth_domain", "example-team.cloudflareaccess.com"))));
        var other = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Renamed"))));

        Assert.Equal(400, change.Status);
        Assert.Equal(12106, change.ErrorCode);
        Assert.StartsWith("access.api.error.auth_domain_cannot_be_updated_dash_sso", change.ErrorMessage);
        Assert.Equal("/auth_domain", change.Pointer);
        Assert.Equal(200, same.Status);
        Assert.Equal(200, other.Status);
        Assert.Equal("example-team.cloudflareaccess.com", emulator.StoredAccountOrganization()["auth_domain"]!.GetValue<string>());
    }

    [Fact]
    public async Task Auth_domain_changes_once_dashboard_sso_is_off_again()
    {
        var emulator = new TestEmulator();
        emulator.Engine.SetDashboardSso(false, EmulatorDefaults.AccountId, true);
        emulator.Engine.SetDashboardSso(false, EmulatorDefaults.AccountId, false);

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("auth_domain", "new-team.cloudflareaccess.com"))));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Organizations_created_after_2026_10_05_force_strict_service_token_auth_on()
    {
        var emulator = new TestEmulator(o => o.Seed = false);

        var created = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));
        var disable = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("strict_service_token_auth", false))));

        Assert.True(created.Result["strict_service_token_auth"]!.GetValue<bool>());
        Assert.Equal(400, disable.Status);
        Assert.Equal("/strict_service_token_auth", disable.Pointer);
    }

    [Fact]
    public async Task Organizations_created_before_2026_10_05_may_turn_strict_service_token_auth_off()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        emulator.Clock.Now = new DateTimeOffset(2026, 10, 4, 23, 59, 59, TimeSpan.Zero);
        var body = Json.NewOrganization();
        body["strict_service_token_auth"] = false;

        var created = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), body));
        emulator.Clock.Now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var update = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("strict_service_token_auth", false))));

        Assert.Equal(201, created.Status);
        Assert.Equal(200, update.Status);
        Assert.False(update.Result["strict_service_token_auth"]!.GetValue<bool>());
    }

    [Fact]
    public void Stored_organization_is_a_copy()
    {
        var emulator = new TestEmulator();

        emulator.StoredAccountOrganization()["name"] = "Mutated";

        Assert.Equal("Example Team", emulator.StoredAccountOrganization()["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Added_organization_is_served_and_its_id_enabled()
    {
        var emulator = new TestEmulator();

        emulator.Engine.AddOrganization(false, Paths.OtherAccountId, Json.NewOrganization("Other", "other.cloudflareaccess.com"));
        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization(Paths.OtherAccountId)));

        Assert.Equal(200, answer.Status);
        Assert.Equal("Other", answer.Result["name"]!.GetValue<string>());
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), answer.Result["created_at"]!.GetValue<string>());
    }

    [Fact]
    public void Engine_refuses_identifiers_that_are_not_32_hex()
    {
        var engine = new TestEmulator().Engine;

        Assert.Throws<ArgumentException>(() => engine.EnableAccount("abc"));
        Assert.Throws<ArgumentException>(() => engine.EnableZone("g23e105f4ecef8ad9ca31a8372d0c353"));
        Assert.Throws<ArgumentException>(() => new EmulatorEngine(new EmulatorOptions { AccountId = "nope" }));
    }
}
