using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class AuthenticationTests
{
    private const string ReadOnlyToken = "read-only-token";
    private const string RevokeOnlyToken = "revoke-only-token";
    private const string AccountOwnedToken = "cfat_0123456789abcdefghijklmnopqrstuvwxyzABCD";

    private static TestEmulator WithRestrictedTokens() => new(o =>
    {
        o.ApiTokens.Add(ReadOnlyToken);
        o.ApiTokens.Add(RevokeOnlyToken);
        o.ApiTokens.Add(AccountOwnedToken);
        o.TokenPermissions[ReadOnlyToken] = EmulatorPermissions.Read;
        o.TokenPermissions[RevokeOnlyToken] = EmulatorPermissions.Revoke;
    });

    [Fact]
    public async Task Dev_token_is_accepted_by_default()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithToken(EmulatorDefaults.ApiToken));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Dev_global_key_is_accepted_by_default()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey());

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Global_key_email_matches_case_insensitively()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey("Admin@Example.com"));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Missing_credentials_are_400_6003_with_the_x_auth_key_chain()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithoutCredentials());

        Assert.Equal(400, answer.Status);
        Assert.Equal(6003, answer.ErrorCode);
        Assert.Equal("Invalid request headers", answer.ErrorMessage);
        var chain = answer.FirstError["error_chain"]!.AsArray();
        Assert.Equal(6103, chain[0]!["code"]!.GetValue<int>());
        Assert.Equal("Invalid format for X-Auth-Key header", chain[0]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Bearer  " + EmulatorDefaults.ApiToken)]
    [InlineData("Bearer " + EmulatorDefaults.ApiToken + " ")]
    [InlineData("Bearer " + EmulatorDefaults.ApiToken + "\n")]
    [InlineData("Bearer \"" + EmulatorDefaults.ApiToken + "\"")]
    [InlineData("Bearer Bearer " + EmulatorDefaults.ApiToken)]
    [InlineData(EmulatorDefaults.ApiToken)]
    [InlineData("Basic " + EmulatorDefaults.ApiToken)]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("")]
    public async Task Malformed_authorization_header_is_400_6003_with_chain_6111(string header)
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithAuthorization(header));

        Assert.Equal(400, answer.Status);
        Assert.Equal(6003, answer.ErrorCode);
        var link = answer.FirstError["error_chain"]![0]!;
        Assert.Equal(6111, link["code"]!.GetValue<int>());
        Assert.Equal("Invalid format for Authorization header", link["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithAuthorization("bearer " + EmulatorDefaults.ApiToken));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Unknown_token_is_401_with_code_1000()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("zt-emulator-dev-tokeN"));

        Assert.Equal(401, answer.Status);
        Assert.Equal(1000, answer.ErrorCode);
        Assert.Equal("Invalid API Token", answer.ErrorMessage);
    }

    [Fact]
    public async Task Token_wins_when_a_global_key_is_sent_too()
    {
        var call = Call.Get(Paths.AccountOrganization()).WithGlobalKey().WithHeader("Authorization", "Bearer wrong-token");

        var answer = await new TestEmulator().SendAsync(call);

        Assert.Equal(1000, answer.ErrorCode);
    }

    [Theory]
    [InlineData(EmulatorDefaults.Email, "1123456789abcdef0123456789abcdef01234")]
    [InlineData("someone@example.com", EmulatorDefaults.ApiKey)]
    public async Task Unknown_global_key_or_email_is_403_with_code_9103(string email, string key)
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey(email, key));

        Assert.Equal(403, answer.Status);
        Assert.Equal(9103, answer.ErrorCode);
        Assert.Equal("Unknown X-Auth-Key or X-Auth-Email", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234")]
    [InlineData("0123")]
    [InlineData("")]
    public async Task Malformed_global_key_is_400_6003_with_chain_6103(string key)
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey(EmulatorDefaults.Email, key));

        Assert.Equal(400, answer.Status);
        Assert.Equal(6003, answer.ErrorCode);
        Assert.Equal(6103, answer.FirstError["error_chain"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Global_key_without_email_is_400_6003_with_chain_6102()
    {
        var call = Call.Get(Paths.AccountOrganization()).WithGlobalKey().WithoutHeader("X-Auth-Email");

        var answer = await new TestEmulator().SendAsync(call);

        Assert.Equal(6003, answer.ErrorCode);
        Assert.Equal(6102, answer.FirstError["error_chain"]![0]!["code"]!.GetValue<int>());
    }

    private const string RevokeBody = "{\"email\":\"a@example.com\"}";

    public static TheoryData<string, string, string, string?, int> PermissionCases => new()
    {
        { ReadOnlyToken, "GET", Paths.AccountOrganization(), null, 200 },
        { ReadOnlyToken, "GET", Paths.ZoneOrganization(), null, 200 },
        { ReadOnlyToken, "GET", Paths.Doh(), null, 200 },
        { ReadOnlyToken, "PUT", Paths.AccountOrganization(), "{}", 403 },
        { ReadOnlyToken, "PUT", Paths.ZoneOrganization(), "{}", 403 },
        { ReadOnlyToken, "PUT", Paths.Doh(), "{}", 403 },
        { ReadOnlyToken, "POST", Paths.AccountOrganization(), "{\"name\":\"a\",\"auth_domain\":\"a.example\"}", 403 },
        { ReadOnlyToken, "POST", Paths.AccountRevoke(), RevokeBody, 403 },
        { RevokeOnlyToken, "GET", Paths.AccountOrganization(), null, 200 },
        { RevokeOnlyToken, "POST", Paths.AccountRevoke(), RevokeBody, 200 },
        { RevokeOnlyToken, "POST", Paths.ZoneRevoke(), RevokeBody, 200 },
        { RevokeOnlyToken, "PUT", Paths.AccountOrganization(), "{}", 403 },
        { RevokeOnlyToken, "PUT", Paths.Doh(), "{}", 403 },
        { EmulatorDefaults.ApiToken, "PUT", Paths.AccountOrganization(), "{}", 200 },
        { EmulatorDefaults.ApiToken, "PUT", Paths.Doh(), "{}", 201 },
    };

    [Theory]
    [MemberData(nameof(PermissionCases))]
    public async Task Token_permissions_follow_the_contract_table(string token, string method, string path, string? body, int expectedStatus)
    {
        var emulator = WithRestrictedTokens();
        var call = Call.Send(method, path).WithToken(token);
        if (body != null)
        {
            call.WithRawBody(body);
        }

        var answer = await emulator.SendAsync(call);

        Assert.Equal(expectedStatus, answer.Status);
        if (expectedStatus == 403)
        {
            Assert.Equal(10000, answer.ErrorCode);
            Assert.Equal("Authentication error", answer.ErrorMessage);
        }
    }

    [Fact]
    public async Task Refused_write_leaves_the_organization_alone()
    {
        var emulator = WithRestrictedTokens();
        string before = emulator.StoredAccountOrganization().ToJsonString();

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "Changed"))).WithToken(ReadOnlyToken));

        Assert.Equal(before, emulator.StoredAccountOrganization().ToJsonString());
    }

    [Fact]
    public async Task User_token_verify_reports_an_active_token()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.UserTokenVerify));

        Assert.Equal(200, answer.Status);
        Assert.Equal("active", answer.Result["status"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", answer.Result["id"]!.GetValue<string>());
        Assert.DoesNotContain(EmulatorDefaults.ApiToken, answer.Text);
        var message = answer.Envelope["messages"]![0]!.AsObject();
        Assert.Equal(10000, message["code"]!.GetValue<int>());
        Assert.Equal("This API Token is valid and active", message["message"]!.GetValue<string>());
        Assert.True(message.ContainsKey("type"));
        Assert.Null(message["type"]);
    }

    [Fact]
    public async Task Token_verify_id_is_stable_per_token_and_differs_between_tokens()
    {
        var emulator = WithRestrictedTokens();

        var first = await emulator.SendAsync(Call.Get(Paths.UserTokenVerify));
        var again = await emulator.SendAsync(Call.Get(Paths.UserTokenVerify));
        var other = await emulator.SendAsync(Call.Get(Paths.UserTokenVerify).WithToken(ReadOnlyToken));

        Assert.Equal(first.Result["id"]!.GetValue<string>(), again.Result["id"]!.GetValue<string>());
        Assert.NotEqual(first.Result["id"]!.GetValue<string>(), other.Result["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Account_owned_token_fails_on_the_user_verify_endpoint()
    {
        var emulator = WithRestrictedTokens();

        var answer = await emulator.SendAsync(Call.Get(Paths.UserTokenVerify).WithToken(AccountOwnedToken));

        Assert.Equal(401, answer.Status);
        Assert.Equal(1000, answer.ErrorCode);
    }

    [Fact]
    public async Task Account_owned_token_verifies_on_the_account_endpoint_and_works_for_the_api()
    {
        var emulator = WithRestrictedTokens();

        var verify = await emulator.SendAsync(Call.Get(Paths.AccountTokenVerify()).WithToken(AccountOwnedToken));
        var read = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken(AccountOwnedToken));

        Assert.Equal(200, verify.Status);
        Assert.Equal("active", verify.Result["status"]!.GetValue<string>());
        Assert.Equal(200, read.Status);
    }

    [Fact]
    public async Task Account_verify_endpoint_accepts_user_tokens_too()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountTokenVerify()));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Account_verify_endpoint_needs_a_known_account()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.AccountTokenVerify(Paths.UnknownId)));

        Assert.Equal(400, answer.Status);
        Assert.Equal(7003, answer.ErrorCode);
    }

    [Theory]
    [InlineData(Paths.UserTokenVerify)]
    [InlineData("/client/v4/accounts/" + EmulatorDefaults.AccountId + "/tokens/verify")]
    public async Task Token_verify_with_a_global_key_is_400_6003(string path)
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(path).WithGlobalKey());

        Assert.Equal(400, answer.Status);
        Assert.Equal(6003, answer.ErrorCode);
        Assert.Equal(6111, answer.FirstError["error_chain"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replacing_the_token_list_refuses_the_dev_token()
    {
        var emulator = new TestEmulator(o =>
        {
            o.ApiTokens.Clear();
            o.ApiTokens.Add("ci-token");
        });

        var devToken = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var ciToken = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("ci-token"));

        Assert.Equal(401, devToken.Status);
        Assert.Equal(200, ciToken.Status);
    }
}
