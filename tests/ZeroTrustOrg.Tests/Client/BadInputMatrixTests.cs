using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Client;

/// <summary>
/// Every bad input fails with a ZtValidationException that names the parameter, before any request:
/// each case runs the same Core path a cmdlet runs and then checks the emulator saw nothing.
/// </summary>
public class BadInputMatrixTests
{
    public static IEnumerable<object[]> Cases()
    {
        // (case name, expected parameter, action)
        object[] C(string name, string parameter, Func<ZtClient, Task> act) => new object[] { name, parameter, act };
        Task Update(ZtClient c, ZtScope scope, params (string, object?)[] fields) => c.PlanUpdateAsync(scope, Changes.Set(fields));
        Task UpdateNested(ZtClient c, string field, params (string, object?)[] keys)
        {
            var change = new OrganizationChange();
            change.MergeObject(field, Changes.Keys(keys), field);
            return c.PlanUpdateAsync(Harness.Account, change);
        }

        var a = Harness.Account;
        var z = Harness.Zone;

        // Durations: grammar, units, ranges (docs/cloudflare-api.md#durations)
        yield return C("session days", "SessionDuration", c => Update(c, a, ("SessionDuration", "7d")));
        yield return C("session no unit", "SessionDuration", c => Update(c, a, ("SessionDuration", "24")));
        yield return C("session garbage", "SessionDuration", c => Update(c, a, ("SessionDuration", "soon")));
        yield return C("session negative", "SessionDuration", c => Update(c, a, ("SessionDuration", "-1h")));
        yield return C("session not text", "SessionDuration", c => Update(c, a, ("SessionDuration", 12)));
        yield return C("seat below 730h", "UserSeatExpirationInactiveTime", c => Update(c, a, ("UserSeatExpirationInactiveTime", "720h")));
        yield return C("seat above a year", "UserSeatExpirationInactiveTime", c => Update(c, a, ("UserSeatExpirationInactiveTime", "9000h")));
        yield return C("seat in days", "UserSeatExpirationInactiveTime", c => Update(c, z, ("UserSeatExpirationInactiveTime", "31d")));
        yield return C("warp seconds", "WarpAuthSessionDuration", c => Update(c, a, ("WarpAuthSessionDuration", "3600s")));
        yield return C("warp mixed units", "WarpAuthSessionDuration", c => Update(c, a, ("WarpAuthSessionDuration", "1h30s")));
        yield return C("mfa session seconds", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("SessionDuration", "90s")));
        yield return C("mfa session above 720h", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("SessionDuration", "721h")));
        yield return C("amr above 720h", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("AmrMatchingSessionDuration", "800h")));

        // Enums and nested objects (docs/cloudflare-api.md#nested-objects)
        yield return C("unknown authenticator", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("AllowedAuthenticators", new[] { "totp", "sms" })));
        yield return C("aaguid not uuid", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("RequiredAaguids", "list-1")));
        yield return C("unknown mfa key", "MfaConfig", c => UpdateNested(c, "MfaConfig", ("Authenticators", new[] { "totp" })));
        yield return C("pin policy", "MfaPivKeyRequirements", c => UpdateNested(c, "MfaPivKeyRequirements", ("PinPolicy", "sometimes")));
        yield return C("touch policy", "MfaPivKeyRequirements", c => UpdateNested(c, "MfaPivKeyRequirements", ("TouchPolicy", "maybe")));
        yield return C("ssh key type", "MfaPivKeyRequirements", c => UpdateNested(c, "MfaPivKeyRequirements", ("SshKeyType", new[] { "dsa" })));
        yield return C("ssh key size", "MfaPivKeyRequirements", c => UpdateNested(c, "MfaPivKeyRequirements", ("SshKeyType", new[] { "rsa" }), ("SshKeySize", new[] { 1024 })));
        yield return C("inactivity action", "ServiceTokenInactivity", c => UpdateNested(c, "ServiceTokenInactivity", ("Action", "archive"), ("Enabled", true), ("InactivityThresholdDays", 90)));
        yield return C("inactivity days low", "ServiceTokenInactivity", c => UpdateNested(c, "ServiceTokenInactivity", ("Action", "disable"), ("Enabled", true), ("InactivityThresholdDays", 7)));
        yield return C("inactivity days high", "ServiceTokenInactivity", c => UpdateNested(c, "ServiceTokenInactivity", ("Action", "delete"), ("Enabled", true), ("InactivityThresholdDays", 400)));
        yield return C("inactivity days not a number", "ServiceTokenInactivity", c => UpdateNested(c, "ServiceTokenInactivity", ("Action", "disable"), ("Enabled", true), ("InactivityThresholdDays", "many")));
        yield return C("login design unknown key", "LoginDesign", c => UpdateNested(c, "LoginDesign", ("Colour", "#fff")));
        yield return C("login design not an object", "LoginDesign", c => Update(c, a, ("LoginDesign", "blue")));
        yield return C("boolean as text", "IsUiReadOnly", c => Update(c, a, ("IsUiReadOnly", "perhaps")));

        // Names and domains
        yield return C("empty name", "Name", c => Update(c, a, ("Name", "  ")));
        yield return C("auth domain url", "AuthDomain", c => Update(c, a, ("AuthDomain", "https://team.cloudflareaccess.com")));
        yield return C("auth domain spaces", "AuthDomain", c => Update(c, a, ("AuthDomain", "my team.cloudflareaccess.com")));

        // Account-only fields at zone scope (docs/cloudflare-api.md#zone-organization-fields)
        yield return C("zone session", "SessionDuration", c => Update(c, z, ("SessionDuration", "1h")));
        yield return C("zone warp flag", "AllowAuthenticateViaWarp", c => Update(c, z, ("AllowAuthenticateViaWarp", true)));
        yield return C("zone deny unmatched", "DenyUnmatchedRequests", c => Update(c, z, ("DenyUnmatchedRequests", true)));
        yield return C("zone custom pages", "CustomPages", c => c.PlanUpdateAsync(z, ChangeWith("CustomPages", ("Forbidden", "abc"))));
        yield return C("zone mfa", "MfaConfig", c => c.PlanUpdateAsync(z, ChangeWith("MfaConfig", ("SessionDuration", "1h"))));
        yield return C("read-only timestamp", "CreatedAt", c => Update(c, a, ("CreatedAt", "2020-01-01T00:00:00Z")));

        // Create (docs/cloudflare-api.md#create)
        yield return C("create custom pages", "CustomPages", c => Create(c, a, ("Name", "N"), ("AuthDomain", "n.cloudflareaccess.com"), ("CustomPages", Changes.Keys(("Forbidden", "x")))));
        yield return C("create without domain", "AuthDomain", c => Create(c, a, ("Name", "N")));
        yield return C("create zone session", "SessionDuration", c => Create(c, z, ("Name", "N"), ("AuthDomain", "n.cloudflareaccess.com"), ("SessionDuration", "1h")));
        yield return C("mfa for all apps without mfa", "MfaRequiredForAllApps", c => Create(c, a, ("Name", "N"), ("AuthDomain", "n.cloudflareaccess.com"), ("MfaRequiredForAllApps", true)));

        // Scope ids
        yield return C("account id short", "AccountId", c => c.GetOrganizationAsync(ZtScope.Account("699d98642c")));
        yield return C("zone id is a name", "ZoneId", c => c.GetOrganizationAsync(ZtScope.Zone("example.com")));
        yield return C("both scopes", "ZoneId", c => c.GetOrganizationAsync(ZtScope.Resolve("699d98642c564d2e855e9661899b7252", "023e105f4ecef8ad9ca31a8372d0c353", null)));

        // Revoke (docs/cloudflare-api.md#revoking-a-user)
        yield return C("revoke bad email", "Email", c => c.RevokeUserAsync(a, new RevokeUserRequest("not-an-email")));
        yield return C("revoke two emails in one", "Email", c => c.RevokeUserAsync(a, new RevokeUserRequest("a@x.com,b@x.com")));
        yield return C("revoke empty email", "Email", c => c.RevokeUserAsync(a, new RevokeUserRequest(" ")));
        yield return C("revoke user uid not uuid", "UserUid", c => c.RevokeUserAsync(a, new RevokeUserRequest("a@x.com").WithUserUid("42")));
        yield return C("revoke devices at zone", "Devices", c => c.RevokeUserAsync(z, new RevokeUserRequest("a@x.com") { Devices = true }));
        yield return C("revoke warp reauth at zone", "WarpSessionReauth", c => c.RevokeUserAsync(z, new RevokeUserRequest("a@x.com") { WarpSessionReauth = false }));
        yield return C("revoke uid at zone", "UserUid", c => c.RevokeUserAsync(z, new RevokeUserRequest("a@x.com").WithUserUid("6d2a2a83-1d1b-4b1c-8b0a-3b0f6f4a2c11")));

        // DoH (docs/cloudflare-api.md#doh-settings)
        yield return C("doh nothing to change", "DohJwtDuration", c => c.SetDohSettingAsync(a, new DohSettingChange(null, null)));
        yield return C("doh duration days", "DohJwtDuration", c => c.SetDohSettingAsync(a, new DohSettingChange("30d", null)));
        yield return C("doh token id is a client id", "ServiceTokenId", c => c.SetDohSettingAsync(a, new DohSettingChange(null, "8f2a4c6e0b1d3f5a7c9e1b3d5f7a9c0e.access")));
        yield return C("doh at zone", "ZoneId", c => c.GetDohSettingAsync(z));

        // Transport settings
        yield return C("rate limit text", "RateLimit", _ => Task.FromResult(ZeroTrustOrg.Core.Transport.TransportSettings.ParseRateLimit("fast")));
        yield return C("base uri http remote", "BaseUri", _ => Task.FromResult(ZtConnectionSettings.ValidateBaseUri("http://api.cloudflare.com/client/v4")));
    }

    /// <summary>Rules that depend on what is stored can only run after the GET; they still fail before any write.</summary>
    public static IEnumerable<object[]> StoredValueCases()
    {
        object[] C(string name, string parameter, string field, params (string, object?)[] keys) => new object[] { name, parameter, field, keys };
        yield return C("ssh key size without its type", "MfaPivKeyRequirements", "MfaPivKeyRequirements", ("SshKeyType", new[] { "ed25519" }), ("SshKeySize", new[] { 256 }));
        yield return C("inactivity incomplete", "ServiceTokenInactivity", "ServiceTokenInactivity", ("Action", "disable"));
        yield return C("mfa for all apps without a session", "MfaConfig", "MfaConfig", ("SessionDuration", null));
    }

    [Theory]
    [MemberData(nameof(StoredValueCases))]
    public async Task Rules_on_stored_values_fail_before_any_write(string name, string parameter, string field, (string, object?)[] keys)
    {
        using var harness = new Harness();
        var stored = harness.StoredAccountOrg;
        stored.Remove("service_token_inactivity");
        stored["mfa_required_for_all_apps"] = true;
        stored["mfa_config"] = new System.Text.Json.Nodes.JsonObject { ["allowed_authenticators"] = new System.Text.Json.Nodes.JsonArray("totp"), ["session_duration"] = "24h" };
        harness.Engine.AddOrganization(false, Harness.Account.Id, stored);
        string before = harness.StoredAccountOrg.ToJsonString();

        var ex = await Assert.ThrowsAsync<ZtValidationException>(() => harness.Client.PlanUpdateAsync(Harness.Account, ChangeWith(field, keys)));

        Assert.True(parameter == ex.Parameter, $"{name}: expected {parameter}, got {ex.Parameter} ({ex.Message})");
        Assert.All(harness.Engine.Journal.Entries, e => Assert.Equal("GET", e.Method));
        Assert.Equal(before, harness.StoredAccountOrg.ToJsonString());
    }

    private static OrganizationChange ChangeWith(string field, params (string, object?)[] keys)
    {
        var change = new OrganizationChange();
        change.MergeObject(field, Changes.Keys(keys), field);
        return change;
    }

    private static Task Create(ZtClient client, ZtScope scope, params (string, object?)[] fields) =>
        client.CreateOrganizationAsync(scope, OrganizationPlanner.BuildCreateBody(Changes.Set(fields), scope, out _));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_fails_before_any_request(string name, string parameter, object act)
    {
        // The parameter is an object: ZtClient is internal and a public theory cannot name it.
        var request = (Func<ZtClient, Task>)act;
        using var harness = new Harness();

        var ex = await Assert.ThrowsAsync<ZtValidationException>(() => request(harness.Client));

        Assert.True(parameter == ex.Parameter, $"{name}: expected parameter {parameter}, got {ex.Parameter} ({ex.Message})");
        Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction), name);
        Assert.Equal(0, harness.RequestCount);
        Assert.Equal(ZtErrorCategory.InvalidArgument, ZtErrorInfo.Describe(ex).Category);
    }

    [Fact]
    public void The_matrix_is_at_least_forty_cases()
    {
        Assert.True(Cases().Count() >= 40);
    }
}
