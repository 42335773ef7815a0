using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class JournalTests
{
    [Fact]
    public async Task Every_request_is_journalled_including_auth_failures()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("wrong"));
        await emulator.SendAsync(Call.Get("/client/v4/nowhere").WithGlobalKey());

        var entries = emulator.Engine.Journal.Entries;
        Assert.Equal(new[] { 200, 401, 404 }, entries.Select(e => e.StatusCode));
        Assert.Equal(new[] { "token#1", "anonymous", "key:admin@example.com" }, entries.Select(e => e.CredentialId));
        Assert.Equal(new[] { JournalOperation.GetOrganization, JournalOperation.GetOrganization, JournalOperation.Unknown }, entries.Select(e => e.Operation));
        Assert.Equal(new int?[] { null, 1000, 7000 }, entries.Select(e => e.ErrorCode));
    }

    [Fact]
    public async Task Entry_describes_the_request_and_the_answer()
    {
        var emulator = new TestEmulator();
        var call = Call.Put(Paths.ZoneOrganization() + "?trace=1", Json.Object(("name", "Zone Journal")));

        var answer = await emulator.SendAsync(call);

        var entry = emulator.Engine.Journal.Entries.Single();
        Assert.Equal(1, entry.Sequence);
        Assert.Equal(emulator.Clock.Now, entry.Time);
        Assert.Equal("PUT", entry.Method);
        Assert.Equal(Paths.ZoneOrganization(), entry.Path);
        Assert.Equal("trace=1", entry.Query);
        Assert.Equal(JournalOperation.UpdateOrganization, entry.Operation);
        Assert.True(entry.Applied);
        Assert.Equal("zone", entry.ScopeKind);
        Assert.Equal(EmulatorDefaults.ZoneId, entry.ScopeId);
        Assert.Equal("{\"name\":\"Zone Journal\"}", entry.RequestBody);
        Assert.Null(entry.Fault);
        Assert.Equal(answer.Header("cf-ray"), entry.RayId);
    }

    [Fact]
    public async Task Journal_never_holds_a_secret()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithGlobalKey());
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()).WithToken("leaked-if-you-see-this"));

        foreach (var entry in emulator.Engine.Journal.Entries)
        {
            string everything = string.Join("|", entry.RequestHeaders.Select(h => h.Key + "=" + h.Value)) + "|" + entry.CredentialId + "|" + entry.RequestBody;
            Assert.DoesNotContain(EmulatorDefaults.ApiToken, everything);
            Assert.DoesNotContain(EmulatorDefaults.ApiKey, everything);
            Assert.DoesNotContain("leaked-if-you-see-this", everything);
        }
        Assert.Equal("[redacted]", emulator.Engine.Journal.Entries[0].RequestHeaders["authorization"]);
        Assert.Equal("[redacted]", emulator.Engine.Journal.Entries[1].RequestHeaders["X-Auth-Key"]);
        Assert.Equal(EmulatorDefaults.Email, emulator.Engine.Journal.Entries[1].RequestHeaders["X-Auth-Email"]);
    }

    [Fact]
    public async Task Entries_are_a_snapshot_and_clear_empties_the_journal()
    {
        var emulator = new TestEmulator();
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        var snapshot = emulator.Engine.Journal.Entries;

        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));
        emulator.Engine.Journal.Clear();

        Assert.Single(snapshot);
        Assert.Empty(emulator.Engine.Journal.Entries);
    }

    [Fact]
    public async Task Count_applied_ignores_refused_and_read_requests()
    {
        var emulator = new TestEmulator();

        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("name", "ok"))));
        await emulator.SendAsync(Call.Put(Paths.AccountOrganization(), Json.Object(("session_duration", "bad"))));
        await emulator.SendAsync(Call.Get(Paths.AccountOrganization()));

        Assert.Equal(1, emulator.Engine.Journal.CountApplied(JournalOperation.UpdateOrganization));
        Assert.Equal(0, emulator.Engine.Journal.CountApplied(JournalOperation.GetOrganization));
    }
}
