using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg.Tests.Core.Reading;

/// <summary>
/// The client meets the live API as it is (docs/cloudflare-api.md#live-answers-and-the-reference): an odd value never fails a
/// read, it is warned about once and written back as it came, and a write Cloudflare accepted is reported as applied.
/// </summary>
public class LiveAnswerTests
{
    private static readonly ZtScope Account = ZtScope.Account("699d98642c564d2e855e9661899b7252");

    /// <summary>The organization as cf-terraforming recorded it from the live API.</summary>
    public const string Recorded =
        "{\"allow_authenticate_via_warp\":false,\"auth_domain\":\"lklfsevdnw-terraform-cfapi.cloudflareaccess.com\",\"cache_device_posture\":true," +
        "\"created_at\":\"2024-09-05T03:00:41Z\",\"has_migrated_private_apps\":true,\"is_ui_read_only\":false," +
        "\"login_design\":{\"background_color\":\"#FFFFFF\",\"footer_text\":\"My footer text\",\"header_text\":\"My header text updated\"," +
        "\"logo_path\":\"https://example.com/logo.png\",\"text_color\":\"#000000\"},\"name\":\"terraform-cfapi.cloudflareaccess.com\"," +
        "\"session_duration\":\"12h\",\"updated_at\":\"2025-01-23T22:25:57Z\",\"user_seat_expiration_inactive_time\":\"1460h\"," +
        "\"warp_auth_session_duration\":\"36h\"}";

    private static string With(string field, string rawValue)
    {
        var org = JsonNode.Parse(Recorded)!.AsObject();
        org[field] = JsonNode.Parse(rawValue);
        return org.ToJsonString();
    }

    private static IEnumerable<string> Warnings(RecordingLog log) => log.Messages.Where(m => m.Level == ZtMessageLevel.Warning).Select(m => m.Text);

    public static TheoryData<string, string> DriftedValues => new()
    {
        { "allow_authenticate_via_warp", "\"false\"" },
        { "created_at", "\"05/09/2024 03:00\"" },
        { "created_at", "\"\"" },
        { "created_at", "\"not a time\"" },
        { "deny_unmatched_requests", "{\"enabled\":true}" },
        { "session_duration", "86400" },
        { "login_design", "\"blue\"" },
        { "deny_unmatched_requests_exempted_zone_names", "\"example.com\"" },
        { "name", "42" },
    };

    [Theory]
    [MemberData(nameof(DriftedValues))]
    public async Task A_drifted_value_reads_without_an_error_and_is_named_in_one_warning(string field, string raw)
    {
        var answers = new ScriptedAnswers().ThenResult(With(field, raw));
        using var client = answers.Client();
        var log = new RecordingLog();

        ZtOrganization org = await client.GetOrganizationAsync(Account, log);

        Assert.Equal("lklfsevdnw-terraform-cfapi.cloudflareaccess.com", org.AuthDomain);
        string warning = Assert.Single(Warnings(log));
        Assert.Contains(field + ":", warning);
    }

    [Fact]
    public async Task A_value_whose_meaning_is_clear_gets_its_type_and_one_without_stays_empty()
    {
        string body = With("allow_authenticate_via_warp", "\"true\"");
        body = body.Replace("\"session_duration\":\"12h\"", "\"session_duration\":86400").Replace("\"created_at\":\"2024-09-05T03:00:41Z\"", "\"created_at\":\"\"");
        using var client = new ScriptedAnswers().ThenResult(body).Client();

        ZtOrganization org = await client.GetOrganizationAsync(Account, new RecordingLog());

        Assert.True(org.AllowAuthenticateViaWarp);
        Assert.Null(org.SessionDuration);
        Assert.Null(org.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 1, 23, 22, 25, 57, TimeSpan.Zero), org.UpdatedAt);
    }

    [Fact]
    public async Task The_recorded_live_answer_reads_with_no_warning()
    {
        var log = new RecordingLog();
        using var client = new ScriptedAnswers().ThenResult(Recorded).Client();

        ZtOrganization org = await client.GetOrganizationAsync(Account, log);

        Assert.Empty(Warnings(log));
        Assert.True(org.CacheDevicePosture);
        Assert.True(org.HasMigratedPrivateApps);
        Assert.Empty(org.UnknownFieldNames);
        Assert.Null(org.AutoRedirectToIdentity);
    }

    [Fact]
    public async Task Get_then_set_writes_each_drifted_value_back_as_it_came_and_no_response_only_field()
    {
        string drifted = With("allow_authenticate_via_warp", "\"false\"");
        drifted = JsonNode.Parse(drifted)!.AsObject().Also(o => o["deny_unmatched_requests"] = new JsonObject { ["enabled"] = true }).ToJsonString();
        var answers = new ScriptedAnswers().ThenResult(drifted).ThenResult(drifted);
        using var client = answers.Client();
        var log = new RecordingLog();

        ZtOrganization read = await client.GetOrganizationAsync(Account, log);
        var change = new OrganizationChange();
        change.AddDesiredState(read);
        change.Set("SessionDuration", "24h", "SessionDuration");
        var plan = await client.PlanUpdateAsync(Account, change, log);
        answers.ThenResult(plan.Body.ToJsonString());
        await client.ApplyUpdateAsync(plan, log);

        var put = JsonNode.Parse(answers.LastBody("PUT")!)!.AsObject();
        Assert.Equal("false", put["allow_authenticate_via_warp"]!.GetValue<string>());
        Assert.True(put["deny_unmatched_requests"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("24h", put["session_duration"]!.GetValue<string>());
        foreach (string responseOnly in new[] { "created_at", "updated_at", "cache_device_posture", "has_migrated_private_apps", "trusted_accounts" })
        {
            Assert.False(put.ContainsKey(responseOnly), responseOnly + " was written back");
        }

        Assert.Equal("session_duration", Assert.Single(plan.Differences).Path);
    }

    [Theory]
    [InlineData("null", "ZtResultMissing")]
    [InlineData("[1,2]", "ZtResultNotAnObject")]
    [InlineData("\"ok\"", "ZtResultNotAnObject")]
    public async Task A_read_whose_result_is_no_object_fails_with_an_error_that_says_what_came(string result, string errorId)
    {
        using var client = new ScriptedAnswers().ThenResult(result).Client();

        var error = await Assert.ThrowsAsync<ZtResultShapeException>(() => client.GetOrganizationAsync(Account));

        Assert.Equal(errorId, ZtErrorInfo.Describe(error).ErrorId);
        Assert.DoesNotContain("valid JSON", error.Message);
    }

    [Fact]
    public async Task Valid_json_that_is_not_an_envelope_is_never_called_invalid_json()
    {
        using var client = new ScriptedAnswers().Then(200, "[{\"name\":\"x\"}]").Client();

        var error = await Assert.ThrowsAsync<ZtProtocolException>(() => client.GetOrganizationAsync(Account));

        Assert.DoesNotContain("not valid JSON", error.Message);
        Assert.Contains("a list", error.Message);
        Assert.NotEqual("ZtUnexpectedError", ZtErrorInfo.Describe(error).ErrorId);
    }

    [Theory]
    [InlineData("{\"success\":true,\"result\":{\"name\":{\"weird\":1}}}")]
    [InlineData("{\"success\":true,\"result\":null}")]
    [InlineData("<html>ok</html>")]
    [InlineData("")]
    public async Task A_put_answered_2xx_with_an_unreadable_echo_is_applied_and_sent_once(string answer)
    {
        var answers = new ScriptedAnswers().ThenResult(Recorded).Then(200, answer);
        using var client = answers.Client();
        var log = new RecordingLog();

        var plan = await client.PlanUpdateAsync(Account, Changes.Set(("SessionDuration", "24h")), log);
        ZtOrganization written = await client.ApplyUpdateAsync(plan, log);

        Assert.Equal(1, answers.Count("PUT"));
        Assert.Equal(1, answers.Count("GET"));
        Assert.Single(Warnings(log));
        if (!answer.Contains("weird"))
        {
            // No organization came back: the result is what was written.
            Assert.Equal("24h", written.SessionDuration);
        }
    }

    [Fact]
    public async Task An_unreadable_answer_to_the_fresh_read_before_a_put_is_a_failed_read_and_nothing_is_reported_as_applied()
    {
        var answers = new ScriptedAnswers().ThenResult(Recorded).Then(200, "<html>proxy page</html>");
        using var client = answers.Client();
        var plan = await client.PlanUpdateAsync(Account, Changes.Set(("SessionDuration", "24h")));

        await Assert.ThrowsAsync<ZtProtocolException>(() => client.WriteUpdateAsync(plan, UpdateConsent.Asked));

        Assert.Equal(2, answers.Count("GET"));
        Assert.Equal(0, answers.Count("PUT"));
    }

    [Fact]
    public async Task A_post_answered_2xx_with_an_unreadable_body_is_created_and_never_posted_again()
    {
        var answers = new ScriptedAnswers().Then(201, "created");
        using var client = answers.Client();
        var log = new RecordingLog();
        var body = new JsonObject { ["name"] = "New", ["auth_domain"] = "new.cloudflareaccess.com" };

        ZtOrganization created = await client.CreateOrganizationAsync(Account, body, log);

        Assert.Equal(1, answers.Count("POST"));
        Assert.Equal(0, answers.Count("GET"));
        Assert.Equal("new.cloudflareaccess.com", created.AuthDomain);
        Assert.Contains("was applied", Assert.Single(Warnings(log)));
    }

    [Theory]
    [InlineData("{\"result\":true,\"success\":true}", true, false)]
    [InlineData("{\"result\":\"true\",\"success\":true}", true, true)]
    [InlineData("{\"result\":false,\"success\":true}", false, false)]
    [InlineData("{\"success\":true}", true, true)]
    [InlineData("not json", true, true)]
    public async Task A_revocation_is_reported_as_what_cloudflare_said(string answer, bool revoked, bool warned)
    {
        var answers = new ScriptedAnswers().Then(200, answer);
        using var client = answers.Client();
        var log = new RecordingLog();

        ZtRevokeResult result = await client.RevokeUserAsync(Account, new RevokeUserRequest("ann@example.com"), log);

        Assert.Equal(revoked, result.Revoked);
        Assert.Equal(1, answers.Count("POST"));
        Assert.Equal(warned, Warnings(log).Any());
    }

    [Fact]
    public async Task A_doh_answer_with_an_empty_expiry_reads_with_a_warning()
    {
        const string doh = "{\"id\":\"5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24\",\"name\":\"doh\",\"client_id\":\"abc.access\",\"doh_jwt_duration\":\"800h\",\"duration\":\"forever\",\"expires_at\":\"\",\"enabled\":\"true\"}";
        using var client = new ScriptedAnswers().ThenResult(doh).Client();
        var log = new RecordingLog();

        ZtDohSetting setting = await client.GetDohSettingAsync(Account, log);

        Assert.Null(setting.ExpiresAt);
        Assert.True(setting.Enabled);
        Assert.Equal("forever", setting.Duration);
        string warning = Assert.Single(Warnings(log));
        Assert.Contains("expires_at", warning);
        Assert.Contains("enabled", warning);
    }

    [Fact]
    public async Task A_token_check_with_odd_values_still_reads_the_status()
    {
        using var client = new ScriptedAnswers().ThenResult("{\"id\":\"t\",\"status\":\"active\",\"expires_on\":12}").Client();
        var log = new RecordingLog();

        ZtTokenStatus status = await client.VerifyTokenAsync(false, null, log);

        Assert.Equal("active", status.Status);
        Assert.Null(status.ExpiresOn);
        Assert.Single(Warnings(log));
    }
}

internal static class JsonObjectTestExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
