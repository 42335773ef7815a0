using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class RevokeUserTests
{
    private const string UserUid = "b0b0cafe-1234-4abc-9def-0123456789ab";

    [Fact]
    public async Task Account_revoke_answers_with_the_bare_boolean_envelope()
    {
        var answer = await new TestEmulator().SendAsync(Call.Post(Paths.AccountRevoke(), Json.Object(("email", "user@example.com"))));

        Assert.Equal(200, answer.Status);
        Assert.Equal("{\"result\":true,\"success\":true}", answer.Text);
    }

    [Fact]
    public async Task Account_revoke_records_every_field_and_the_devices_query()
    {
        var emulator = new TestEmulator();
        var body = Json.Object(("email", "user@example.com"), ("user_uid", UserUid), ("devices", true), ("warp_session_reauth", false));

        await emulator.SendAsync(Call.Post(Paths.AccountRevoke() + "?devices=false", body));

        var record = Assert.Single(emulator.Engine.Revocations);
        Assert.Equal("account", record.ScopeKind);
        Assert.Equal(EmulatorDefaults.AccountId, record.ScopeId);
        Assert.Equal("user@example.com", record.Email);
        Assert.Equal(UserUid, record.UserUid);
        Assert.True(record.Devices);
        Assert.False(record.DevicesQuery);
        Assert.False(record.WarpSessionReauth);
        Assert.True(record.RevokesDevices);
        Assert.Equal(emulator.Clock.Now, record.Time);
    }

    [Theory]
    [InlineData("?devices=true", true)]
    [InlineData("?devices=1", true)]
    [InlineData("?devices=False", false)]
    [InlineData("", null)]
    public async Task Devices_query_is_read_like_a_go_boolean(string query, bool? expected)
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Post(Paths.AccountRevoke() + query, Json.Object(("email", "user@example.com"))));

        var record = Assert.Single(emulator.Engine.Revocations);
        Assert.Equal(expected, record.DevicesQuery);
        Assert.Null(record.Devices);
        Assert.Equal(expected ?? false, record.RevokesDevices);
    }

    [Fact]
    public async Task Devices_query_that_is_not_a_boolean_is_refused()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Post(Paths.AccountRevoke() + "?devices=maybe", Json.Object(("email", "user@example.com"))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Contains("devices query parameter", answer.ErrorMessage);
        Assert.Empty(emulator.Engine.Revocations);
    }

    [Theory]
    [InlineData("{}", "/email", "email is required")]
    [InlineData("{\"email\":null}", "/email", "email is required")]
    [InlineData("{\"email\":42}", "/email", "email must be a string")]
    [InlineData("{\"email\":\"not-an-email\"}", "/email", "email must be an email address")]
    [InlineData("{\"email\":\"user@example.com\",\"user_uid\":\"123\"}", "/user_uid", "user_uid must be a UUID")]
    [InlineData("{\"email\":\"user@example.com\",\"devices\":\"yes\"}", "/devices", "devices must be true or false")]
    [InlineData("{\"email\":\"user@example.com\",\"warp_session_reauth\":1}", "/warp_session_reauth", "warp_session_reauth must be true or false")]
    public async Task Invalid_account_revoke_body_is_400_12130_with_a_pointer(string body, string pointer, string detail)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Post(Paths.AccountRevoke()).WithRawBody(body));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal(pointer, answer.Pointer);
        Assert.StartsWith("access.api.error.invalid_request: " + detail, answer.ErrorMessage);
        Assert.Empty(emulator.Engine.Revocations);
        Assert.Equal(0, emulator.Engine.Journal.CountApplied(JournalOperation.RevokeUser));
    }

    [Fact]
    public async Task Revoke_without_a_body_needs_an_email()
    {
        var answer = await new TestEmulator().SendAsync(Call.Post(Paths.AccountRevoke()));

        Assert.Equal("/email", answer.Pointer);
    }

    [Fact]
    public async Task Zone_revoke_keeps_only_the_email()
    {
        var emulator = new TestEmulator();
        var body = Json.Object(("email", "user@example.com"), ("devices", true), ("user_uid", UserUid));

        var answer = await emulator.SendAsync(Call.Post(Paths.ZoneRevoke() + "?devices=true", body));

        Assert.Equal("{\"result\":true,\"success\":true}", answer.Text);
        var record = Assert.Single(emulator.Engine.Revocations);
        Assert.Equal("zone", record.ScopeKind);
        Assert.Equal(EmulatorDefaults.ZoneId, record.ScopeId);
        Assert.Null(record.Devices);
        Assert.Null(record.DevicesQuery);
        Assert.Null(record.UserUid);
        Assert.False(record.RevokesDevices);
    }

    [Fact]
    public async Task Zone_revoke_refuses_extra_body_keys_in_strict_mode()
    {
        var emulator = new TestEmulator(o => o.Strict = true);

        var answer = await emulator.SendAsync(Call.Post(Paths.ZoneRevoke(), Json.Object(("email", "user@example.com"), ("devices", true))));

        Assert.Equal(400, answer.Status);
        Assert.Equal("/devices", answer.Pointer);
        Assert.Empty(emulator.Engine.Revocations);
    }

    [Fact]
    public async Task Zone_revoke_refuses_the_devices_query_in_strict_mode()
    {
        var emulator = new TestEmulator(o => o.Strict = true);

        var answer = await emulator.SendAsync(Call.Post(Paths.ZoneRevoke() + "?devices=true", Json.Object(("email", "user@example.com"))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Revoke_without_organization_is_not_enabled(bool zone)
    {
        var emulator = new TestEmulator(o => o.Seed = false);

        var answer = await emulator.SendAsync(Call.Post(zone ? Paths.ZoneRevoke() : Paths.AccountRevoke(), Json.Object(("email", "user@example.com"))));

        Assert.Equal(404, answer.Status);
        Assert.Equal(9999, answer.ErrorCode);
        Assert.Empty(emulator.Engine.Revocations);
    }

    [Fact]
    public async Task Each_revocation_is_journalled_as_applied_with_its_email()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Post(Paths.AccountRevoke(), Json.Object(("email", "one@example.com"))));
        await emulator.SendAsync(Call.Post(Paths.ZoneRevoke(), Json.Object(("email", "two@example.com"))));
        await emulator.SendAsync(Call.Post(Paths.AccountRevoke(), Json.Object(("email", "one@example.com"))));

        Assert.Equal(3, emulator.Engine.Journal.CountApplied(JournalOperation.RevokeUser));
        var entries = emulator.Engine.Journal.Entries;
        Assert.Equal(new[] { "one@example.com", "two@example.com", "one@example.com" }, entries.Select(e => e.Email));
        Assert.Equal(new[] { "account", "zone", "account" }, entries.Select(e => e.ScopeKind));
        Assert.Equal(3, emulator.Engine.Revocations.Count);
    }
}
