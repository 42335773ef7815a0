using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class RoutingAndEnvelopeTests
{
    public static TheoryData<string, string, int> EveryRoute => new()
    {
        { "GET", Paths.AccountOrganization(), 200 },
        { "PUT", Paths.AccountOrganization(), 200 },
        { "POST", Paths.AccountRevoke(), 200 },
        { "GET", Paths.ZoneOrganization(), 200 },
        { "PUT", Paths.ZoneOrganization(), 200 },
        { "POST", Paths.ZoneRevoke(), 200 },
        { "GET", Paths.Doh(), 200 },
        { "PUT", Paths.Doh(), 201 },
        { "GET", Paths.UserTokenVerify, 200 },
        { "GET", Paths.AccountTokenVerify(), 200 },
    };

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task Every_route_answers_with_its_documented_status(string method, string path, int expectedStatus)
    {
        var emulator = new TestEmulator();
        var call = Call.Send(method, path);
        if (path.EndsWith("revoke_user", StringComparison.Ordinal))
        {
            call.WithBody(Json.Object(("email", "user@example.com")));
        }
        else if (method == "PUT")
        {
            call.WithBody(new JsonObject());
        }

        var answer = await emulator.SendAsync(call);

        Assert.Equal(expectedStatus, answer.Status);
        Assert.True(answer.Success);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_creates_an_organization_with_201(bool zone)
    {
        var emulator = new TestEmulator(o => o.Seed = false);

        var answer = await emulator.SendAsync(Call.Post(Paths.Organization(zone), Json.NewOrganization()));

        Assert.Equal(201, answer.Status);
        Assert.Equal("Acme", answer.Result["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Success_envelope_has_success_errors_messages_and_result_in_that_order()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(new[] { "success", "errors", "messages", "result" }, answer.Envelope.Select(p => p.Key));
        Assert.True(answer.Success);
        Assert.Empty(answer.Envelope["errors"]!.AsArray());
        Assert.Empty(answer.Envelope["messages"]!.AsArray());
    }

    [Fact]
    public async Task Failure_envelope_has_errors_and_a_null_result()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get("/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/nothing"));

        Assert.False(answer.Success);
        Assert.Single(answer.Envelope["errors"]!.AsArray());
        Assert.Empty(answer.Envelope["messages"]!.AsArray());
        Assert.True(answer.Envelope.ContainsKey("result"));
        Assert.Null(answer.Envelope["result"]);
    }

    [Theory]
    [InlineData("/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/apps")]
    [InlineData("/client/v4/zones/" + EmulatorDefaults.ZoneId + "/access/organizations/doh")]
    [InlineData("/client/v4/zones/" + EmulatorDefaults.ZoneId + "/tokens/verify")]
    [InlineData("/client/v5/accounts/" + EmulatorDefaults.AccountId + "/access/organizations")]
    [InlineData("/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/organizations/")]
    [InlineData("/")]
    public async Task Unknown_route_is_404_with_code_7000(string path)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get(path));

        Assert.Equal(404, answer.Status);
        Assert.Equal(7000, answer.ErrorCode);
        Assert.Equal("No route for that URI", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("DELETE", "/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/organizations")]
    [InlineData("PATCH", "/client/v4/zones/" + EmulatorDefaults.ZoneId + "/access/organizations")]
    [InlineData("GET", "/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/organizations/revoke_user")]
    [InlineData("POST", "/client/v4/accounts/" + EmulatorDefaults.AccountId + "/access/organizations/doh")]
    [InlineData("POST", "/client/v4/user/tokens/verify")]
    public async Task Known_path_with_another_method_is_405_with_code_7001(string method, string path)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Send(method, path));

        Assert.Equal(405, answer.Status);
        Assert.Equal(7001, answer.ErrorCode);
        Assert.Contains(method, answer.ErrorMessage);
    }

    [Theory]
    [InlineData(Paths.UnknownId)]
    [InlineData("not-an-id")]
    [InlineData("699d98642c564d2e855e9661899b725")]
    [InlineData("699d98642c564d2e855e9661899b7252aa")]
    [InlineData("zz9d98642c564d2e855e9661899b7252")]
    public async Task Unknown_or_malformed_account_id_is_400_with_code_7003(string id)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization(id)));

        Assert.Equal(400, answer.Status);
        Assert.Equal(7003, answer.ErrorCode);
        Assert.Equal($"Could not route to {Paths.AccountOrganization(id)}, perhaps your object identifier is invalid?", answer.ErrorMessage);
    }

    [Fact]
    public async Task Account_id_in_a_zone_path_is_unknown()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get(Paths.ZoneOrganization(EmulatorDefaults.AccountId)));

        Assert.Equal(7003, answer.ErrorCode);
    }

    [Fact]
    public async Task Identifiers_match_case_insensitively()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization(EmulatorDefaults.AccountId.ToUpperInvariant())));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Enabled_account_without_organization_is_routable_but_not_enabled()
    {
        var emulator = new TestEmulator();
        emulator.Engine.EnableAccount(Paths.OtherAccountId);

        var answer = await emulator.SendAsync(Call.Get(Paths.AccountOrganization(Paths.OtherAccountId)));

        Assert.Equal(404, answer.Status);
        Assert.Equal(9999, answer.ErrorCode);
    }

    [Fact]
    public async Task Every_response_has_a_cf_ray_and_a_json_content_type()
    {
        var emulator = new TestEmulator();

        var ok = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var failed = await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("nope"));

        foreach (var answer in new[] { ok, failed })
        {
            Assert.Matches(new Regex("^[0-9a-f]{16}-EMU$"), answer.Header("cf-ray"));
            Assert.Equal("application/json", answer.Response.ContentType);
        }
        Assert.NotEqual(ok.Header("cf-ray"), failed.Header("cf-ray"));
    }

    [Fact]
    public async Task Malformed_json_body_is_400_with_code_6007()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization()).WithRawBody("{\"name\": "));

        Assert.Equal(400, answer.Status);
        Assert.Equal(6007, answer.ErrorCode);
    }

    [Fact]
    public async Task Duplicate_keys_in_a_body_are_malformed_json()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization()).WithRawBody("{\"name\":\"a\",\"name\":\"b\"}"));

        Assert.Equal(6007, answer.ErrorCode);
    }

    [Fact]
    public async Task Body_that_is_not_an_object_is_an_invalid_request()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.AccountOrganization()).WithRawBody("[1,2]"));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.StartsWith("access.api.error.invalid_request: ", answer.ErrorMessage);
    }

    [Fact]
    public async Task Concurrent_requests_are_each_answered_and_journalled_once()
    {
        var emulator = new TestEmulator();
        var calls = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? Call.Put(Paths.AccountOrganization(), Json.Object(("ui_read_only_toggle_reason", "change " + i)))
            : Call.Get(Paths.AccountOrganization()));

        var answers = await Task.WhenAll(calls.Select(c => Task.Run(() => emulator.SendAsync(c))));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var entries = emulator.Engine.Journal.Entries;
        Assert.Equal(40, entries.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Sequence).OrderBy(s => s));
        Assert.Equal(20, emulator.Engine.Journal.CountApplied(JournalOperation.UpdateOrganization));
    }
}
