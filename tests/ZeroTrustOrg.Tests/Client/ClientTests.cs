using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;
using GoDuration = ZeroTrustOrg.Core.GoDuration;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg.Tests.Client;

public class ClientTests
{
    [Fact]
    public async Task Reads_the_seeded_account_organization_with_every_field_typed()
    {
        using var h = new Harness();
        ZtOrganization org = await h.Client.GetOrganizationAsync(Harness.Account);

        Assert.Equal(EmulatorDefaults.AccountId, org.AccountId);
        Assert.Null(org.ZoneId);
        Assert.Equal("Account", org.Scope);
        Assert.False(string.IsNullOrEmpty(org.Name));
        Assert.EndsWith(".cloudflareaccess.com", org.AuthDomain);
        Assert.NotNull(org.CreatedAt);
        Assert.NotNull(org.LoginDesign);
        Assert.NotNull(org.MfaConfig);
        Assert.True(GoDuration.TryParse(org.SessionDuration, out _));
    }

    [Fact]
    public async Task Reads_the_zone_organization_with_the_zone_shape()
    {
        using var h = new Harness();
        ZtOrganization org = await h.Client.GetOrganizationAsync(Harness.Zone);

        Assert.Equal(EmulatorDefaults.ZoneId, org.ZoneId);
        Assert.Equal("Zone", org.Scope);
        Assert.Null(org.SessionDuration);
        Assert.Null(org.MfaConfig);
    }

    [Fact]
    public async Task Unknown_fields_from_the_server_are_kept_on_a_write()
    {
        using var h = new Harness();
        var stored = h.StoredAccountOrg;
        stored["future_field"] = new JsonObject { ["mode"] = "strict", ["level"] = 3 };
        h.Engine.AddOrganization(false, Harness.Account.Id, stored);

        ZtOrganization read = await h.Client.GetOrganizationAsync(Harness.Account);
        Assert.Contains("future_field", read.UnknownFieldNames);

        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        await h.Client.ApplyUpdateAsync(plan);

        Assert.Equal("strict", h.StoredAccountOrg["future_field"]!["mode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(PutMode.Merge)]
    [InlineData(PutMode.Replace)]
    public async Task Set_with_one_field_keeps_all_others_under_either_put_mode(object mode)
    {
        // The parameter is an object: the type is internal and a public theory cannot name it.
        var putMode = (PutMode)mode;
        using var h = new Harness(o => o.PutMode = putMode);
        JsonObject before = h.StoredAccountOrg;

        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")));
        ZtOrganization after = await h.Client.ApplyUpdateAsync(plan);

        Assert.Equal("12h", after.SessionDuration);
        JsonObject stored = h.StoredAccountOrg;
        foreach (var property in before)
        {
            if (property.Key is "session_duration" or "updated_at")
            {
                continue;
            }

            // false and absent are the same value to Cloudflare (docs/cloudflare-api.md#behaviour-notes), e.g. auto_redirect_to_identity.
            Assert.True(ZeroTrustOrg.Core.Organization.JsonValues.SameEffectiveValue(property.Value, stored[property.Key]), $"{property.Key} changed under {putMode}: {property.Value?.ToJsonString()} -> {stored[property.Key]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Result_of_an_update_keeps_read_only_fields_the_put_answer_leaves_out()
    {
        using var h = new Harness();
        var stored = h.StoredAccountOrg;
        stored["trusted_accounts"] = new JsonArray("0123456789abcdef0123456789abcdef");
        h.Engine.AddOrganization(false, Harness.Account.Id, stored);

        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "10h")));
        ZtOrganization after = await h.Client.ApplyUpdateAsync(plan);

        Assert.Equal(new[] { "0123456789abcdef0123456789abcdef" }, after.TrustedAccounts);
        Assert.False(plan.Body.ContainsKey("trusted_accounts"));
    }

    [Fact]
    public async Task Zone_update_sends_only_zone_fields_even_in_strict_mode()
    {
        using var h = new Harness(o => o.Strict = true);
        var plan = await h.Client.PlanUpdateAsync(Harness.Zone, Changes.Set(("Name", "Zone renamed")));
        ZtOrganization after = await h.Client.ApplyUpdateAsync(plan);
        Assert.Equal("Zone renamed", after.Name);
    }

    [Fact]
    public async Task Create_answers_201_and_a_second_create_is_a_typed_conflict_pointing_to_set()
    {
        using var h = new Harness(o => o.Seed = false);
        var body = OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "Fresh"), ("AuthDomain", "fresh.cloudflareaccess.com")), Harness.Account, out _);

        ZtOrganization created = await h.Client.CreateOrganizationAsync(Harness.Account, body);
        Assert.Equal("Fresh", created.Name);
        Assert.Equal(201, h.Engine.Journal.Entries.Last().StatusCode);

        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.CreateOrganizationAsync(Harness.Account, body));
        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal("ZtOrganizationExists", info.ErrorId);
        Assert.Equal(ZtErrorCategory.ResourceExists, info.Category);
        Assert.Contains("Set-ZtOrganization", info.RecommendedAction);
        Assert.Equal(1, h.Engine.Journal.CountApplied(JournalOperation.CreateOrganization));
    }

    [Fact]
    public async Task Missing_organization_is_object_not_found_with_a_hint_to_create_it()
    {
        using var h = new Harness(o => o.Seed = false);
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.True(ex.HasCode(9999) || ex.HasMessageKey("not_enabled"));
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal(ZtErrorCategory.ObjectNotFound, info.Category);
        Assert.Contains("New-ZtOrganization", info.RecommendedAction);
        Assert.NotNull(ex.CfRay);
        Assert.Contains("GET", ex.Message);
        Assert.Contains("/accounts/" + EmulatorDefaults.AccountId, ex.Url);
    }

    [Fact]
    public async Task Unknown_token_is_an_authentication_error_that_never_shows_the_token()
    {
        using var h = new Harness(token: "wrong-token-value-123");
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal(ZtErrorCategory.AuthenticationError, info.Category);
        Assert.Equal("ZtInvalidCredential", info.ErrorId);
        Assert.DoesNotContain("wrong-token-value-123", ex.ToString());
        Assert.Equal(1, h.RequestCount);
    }

    [Fact]
    public async Task Token_without_write_permission_is_permission_denied_naming_the_permission()
    {
        using var h = new Harness(o => o.TokenPermissions[EmulatorDefaults.ApiToken] = EmulatorPermissions.Read);
        var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("Name", "X")));
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.ApplyUpdateAsync(plan));
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal(ZtErrorCategory.PermissionDenied, info.Category);
        Assert.Contains("Access: Organizations", info.RecommendedAction);
    }

    [Fact]
    public async Task Revoke_at_account_scope_sends_the_options_and_at_zone_scope_email_only()
    {
        using var h = new Harness();
        var account = await h.Client.RevokeUserAsync(Harness.Account, new RevokeUserRequest(" Jane@Example.com ").WithUserUid("6D2A2A83-1D1B-4B1C-8B0A-3B0F6F4A2C11"));
        Assert.True(account.Revoked);
        Assert.Equal("Jane@Example.com", account.Email);

        var withDevices = new RevokeUserRequest("joe@example.com") { Devices = true, WarpSessionReauth = false };
        Assert.True((await h.Client.RevokeUserAsync(Harness.Account, withDevices)).Revoked);
        var zone = await h.Client.RevokeUserAsync(Harness.Zone, new RevokeUserRequest("joe@example.com"));
        Assert.True(zone.Revoked);
        Assert.Equal("Zone", zone.Scope);

        var revokes = h.Engine.Journal.Entries.Where(e => e.Operation == JournalOperation.RevokeUser).ToList();
        Assert.Equal(3, revokes.Count);
        var deviceBody = JsonNode.Parse(revokes[1].RequestBody!)!;
        Assert.True(deviceBody["devices"]!.GetValue<bool>());
        Assert.False(deviceBody["warp_session_reauth"]!.GetValue<bool>());
        Assert.Contains("devices=true", revokes[1].Query);
        var zoneBody = JsonNode.Parse(revokes[2].RequestBody!)!.AsObject();
        Assert.Equal(new[] { "email" }, zoneBody.Select(p => p.Key));
        Assert.Equal("6d2a2a83-1d1b-4b1c-8b0a-3b0f6f4a2c11", JsonNode.Parse(revokes[0].RequestBody!)!["user_uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Doh_update_accepts_201_and_returns_the_service_token_view()
    {
        using var h = new Harness();
        ZtDohSetting set = await h.Client.SetDohSettingAsync(Harness.Account, new DohSettingChange("800h", EmulatorDefaults.DohServiceTokenId));
        Assert.Equal(201, h.Engine.Journal.Entries.Last().StatusCode);
        Assert.Equal("800h", set.DohJwtDuration);
        Assert.Equal(EmulatorDefaults.DohServiceTokenId, set.Id);
        Assert.Equal(EmulatorDefaults.DohServiceTokenClientId, set.ClientId);

        ZtDohSetting read = await h.Client.GetDohSettingAsync(Harness.Account);
        Assert.Equal("800h", read.DohJwtDuration);
    }

    [Fact]
    public async Task Unknown_doh_service_token_says_the_id_is_needed_not_the_client_id()
    {
        using var h = new Harness();
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.SetDohSettingAsync(Harness.Account, new DohSettingChange(null, "00000000-0000-0000-0000-000000000000")));
        var info = ZtErrorInfo.Describe(ex);
        Assert.Equal("ZtServiceTokenNotFound", info.ErrorId);
        Assert.Contains("not its Client ID", info.RecommendedAction);
    }

    [Fact]
    public async Task Verifies_user_tokens_and_routes_account_owned_tokens_to_the_account_endpoint()
    {
        using var h = new Harness();
        ZtTokenStatus status = await h.Client.VerifyTokenAsync(looksAccountOwned: false, accountId: null);
        Assert.Equal("active", status.Status);

        const string accountToken = "cfat_0123456789abcdef0123456789abcdef01234567abcd";
        using var owned = new Harness(o => o.ApiTokens.Add(accountToken), token: accountToken);
        ZtTokenStatus direct = await owned.Client.VerifyTokenAsync(looksAccountOwned: true, EmulatorDefaults.AccountId);
        Assert.Equal("active", direct.Status);
        Assert.Contains("/accounts/" + EmulatorDefaults.AccountId + "/tokens/verify", owned.Engine.Journal.Entries.Single().Path);

        // A 1000 from the user endpoint with an account known falls back to the account endpoint.
        using var fallback = new Harness(o => o.ApiTokens.Add(accountToken), token: accountToken);
        ZtTokenStatus viaFallback = await fallback.Client.VerifyTokenAsync(looksAccountOwned: false, EmulatorDefaults.AccountId);
        Assert.Equal("active", viaFallback.Status);
        Assert.Equal(2, fallback.RequestCount);
    }

    [Theory]
    [InlineData(FaultKind.BadGateway502Html, "502")]
    [InlineData(FaultKind.ServiceUnavailable503Html, "503")]
    public async Task Html_error_page_from_the_edge_is_a_clear_exception_not_a_parser_crash(FaultKind fault, string status)
    {
        using var h = new Harness(transport: t => t.MaxRetries = 0);
        h.Engine.Faults.EnqueueNext(fault);
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.Equal(status, ((int)ex.StatusCode).ToString());
        Assert.NotNull(ex.BodyExcerpt);
        Assert.DoesNotContain("<", ex.BodyExcerpt);
        Assert.Equal(ZtErrorCategory.ResourceUnavailable, ZtErrorInfo.Describe(ex).Category);
    }

    [Fact]
    public async Task Malformed_json_on_200_is_a_protocol_error_once_retries_are_spent()
    {
        using var h = new Harness(transport: t => t.MaxRetries = 0);
        h.Engine.Faults.EnqueueNext(FaultKind.MalformedJson);
        var ex = await Assert.ThrowsAsync<ZtProtocolException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.Equal("ZtUnreadableResponse", ZtErrorInfo.Describe(ex).ErrorId);
    }

    [Fact]
    public async Task Success_false_on_a_200_is_an_api_error_with_the_codes()
    {
        using var h = new Harness();
        h.Engine.Faults.EnqueueNext(FaultKind.SuccessFalseOn200);
        var ex = await Assert.ThrowsAsync<ZtApiException>(() => h.Client.GetOrganizationAsync(Harness.Account));
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public async Task Server_validation_errors_carry_the_source_pointer()
    {
        using var h = new Harness();
        var request = new HttpRequestMessage(HttpMethod.Put, $"http://emulator.test/client/v4/accounts/{EmulatorDefaults.AccountId}/access/organizations")
        {
            Content = new StringContent("{\"user_seat_expiration_inactive_time\":\"24h\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorDefaults.ApiToken);
        using var raw = new HttpClient(new EmulatorHandler(h.Engine));
        using var response = await raw.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();

        var ex = Assert.Throws<ZtApiException>(() => ZeroTrustOrg.Core.Envelope.ReadResult(response, text, request));
        Assert.Contains(ex.Errors, e => e.Pointer == "/user_seat_expiration_inactive_time");
        Assert.Equal(ZtErrorCategory.InvalidArgument, ZtErrorInfo.Describe(ex).Category);
    }
}
