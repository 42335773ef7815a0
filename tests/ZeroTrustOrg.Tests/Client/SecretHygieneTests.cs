using System.Text.Json;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Client;

/// <summary>
/// Runs every operation, on success and under every failure kind, with verbose and debug captured, and
/// proves no credential text reaches a message, an exception, ToString() or the JSON of any object.
/// </summary>
public class SecretHygieneTests
{
    private const string Token = "zt-secret-token-7f3a9c1e5b2d4f6a8c0e";
    private const string Key = "abcdef0123456789abcdef0123456789abcde";

    private sealed class Capture
    {
        public List<string> Texts { get; } = new();

        public void Add(object? value)
        {
            if (value == null)
            {
                return;
            }

            Texts.Add(value.ToString() ?? string.Empty);
            if (value is Exception ex)
            {
                Texts.Add(ex.ToString());
                Texts.Add(ZtErrorInfo.Describe(ex).RecommendedAction);
            }
            else if (value is not string)
            {
                // The same public-property walk ConvertTo-Json does.
                Texts.Add(JsonSerializer.Serialize(value, value.GetType(), new JsonSerializerOptions { WriteIndented = true }));
            }
        }

        public void AssertClean(params string[] secrets)
        {
            string all = string.Join("\n", Texts);
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, all);
            }

            Assert.NotEmpty(Texts);
        }
    }

    private static ZtContext Connect(EmulatorEngine engine, ZtCredential credential) => ZtContext.Create(new ZtConnectionSettings
    {
        Clock = new VirtualClock(),
        Credential = credential,
        BaseUri = new Uri("http://emulator.test/client/v4"),
        InnerHandler = new EmulatorHandler(engine),
        AccountId = EmulatorDefaults.AccountId,
        Transport = new ZeroTrustOrg.Core.Transport.TransportSettings { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(2) },
    });

    private static async Task RunEverything(ZtContext context, EmulatorEngine engine, Capture capture, FaultKind? fault)
    {
        var log = new RecordingLog();
        var operations = new List<Func<Task<object?>>>
        {
            async () => await context.Client.VerifyTokenAsync(false, context.AccountId, log),
            async () => await context.Client.GetOrganizationAsync(Harness.Account, log),
            async () => await context.Client.GetOrganizationAsync(Harness.Zone, log),
            async () => await context.Client.ApplyUpdateAsync(await context.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("SessionDuration", "12h")), log), log),
            async () => await context.Client.CreateOrganizationAsync(Harness.Account, OrganizationPlanner.BuildCreateBody(Changes.Set(("Name", "N"), ("AuthDomain", "n.cloudflareaccess.com")), Harness.Account, out _), log),
            async () => await BulkRevoke.RevokeOneAsync(context.Client, Harness.Account, new RevokeUserRequest("jane@example.com") { Devices = true }, log, CancellationToken.None),
            async () => await context.Client.GetDohSettingAsync(Harness.Account, log),
            async () => await context.Client.SetDohSettingAsync(Harness.Account, new DohSettingChange("24h", "00000000-0000-0000-0000-000000000000"), log),
            async () => await context.Client.PlanUpdateAsync(Harness.Zone, Changes.Set(("SessionDuration", "1h")), log),
        };

        foreach (var operation in operations)
        {
            if (fault.HasValue)
            {
                engine.Faults.EnqueueNext(fault.Value);
                engine.Faults.EnqueueNext(fault.Value);
            }

            try
            {
                capture.Add(await operation());
            }
            catch (Exception ex)
            {
                capture.Add(ex);
            }
        }

        Assert.Contains(log.Messages, m => m.Level == ZeroTrustOrg.Core.Transport.ZtMessageLevel.Debug);
        Assert.Contains(log.Messages, m => m.Level == ZeroTrustOrg.Core.Transport.ZtMessageLevel.Verbose);
        capture.Texts.AddRange(log.Messages.Select(m => m.ToString()));
        capture.Add(context);
        capture.Add(context.Credential);
    }

    public static IEnumerable<object?[]> FailureKinds() =>
        new object?[] { null }.Concat(Enum.GetValues<FaultKind>().Where(k => k != FaultKind.SlowResponse).Cast<object?>()).Select(k => new[] { k });

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public async Task Api_token_never_appears_anywhere(FaultKind? fault)
    {
        var engine = new EmulatorEngine(new EmulatorOptions { ApiTokens = { Token } });
        using var context = Connect(engine, ZtCredential.FromToken(ZtCredential.ToSecureString(Token)));
        var capture = new Capture();

        await RunEverything(context, engine, capture, fault);

        capture.AssertClean(Token, Token.Substring(0, 16));
    }

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public async Task Global_api_key_never_appears_anywhere(FaultKind? fault)
    {
        var engine = new EmulatorEngine();
        engine.Options.GlobalKeys["ops@example.com"] = Key;
        using var context = Connect(engine, ZtCredential.FromGlobalKey("ops@example.com", ZtCredential.ToSecureString(Key)));
        var capture = new Capture();

        await RunEverything(context, engine, capture, fault);

        capture.AssertClean(Key, Key.Substring(0, 16));
    }

    [Fact]
    public async Task A_wrong_token_is_not_echoed_in_the_error()
    {
        var engine = new EmulatorEngine();
        const string wrong = "wrong-but-secret-token-value-123456";
        using var context = Connect(engine, ZtCredential.FromToken(ZtCredential.ToSecureString(wrong)));
        var capture = new Capture();

        await RunEverything(context, engine, capture, null);

        capture.AssertClean(wrong);
    }

    [Fact]
    public void Malformed_tokens_are_refused_without_quoting_them()
    {
        foreach (string bad in new[] { "Bearer abc123secret", "abc 123secret", "\"abc123secret\"", "abc\n123secret" })
        {
            var ex = Assert.Throws<ZtValidationException>(() => ZtCredential.FromToken(ZtCredential.ToSecureString(bad)));
            Assert.DoesNotContain("123secret", ex.ToString());
        }
    }

    [Fact]
    public void Surrounding_white_space_from_a_file_or_vault_is_trimmed()
    {
        using var credential = ZtCredential.FromToken(ZtCredential.ToSecureString("  token-from-a-file\r\n"));
        using var same = ZtCredential.FromToken(ZtCredential.ToSecureString("token-from-a-file"));
        Assert.Equal(same.Fingerprint, credential.Fingerprint);
    }

    [Fact]
    public void Disconnected_context_refuses_to_send_and_reports_it()
    {
        var engine = new EmulatorEngine();
        var context = Connect(engine, ZtCredential.FromToken(ZtCredential.ToSecureString(EmulatorDefaults.ApiToken)));
        context.Dispose();
        Assert.False(context.IsConnected);
        var ex = Assert.Throws<ZtNotConnectedException>(() => context.Client);
        Assert.Equal("ZtNotConnected", ZtErrorInfo.Describe(ex).ErrorId);
        Assert.Contains("disconnected", context.ToString());
    }
}
