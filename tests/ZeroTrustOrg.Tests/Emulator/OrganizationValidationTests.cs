using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class OrganizationValidationTests
{
    private static async Task<Answer> PutAccountField(TestEmulator emulator, string field, string jsonValue) =>
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object((field, Json.Literal(jsonValue)))));

    [Theory]
    [InlineData("session_duration", "\"7d\"", "/session_duration", "session_duration is not a valid duration (time: unknown unit \"d\" in duration \"7d\")")]
    [InlineData("session_duration", "\"\"", "/session_duration", "session_duration is not a valid duration")]
    [InlineData("session_duration", "\"24\"", "/session_duration", "missing unit")]
    [InlineData("session_duration", "\"-1h\"", "/session_duration", "session_duration must not be negative")]
    [InlineData("session_duration", "24", "/session_duration", "session_duration must be a string")]
    [InlineData("warp_auth_session_duration", "\"90s\"", "/warp_auth_session_duration", "must use only the units m and h")]
    [InlineData("warp_auth_session_duration", "\"1h30m15s\"", "/warp_auth_session_duration", "must use only the units m and h")]
    [InlineData("user_seat_expiration_inactive_time", "\"720h\"", "/user_seat_expiration_inactive_time", "must be at least 730h")]
    [InlineData("user_seat_expiration_inactive_time", "\"8761h\"", "/user_seat_expiration_inactive_time", "must be at most 8760h")]
    [InlineData("mfa_config", "{\"session_duration\":\"721h\"}", "/mfa_config/session_duration", "mfa_config.session_duration must be at most 720h")]
    [InlineData("mfa_config", "{\"session_duration\":\"30s\"}", "/mfa_config/session_duration", "must use only the units m and h")]
    [InlineData("mfa_config", "{\"amr_matching_session_duration\":\"1d\"}", "/mfa_config/amr_matching_session_duration", "not a valid duration")]
    [InlineData("mfa_config", "{\"amr_matching_session_duration\":\"-5m\"}", "/mfa_config/amr_matching_session_duration", "must not be negative")]
    [InlineData("mfa_config", "{\"allowed_authenticators\":[\"totp\",\"sms\"]}", "/mfa_config/allowed_authenticators/1", "mfa_config.allowed_authenticators[1] must be one of")]
    [InlineData("mfa_config", "{\"allowed_authenticators\":\"totp\"}", "/mfa_config/allowed_authenticators", "must be an array")]
    [InlineData("mfa_config", "{\"required_aaguids\":\"not-a-uuid\"}", "/mfa_config/required_aaguids", "must be a UUID")]
    [InlineData("mfa_config", "[]", "/mfa_config", "must be an object")]
    [InlineData("mfa_piv_key_requirements", "{\"pin_policy\":\"sometimes\"}", "/mfa_piv_key_requirements/pin_policy", "must be one of never, once, always")]
    [InlineData("mfa_piv_key_requirements", "{\"touch_policy\":\"often\"}", "/mfa_piv_key_requirements/touch_policy", "must be one of never, always, cached")]
    [InlineData("mfa_piv_key_requirements", "{\"require_fips_device\":\"yes\"}", "/mfa_piv_key_requirements/require_fips_device", "must be true or false")]
    [InlineData("mfa_piv_key_requirements", "{\"ssh_key_type\":[\"dsa\"]}", "/mfa_piv_key_requirements/ssh_key_type/0", "must be one of ecdsa, ed25519, rsa")]
    [InlineData("mfa_piv_key_requirements", "{\"ssh_key_size\":[1024]}", "/mfa_piv_key_requirements/ssh_key_size/0", "must be one of 256, 384, 521, 2048, 3072, 4096")]
    [InlineData("mfa_piv_key_requirements", "{\"ssh_key_type\":[\"ed25519\"],\"ssh_key_size\":[2048]}", "/mfa_piv_key_requirements/ssh_key_size/0", "2048 does not fit the key types ed25519")]
    [InlineData("mfa_piv_key_requirements", "{\"ssh_key_type\":[\"ecdsa\",\"rsa\"],\"ssh_key_size\":[256,4096,512]}", "/mfa_piv_key_requirements/ssh_key_size/2", "must be one of")]
    [InlineData("mfa_ssh_piv_key_requirements", "{\"pin_policy\":\"sometimes\"}", "/mfa_ssh_piv_key_requirements/pin_policy", "mfa_ssh_piv_key_requirements.pin_policy must be one of")]
    [InlineData("service_token_inactivity", "{\"action\":\"disable\",\"enabled\":true}", "/service_token_inactivity/inactivity_threshold_days", "service_token_inactivity.inactivity_threshold_days is required")]
    [InlineData("service_token_inactivity", "{\"enabled\":true,\"inactivity_threshold_days\":30}", "/service_token_inactivity/action", "is required")]
    [InlineData("service_token_inactivity", "{\"action\":\"disable\",\"inactivity_threshold_days\":30}", "/service_token_inactivity/enabled", "is required")]
    [InlineData("service_token_inactivity", "{\"action\":\"archive\",\"enabled\":true,\"inactivity_threshold_days\":30}", "/service_token_inactivity/action", "must be one of disable, delete")]
    [InlineData("service_token_inactivity", "{\"action\":\"delete\",\"enabled\":true,\"inactivity_threshold_days\":29}", "/service_token_inactivity/inactivity_threshold_days", "must be between 30 and 365")]
    [InlineData("service_token_inactivity", "{\"action\":\"delete\",\"enabled\":true,\"inactivity_threshold_days\":366}", "/service_token_inactivity/inactivity_threshold_days", "must be between 30 and 365")]
    [InlineData("service_token_inactivity", "{\"action\":\"delete\",\"enabled\":true,\"inactivity_threshold_days\":30.5}", "/service_token_inactivity/inactivity_threshold_days", "must be a whole number")]
    [InlineData("allow_authenticate_via_warp", "\"yes\"", "/allow_authenticate_via_warp", "must be true or false")]
    [InlineData("deny_unmatched_requests", "1", "/deny_unmatched_requests", "must be true or false")]
    [InlineData("deny_unmatched_requests_exempted_zone_names", "[\"a.example\",5]", "/deny_unmatched_requests_exempted_zone_names/1", "must be a string")]
    [InlineData("deny_unmatched_requests_exempted_zone_names", "[null]", "/deny_unmatched_requests_exempted_zone_names/0", "must not be null")]
    [InlineData("login_design", "\"blue\"", "/login_design", "login_design must be an object")]
    [InlineData("login_design", "{\"text_color\":5}", "/login_design/text_color", "login_design.text_color must be a string")]
    [InlineData("custom_pages", "{\"forbidden\":1}", "/custom_pages/forbidden", "must be a string")]
    [InlineData("name", "\"  \"", "/name", "name must not be empty")]
    [InlineData("auth_domain", "false", "/auth_domain", "auth_domain must be a string")]
    [InlineData("ui_read_only_toggle_reason", "{}", "/ui_read_only_toggle_reason", "must be a string")]
    public async Task Invalid_field_is_400_12130_with_a_pointer(string field, string jsonValue, string pointer, string detail)
    {
        var emulator = new TestEmulator();
        string before = emulator.StoredAccountOrganization().ToJsonString();

        var answer = await PutAccountField(emulator, field, jsonValue);

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.StartsWith("access.api.error.invalid_request: ", answer.ErrorMessage);
        Assert.Contains(detail, answer.ErrorMessage);
        Assert.Equal(pointer, answer.Pointer);
        Assert.Equal(before, emulator.StoredAccountOrganization().ToJsonString());
    }

    [Theory]
    [InlineData("session_duration", "\"0\"")]
    [InlineData("session_duration", "\"+5m\"")]
    [InlineData("session_duration", "\"1.5h\"")]
    [InlineData("session_duration", "\".5h\"")]
    [InlineData("session_duration", "\"2h45m\"")]
    [InlineData("session_duration", "\"300ms\"")]
    [InlineData("session_duration", "\"1h0m0.5s\"")]
    [InlineData("session_duration", "\"10ns\"")]
    [InlineData("session_duration", "\"1us\"")]
    [InlineData("session_duration", "\"1\u00b5s\"")]
    [InlineData("warp_auth_session_duration", "\"30m\"")]
    [InlineData("warp_auth_session_duration", "\"2h45m\"")]
    [InlineData("warp_auth_session_duration", "\"1.5h\"")]
    [InlineData("user_seat_expiration_inactive_time", "\"730h\"")]
    [InlineData("user_seat_expiration_inactive_time", "\"43800m\"")]
    [InlineData("user_seat_expiration_inactive_time", "\"8760h\"")]
    [InlineData("mfa_config", "{\"session_duration\":\"0m\",\"amr_matching_session_duration\":\"720h\"}")]
    [InlineData("mfa_config", "{\"allowed_authenticators\":[\"totp\",\"biometrics\",\"security_key\",\"piv_key\",\"ssh_fido2_key\",\"ssh_piv_key\"]}")]
    [InlineData("mfa_config", "{\"required_aaguids\":\"2fc0579f-8113-47ea-b116-bb5a8db9202a\",\"future\":1}")]
    [InlineData("mfa_piv_key_requirements", "{\"pin_policy\":\"never\",\"touch_policy\":\"always\",\"require_fips_device\":true,\"ssh_key_type\":[\"rsa\",\"ecdsa\"],\"ssh_key_size\":[2048,521]}")]
    [InlineData("mfa_piv_key_requirements", "{\"ssh_key_size\":[3072]}")]
    [InlineData("service_token_inactivity", "{\"action\":\"delete\",\"enabled\":false,\"inactivity_threshold_days\":365}")]
    [InlineData("deny_unmatched_requests_exempted_zone_names", "[\"a.example\",\"b.example\"]")]
    [InlineData("warp_auth_non_browser_401", "true")]
    public async Task Valid_field_is_stored_as_sent(string field, string jsonValue)
    {
        var emulator = new TestEmulator();

        var answer = await PutAccountField(emulator, field, jsonValue);

        Assert.Equal(200, answer.Status);
        Assert.Equal(Json.Literal(jsonValue)!.ToJsonString(), emulator.StoredAccountOrganization()[field]!.ToJsonString());
    }

    [Fact]
    public async Task First_invalid_field_in_body_order_is_reported()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("warp_auth_session_duration", "1s"), ("session_duration", "1d"))));

        Assert.Equal("/warp_auth_session_duration", answer.Pointer);
    }

    [Fact]
    public async Task Zone_seat_expiration_is_validated_too()
    {
        var answer = await new TestEmulator().SendAsync(Call.Put(Paths.ZoneOrganization(),
            Json.Object(("user_seat_expiration_inactive_time", "100h"))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/user_seat_expiration_inactive_time", answer.Pointer);
    }

    [Fact]
    public async Task Allow_authenticate_via_warp_needs_a_warp_session_duration()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("allow_authenticate_via_warp", true), ("warp_auth_session_duration", null))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal("/allow_authenticate_via_warp", answer.Pointer);
        Assert.Equal("access.api.error.invalid_request: allow_authenticate_via_warp cannot be set if the Warp Auth Session Duration is not set for the account",
            answer.ErrorMessage);
    }

    [Fact]
    public async Task Allow_authenticate_via_warp_is_fine_with_a_warp_session_duration()
    {
        var answer = await new TestEmulator().SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("allow_authenticate_via_warp", true))));

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Result["allow_authenticate_via_warp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Clearing_the_warp_duration_while_warp_auth_is_on_is_refused()
    {
        var emulator = new TestEmulator();
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("allow_authenticate_via_warp", true))));

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("warp_auth_session_duration", null))));

        Assert.Equal("/allow_authenticate_via_warp", answer.Pointer);
        Assert.Equal("24h", emulator.StoredAccountOrganization()["warp_auth_session_duration"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"allowed_authenticators\":[],\"session_duration\":\"1h\"}")]
    [InlineData("{\"allowed_authenticators\":[\"totp\"]}")]
    public async Task Mfa_required_for_all_apps_needs_an_authenticator_and_a_session_duration(string mfaConfig)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("mfa_required_for_all_apps", true), ("mfa_config", Json.Literal(mfaConfig)))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/mfa_required_for_all_apps", answer.Pointer);
        Assert.False(emulator.StoredAccountOrganization()["mfa_required_for_all_apps"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Mfa_required_for_all_apps_is_accepted_with_the_seeded_mfa_config()
    {
        var answer = await new TestEmulator().SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("mfa_required_for_all_apps", true))));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Create_validates_fields_like_put()
    {
        var body = Json.NewOrganization();
        body["warp_auth_session_duration"] = "45s";

        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Post(Paths.AccountOrganization(), body));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/warp_auth_session_duration", answer.Pointer);
    }
}
