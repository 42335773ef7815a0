using System.Net.Http;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Emulator.Server;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Client;

/// <summary>The real client over a real socket to zt-emulator on 127.0.0.1:0.</summary>
public class LoopbackServerTests
{
    [Fact]
    public async Task Client_reads_changes_and_revokes_over_loopback_and_survives_a_connection_reset()
    {
        var engine = new EmulatorEngine();
        await using RunningEmulator server = await EmulatorServer.StartEphemeralAsync(engine);
        Assert.True(server.BaseUri.IsLoopback);

        using var credential = ZtCredential.FromToken(ZtCredential.ToSecureString(EmulatorDefaults.ApiToken));
        using var client = ZtClient.Create(credential, server.BaseUri, new TransportSettings { MaxRetries = 3 }, new HttpClientHandler(), pacer: new RequestPacer(1200, TimeSpan.FromSeconds(300)));
        var log = new RecordingLog();

        ZtOrganization org = await client.GetOrganizationAsync(Harness.Account, log);
        Assert.False(string.IsNullOrEmpty(org.Name));
        Assert.Contains(log.Verbose, v => v.StartsWith("GET http://127.0.0.1:") && v.Contains("-> 200 (") && v.Contains(" ms)"));

        engine.Faults.EnqueueNext(FaultKind.ConnectionReset);
        var plan = await client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "6h")), log);
        ZtOrganization updated = await client.ApplyUpdateAsync(plan, log);
        Assert.Equal("6h", updated.SessionDuration);

        var revoke = await client.RevokeUserAsync(Harness.Zone, new RevokeUserRequest("jane@example.com"), log);
        Assert.True(revoke.Revoked);
        Assert.Contains(log.Verbose, v => v.Contains("no response") || v.Contains("connection failed"));
    }
}
