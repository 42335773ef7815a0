using System.Text.Json.Nodes;
using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class DohTests
{
    private const string OtherTokenId = "1c9a7e52-3f4b-4d8e-9a0c-b2d4f6e8a0c2";

    [Fact]
    public async Task Seeded_doh_shows_the_service_token_view()
    {
        var answer = await new TestEmulator().SendAsync(Call.Get(Paths.Doh()));

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            new[] { "id", "client_id", "name", "duration", "enabled", "expires_at", "doh_jwt_duration", "created_at", "updated_at", "last_seen_at" },
            answer.Result.Select(p => p.Key));
        Assert.Equal(EmulatorDefaults.DohServiceTokenId, answer.Result["id"]!.GetValue<string>());
        Assert.Equal(EmulatorDefaults.DohServiceTokenClientId, answer.Result["client_id"]!.GetValue<string>());
        Assert.Equal("8760h", answer.Result["duration"]!.GetValue<string>());
        Assert.True(answer.Result["enabled"]!.GetValue<bool>());
        Assert.Equal("24h", answer.Result["doh_jwt_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_doh_answers_201_and_the_change_sticks()
    {
        var emulator = new TestEmulator();

        var put = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("doh_jwt_duration", "12h"))));
        var get = await emulator.SendAsync(Call.Get(Paths.Doh()));

        Assert.Equal(201, put.Status);
        Assert.True(put.Success);
        Assert.Equal("12h", put.Result["doh_jwt_duration"]!.GetValue<string>());
        Assert.Equal("12h", get.Result["doh_jwt_duration"]!.GetValue<string>());
        Assert.Equal(TestEmulator.Timestamp(emulator.Clock.Now), get.Result["updated_at"]!.GetValue<string>());
        Assert.Equal(1, emulator.Engine.Journal.CountApplied(JournalOperation.UpdateDoh));
    }

    [Fact]
    public async Task Put_doh_links_another_existing_service_token()
    {
        var emulator = new TestEmulator();
        emulator.Engine.AddServiceToken(EmulatorDefaults.AccountId, OtherTokenId, "abc.access", "Resolver");

        var answer = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("service_token_id", OtherTokenId))));

        Assert.Equal(201, answer.Status);
        Assert.Equal(OtherTokenId, answer.Result["id"]!.GetValue<string>());
        Assert.Equal("abc.access", answer.Result["client_id"]!.GetValue<string>());
        Assert.Equal("Resolver", answer.Result["name"]!.GetValue<string>());
        Assert.Null(answer.Result["last_seen_at"]);
    }

    [Fact]
    public async Task Put_doh_with_an_unknown_service_token_is_400_12134()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("service_token_id", OtherTokenId))));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12134, answer.ErrorCode);
        Assert.StartsWith("access.api.error.service_token_not_found", answer.ErrorMessage);
        Assert.Equal("/service_token_id", answer.Pointer);
    }

    [Theory]
    [InlineData("{\"service_token_id\":\"token-1\"}", "/service_token_id", "service_token_id must be a UUID")]
    [InlineData("{\"service_token_id\":7}", "/service_token_id", "service_token_id must be a UUID")]
    [InlineData("{\"doh_jwt_duration\":\"1d\"}", "/doh_jwt_duration", "not a valid duration")]
    [InlineData("{\"doh_jwt_duration\":\"0\"}", "/doh_jwt_duration", "must be positive")]
    [InlineData("{\"doh_jwt_duration\":12}", "/doh_jwt_duration", "must be a string")]
    [InlineData("{\"doh_jwt_duration\":\"1009h\"}", "/doh_jwt_duration", "cannot exceed the account's key rotation period of 1008h0m0s")]
    public async Task Invalid_doh_body_is_400_12130(string body, string pointer, string detail)
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.Doh()).WithRawBody(body));

        Assert.Equal(400, answer.Status);
        Assert.Equal(12130, answer.ErrorCode);
        Assert.Equal(pointer, answer.Pointer);
        Assert.Contains(detail, answer.ErrorMessage);
    }

    [Fact]
    public async Task Doh_jwt_duration_may_reach_but_not_pass_the_key_rotation_period()
    {
        var emulator = new TestEmulator();
        emulator.Engine.SetAccountKeyRotationPeriod(EmulatorDefaults.AccountId, TimeSpan.FromHours(48));

        var atLimit = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("doh_jwt_duration", "48h"))));
        var overLimit = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("doh_jwt_duration", "48h1s"))));

        Assert.Equal(201, atLimit.Status);
        Assert.Equal(400, overLimit.Status);
        Assert.Contains("48h0m0s", overLimit.ErrorMessage);
    }

    [Fact]
    public async Task Doh_without_a_linked_token_is_404_12133_and_put_needs_one()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));

        var get = await emulator.SendAsync(Call.Get(Paths.Doh()));
        var put = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("doh_jwt_duration", "1h"))));

        Assert.Equal(404, get.Status);
        Assert.Equal(12133, get.ErrorCode);
        Assert.Equal(400, put.Status);
        Assert.Equal(12133, put.ErrorCode);
        Assert.Equal("/service_token_id", put.Pointer);
    }

    [Fact]
    public async Task Doh_can_be_set_up_once_a_service_token_exists()
    {
        var emulator = new TestEmulator(o => o.Seed = false);
        await emulator.SendAsync(Call.Post(Paths.AccountOrganization(), Json.NewOrganization()));
        emulator.Engine.AddServiceToken(EmulatorDefaults.AccountId, OtherTokenId, "abc.access", "Resolver");

        var put = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("service_token_id", OtherTokenId))));
        var get = await emulator.SendAsync(Call.Get(Paths.Doh()));

        Assert.Equal(201, put.Status);
        Assert.Equal("24h", get.Result["doh_jwt_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Doh_without_organization_is_not_enabled()
    {
        var answer = await new TestEmulator(o => o.Seed = false).SendAsync(Call.Get(Paths.Doh()));

        Assert.Equal(404, answer.Status);
        Assert.Equal(9999, answer.ErrorCode);
    }

    [Fact]
    public async Task Null_doh_fields_count_as_absent()
    {
        var emulator = new TestEmulator();

        var answer = await emulator.SendAsync(Call.Put(Paths.Doh(), Json.Object(("service_token_id", null), ("doh_jwt_duration", null))));

        Assert.Equal(201, answer.Status);
        Assert.Equal(EmulatorDefaults.DohServiceTokenId, answer.Result["id"]!.GetValue<string>());
        Assert.Equal("24h", answer.Result["doh_jwt_duration"]!.GetValue<string>());
    }

    [Fact]
    public void Service_tokens_need_uuid_ids()
    {
        var engine = new TestEmulator().Engine;

        Assert.Throws<ArgumentException>(() => engine.AddServiceToken(EmulatorDefaults.AccountId, "token-1", "abc.access", "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetAccountKeyRotationPeriod(EmulatorDefaults.AccountId, TimeSpan.Zero));
    }
}
