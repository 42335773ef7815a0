using System.Text;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

/// <summary>
/// The engine's live shape: it answers as the live API does (docs/cloudflare-api.md#live-answers-and-the-reference), not as the
/// reference describes, so clients are tested against what Cloudflare really sends.
/// </summary>
public sealed class LiveShapeTests
{
    // docs/cloudflare-api.md#live-answers-and-the-reference: the GET answer cf-terraforming recorded, byte for byte. It is the one public
    // recording of this endpoint, so the seed must reproduce it exactly rather than a builder's idea of it.
    private const string RecordedGetAnswer =
        "{\"errors\":[],\"messages\":[],\"success\":true,\"result\":{\"allow_authenticate_via_warp\":false,"
        + "\"auth_domain\":\"lklfsevdnw-terraform-cfapi.cloudflareaccess.com\",\"cache_device_posture\":true,"
        + "\"created_at\":\"2024-09-05T03:00:41Z\",\"has_migrated_private_apps\":true,\"is_ui_read_only\":false,"
        + "\"login_design\":{\"background_color\":\"#FFFFFF\",\"footer_text\":\"My footer text\",\"header_text\":\"My header text updated\","
        + "\"logo_path\":\"https://example.com/logo.png\",\"text_color\":\"#000000\"},\"name\":\"terraform-cfapi.cloudflareaccess.com\","
        + "\"session_duration\":\"12h\",\"updated_at\":\"2025-01-23T22:25:57Z\",\"user_seat_expiration_inactive_time\":\"1460h\","
        + "\"warp_auth_session_duration\":\"36h\"}}";

    private const string WholeSeconds = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$";

    private static TestEmulator Live(Action<EmulatorOptions>? configure = null) => new(o =>
    {
        o.Shape = EmulatorShape.Live;
        configure?.Invoke(o);
    });

    [Fact]
    public void Reference_is_the_default_shape()
    {
        Assert.Equal(EmulatorShape.Reference, new EmulatorOptions().Shape);
    }

    [Fact]
    public async Task Live_seed_answers_GET_with_the_recorded_bytes()
    {
        var answer = await Live().SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, answer.Status);
        Assert.Equal(RecordedGetAnswer, answer.Text);
    }

    [Fact]
    public async Task Live_answers_carry_an_audit_log_id_and_no_result_info()
    {
        var emulator = Live();

        var first = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var second = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", first.Header("Cf-Auditlog-Id"));
        Assert.NotEqual(first.Header("Cf-Auditlog-Id"), second.Header("Cf-Auditlog-Id"));
        Assert.False(first.Envelope.ContainsKey("result_info"));
    }

    [Fact]
    public async Task Reference_answers_stay_as_they_were()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Null(answer.Header("Cf-Auditlog-Id"));
        Assert.Equal("success", answer.Envelope.First().Key);
        Assert.Equal("Example Team", answer.Result["name"]!.GetValue<string>());
        Assert.False(answer.Result.ContainsKey("cache_device_posture"));
        Assert.Matches(@"\.\d{6}Z$", answer.Result["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Live_GET_leaves_out_what_the_live_API_leaves_out()
    {
        var emulator = Live();
        var stored = emulator.StoredAccountOrganization();
        stored["auto_redirect_to_identity"] = false;
        stored["custom_pages"] = new JsonObject();
        stored["ui_read_only_toggle_reason"] = "";
        stored["mfa_piv_key_requirements"] = Json.Object(("pin_policy", "once"), ("ssh_key_type", Json.Array()), ("ssh_key_size", Json.Array()));
        stored["trusted_accounts"] = Json.Array();
        emulator.Engine.AddOrganization(false, EmulatorDefaults.AccountId, stored);

        var result = (await emulator.SendAsync(Call.Get(Paths.AccountOrganization()))).Result;

        Assert.False(result.ContainsKey("auto_redirect_to_identity"));
        Assert.False(result.ContainsKey("custom_pages"));
        Assert.False(result.ContainsKey("ui_read_only_toggle_reason"));
        Assert.False(result.ContainsKey("trusted_accounts"));
        Assert.False(result.ContainsKey("deny_unmatched_requests"), "the live answer does not invent it");
        Assert.False(result.ContainsKey("deny_unmatched_requests_exempted_zone_names"));
        var pivKey = result["mfa_piv_key_requirements"]!.AsObject();
        Assert.Equal(new[] { "pin_policy" }, pivKey.Select(p => p.Key));
    }

    [Fact]
    public async Task Live_GET_keeps_a_true_auto_redirect_and_filled_values()
    {
        var emulator = Live();
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(
            ("auto_redirect_to_identity", true), ("ui_read_only_toggle_reason", "change freeze"))));

        var result = (await emulator.SendAsync(Call.Get(Paths.AccountOrganization()))).Result;

        Assert.True(result["auto_redirect_to_identity"]!.GetValue<bool>());
        Assert.Equal("change freeze", result["ui_read_only_toggle_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Live_GET_shows_an_unset_login_design_as_an_empty_object()
    {
        var emulator = Live(o => o.Seed = false);
        await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));

        var result = (await emulator.SendAsync(Call.Get(Paths.AccountOrganization()))).Result;

        Assert.Empty(result["login_design"]!.AsObject());
    }

    [Fact]
    public async Task Live_GET_fills_service_token_inactivity_with_server_defaults_while_disabled()
    {
        var emulator = Live();
        var stored = emulator.StoredAccountOrganization();
        stored["service_token_inactivity"] = Json.Object(("enabled", false));
        emulator.Engine.AddOrganization(false, EmulatorDefaults.AccountId, stored);

        var inactivity = (await emulator.SendAsync(Call.Get(Paths.AccountOrganization()))).Result["service_token_inactivity"]!.AsObject();

        Assert.False(inactivity["enabled"]!.GetValue<bool>());
        Assert.Equal("disable", inactivity["action"]!.GetValue<string>());
        Assert.Equal(90, inactivity["inactivity_threshold_days"]!.GetValue<int>());
    }

    [Fact]
    public async Task Live_write_moves_updated_at_in_whole_seconds_and_keeps_the_response_only_booleans()
    {
        var emulator = Live();
        emulator.Clock.Now = new DateTimeOffset(2026, 11, 2, 12, 0, 7, TimeSpan.Zero).AddMilliseconds(654);

        var put = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "24h"))));
        var get = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(200, put.Status);
        foreach (var result in new[] { put.Result, get.Result })
        {
            Assert.Equal("2026-11-02T12:00:07Z", result["updated_at"]!.GetValue<string>());
            Assert.Equal("2024-09-05T03:00:41Z", result["created_at"]!.GetValue<string>());
            Assert.Equal("24h", result["session_duration"]!.GetValue<string>());
            Assert.True(result["cache_device_posture"]!.GetValue<bool>());
            Assert.True(result["has_migrated_private_apps"]!.GetValue<bool>());
            Assert.Equal(result.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), result.Select(p => p.Key));
        }
        Assert.StartsWith("{\"errors\":[],\"messages\":[],\"success\":true,\"result\":{", put.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_create_stamps_whole_seconds()
    {
        var emulator = Live(o => o.Seed = false);
        emulator.Clock.Now = new DateTimeOffset(2026, 11, 2, 12, 0, 7, TimeSpan.Zero).AddMilliseconds(1);

        var created = await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));

        Assert.Equal(201, created.Status);
        Assert.Matches(WholeSeconds, created.Result["created_at"]!.GetValue<string>());
        Assert.Matches(WholeSeconds, created.Result["updated_at"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("created_at", "\"2024-09-05T03:00:41Z\"")]
    [InlineData("updated_at", "\"2025-01-23T22:25:57Z\"")]
    [InlineData("cache_device_posture", "true")]
    [InlineData("has_migrated_private_apps", "true")]
    [InlineData("trusted_accounts", "[]")]
    public async Task Live_PUT_that_carries_a_response_only_field_is_refused_naming_it(string field, string value)
    {
        var emulator = Live();
        string before = emulator.StoredAccountOrganization().ToJsonString();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("session_duration", "24h"), (field, Json.Literal(value)))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(ApiErrors.InvalidRequestCode, answer.ErrorCode);
        Assert.Equal("/" + field, answer.Pointer);
        Assert.Contains(field, answer.ErrorMessage);
        Assert.Equal(before, emulator.StoredAccountOrganization().ToJsonString());
        Assert.False(emulator.Engine.Journal.Entries.Last().Applied);
    }

    [Fact]
    public async Task Live_zone_PUT_that_carries_a_response_only_field_is_refused_too()
    {
        var answer = await Live().SendAsync(Call.Put(Paths.ZoneOrganization(), Json.Object(("created_at", "2024-09-05T03:00:41Z"))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/created_at", answer.Pointer);
    }

    [Theory]
    [InlineData("created_at", "\"2024-09-05T03:00:41Z\"")]
    [InlineData("trusted_accounts", "[]")]
    public async Task Reference_PUT_still_ignores_read_only_fields(string field, string value)
    {
        var answer = await new TestEmulator().SendAsync(Call.Put(Paths.AccountOrganization(),
            Json.Object(("session_duration", "24h"), (field, Json.Literal(value)))));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Live_replace_mode_keeps_the_response_only_booleans()
    {
        var emulator = Live(o => o.PutMode = PutMode.Replace);

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.NewOrganization()));

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Result["cache_device_posture"]!.GetValue<bool>());
        Assert.True(answer.Result["has_migrated_private_apps"]!.GetValue<bool>());
        Assert.False(answer.Result.ContainsKey("session_duration"));
    }

    [Fact]
    public async Task Live_zone_organization_follows_the_same_rules()
    {
        var result = (await Live().SendAsync(Call.Get(Paths.ZoneOrganization()))).Result;

        Assert.False(result.ContainsKey("deny_unmatched_requests"));
        Assert.False(result.ContainsKey("deny_unmatched_requests_exempted_zone_names"));
        Assert.False(result.ContainsKey("ui_read_only_toggle_reason"));
        Assert.False(result.ContainsKey("trusted_accounts"));
        Assert.Matches(WholeSeconds, result["created_at"]!.GetValue<string>());
        Assert.Matches(WholeSeconds, result["updated_at"]!.GetValue<string>());
        Assert.Equal(result.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), result.Select(p => p.Key));
    }

    [Fact]
    public async Task Live_revoke_answers_only_result_and_success()
    {
        var answer = await Live().SendAsync(Call.Post(Paths.AccountRevoke(), Json.Object(("email", "pat@example.com"))));

        Assert.Equal(200, answer.Status);
        Assert.Equal(new[] { "result", "success" }, answer.Envelope.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Live_DoH_timestamps_have_whole_seconds()
    {
        var result = (await Live().SendAsync(Call.Get(Paths.Doh()))).Result;

        Assert.Matches(WholeSeconds, result["created_at"]!.GetValue<string>());
        Assert.Matches(WholeSeconds, result["expires_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Live_engine_journals_every_request()
    {
        var emulator = Live();

        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("cache_device_posture", false))));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "24h"))));

        var entries = emulator.Engine.Journal.Entries;
        Assert.Equal(new[] { 200, 400, 200 }, entries.Select(e => e.StatusCode));
        Assert.Equal("{\"cache_device_posture\":false}", entries[1].RequestBody);
        Assert.Equal(new[] { false, false, true }, entries.Select(e => e.Applied));
    }

    [Fact]
    public async Task Live_in_process_handler_carries_the_audit_log_header()
    {
        using var client = new HttpClient(new EmulatorHandler(new EmulatorEngine(new EmulatorOptions { Shape = EmulatorShape.Live })));
        client.DefaultRequestHeaders.Add("Authorization", "Bearer " + EmulatorDefaults.ApiToken);

        using var response = await client.GetAsync("http://emulator.localhost" + Paths.AccountOrganization());

        Assert.True(response.Headers.Contains("Cf-Auditlog-Id"));
        Assert.Equal(RecordedGetAnswer, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
