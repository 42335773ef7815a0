using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;
using Redaction = ZeroTrustOrg.Core.Transport.Redaction;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core;

public class OrderedWorkQueueTests
{
    [Fact]
    public async Task Results_come_back_in_input_order_even_when_later_work_finishes_first()
    {
        var queue = new OrderedWorkQueue<int>(3);
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>()).ToArray();
        for (int i = 0; i < 3; i++)
        {
            int index = i;
            queue.Start(() => gates[index].Task);
        }

        Assert.True(queue.IsFull);
        gates[2].SetResult(2);
        gates[1].SetResult(1);
        await Task.Delay(20);
        Assert.False(queue.TryTakeCompleted(out _));

        gates[0].SetResult(0);
        await queue.WhenOldestCompleted();
        var taken = new List<int>();
        while (queue.TryTakeCompleted(out int value))
        {
            taken.Add(value);
        }

        Assert.Equal(new[] { 0, 1, 2 }, taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Work_in_an_empty_window_starts_on_the_callers_thread_and_later_work_on_the_pool()
    {
        // A PowerShell pipeline thread has no synchronization context; xunit's test threads do.
        SynchronizationContext? testContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        var queue = new OrderedWorkQueue<int>(2);
        int caller = Environment.CurrentManagedThreadId;
        int first = -1, second = -1;
        var hold = new TaskCompletionSource<int>();
        try
        {
            queue.Start(() => { first = Environment.CurrentManagedThreadId; return hold.Task; });
            queue.Start(() => { second = Environment.CurrentManagedThreadId; return Task.FromResult(2); });
            SpinWait.SpinUntil(() => second != -1, TimeSpan.FromSeconds(30));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(testContext);
        }

        Assert.Equal(caller, first);
        Assert.NotEqual(caller, second);
        hold.SetResult(1);
    }

    [Fact]
    public void A_full_window_refuses_more_work()
    {
        var queue = new OrderedWorkQueue<int>(1);
        queue.Start(() => new TaskCompletionSource<int>().Task);
        Assert.Throws<InvalidOperationException>(() => queue.Start(() => Task.FromResult(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderedWorkQueue<int>(0));
    }

    [Fact]
    public async Task Bulk_revoke_turns_a_failure_into_the_users_result()
    {
        using var h = new Harness(o => o.Seed = false);
        var result = await BulkRevoke.RevokeOneAsync(h.Client, Harness.Account, new RevokeUserRequest("jane@example.com"), h.Log, CancellationToken.None);
        Assert.False(result.Revoked);
        Assert.Equal(9999, result.ErrorCode);
        Assert.IsType<ZtApiException>(result.Exception);
        Assert.Contains("jane@example.com", result.ToString());
    }

    [Fact]
    public async Task Bulk_revoke_lets_cancellation_through()
    {
        using var h = new Harness(o => o.SlowResponseDelay = TimeSpan.FromSeconds(10), virtualTime: false);
        h.Engine.Faults.EnqueueNext(FaultKind.SlowResponse);
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BulkRevoke.RevokeOneAsync(h.Client, Harness.Account, new RevokeUserRequest("a@b.co"), h.Log, cts.Token));
    }
}

public class ContextStoreTests
{
    private static ZtContext NewContext(string? account = EmulatorDefaults.AccountId) => ZtContext.Create(new ZtConnectionSettings
    {
        Credential = ZtCredential.FromToken(ZtCredential.ToSecureString(EmulatorDefaults.ApiToken)),
        InnerHandler = new EmulatorHandler(new EmulatorEngine()),
        AccountId = account,
        IsEmulator = true,
    });

    [Fact]
    public void Each_runspace_has_its_own_default()
    {
        object runspaceA = new();
        object runspaceB = new();
        using var a = NewContext();
        ContextStore.Set(runspaceA, a);

        Assert.Same(a, ContextStore.Get(runspaceA));
        Assert.Null(ContextStore.Get(runspaceB));
        Assert.Same(a, ContextStore.Remove(runspaceA));
        Assert.Null(ContextStore.Get(runspaceA));
    }

    [Fact]
    public void Context_resolves_its_default_scope_and_explicit_ids_win()
    {
        using var context = NewContext();
        Assert.Equal(ZtScope.Account(EmulatorDefaults.AccountId), context.ResolveScope(null, null));
        Assert.Equal(ZtScopeKind.Zone, context.ResolveScope(null, EmulatorDefaults.ZoneId).Kind);
        using var none = NewContext(account: null);
        Assert.Throws<ZtValidationException>(() => none.ResolveScope(null, null));
    }

    [Fact]
    public void Context_public_shape_is_plain_data()
    {
        using var context = NewContext();
        var properties = typeof(ZtContext).GetProperties().Where(p => p.GetMethod!.IsPublic).ToList();
        Assert.All(properties, p => Assert.True(p.PropertyType.IsPrimitive || p.PropertyType == typeof(string) || p.PropertyType == typeof(DateTimeOffset), $"{p.Name} is {p.PropertyType.Name}"));
        Assert.Equal("ApiToken", context.AuthType);
        Assert.Equal("1200/300s", context.RateLimit);
    }

    [Theory]
    [InlineData("https://api.cloudflare.com/client/v4", "https://api.cloudflare.com/client/v4")]
    [InlineData("http://127.0.0.1:8787", "http://127.0.0.1:8787/client/v4")]
    [InlineData("http://localhost:8787/client/v4/", "http://localhost:8787/client/v4")]
    public void Base_uri_is_normalised(string input, string expected)
    {
        Assert.Equal(expected, ZtConnectionSettings.ValidateBaseUri(input).AbsoluteUri.TrimEnd('/'));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("api.cloudflare.com")]
    [InlineData("https://user:pass@api.cloudflare.com/client/v4")]
    public void Bad_base_uris_are_refused(string input)
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtConnectionSettings.ValidateBaseUri(input));
        Assert.Equal("BaseUri", ex.Parameter);
    }
}

public class MessagePumpTests
{
    [Fact]
    public void Messages_posted_from_other_threads_are_written_on_the_calling_thread_in_order()
    {
        var pump = new ZtMessagePump();
        int callingThread = Environment.CurrentManagedThreadId;
        var written = new List<(string Text, int Thread)>();

        int result = pump.Run(Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                pump.Write(new ZtMessage(ZtMessageLevel.Verbose, "m" + i));
                await Task.Yield();
            }

            return 42;
        }), m => written.Add((m.Text, Environment.CurrentManagedThreadId)));

        Assert.Equal(42, result);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "m" + i), written.Select(w => w.Text));
        Assert.All(written, w => Assert.Equal(callingThread, w.Thread));
    }

    [Fact]
    public void The_pump_sleeps_until_the_work_completes_and_returns_at_once_without_any_message()
    {
        var pump = new ZtMessagePump();
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        long sleepsBeforeCompletion = -1;
        var completer = new Thread(() =>
        {
            // Guard only: the pump must be asleep long before this bound.
            SpinWait.SpinUntil(() => pump.Sleeps > 0, TimeSpan.FromSeconds(30));

            // A polling pump reveals itself here by waking again with nothing to do.
            Thread.Sleep(200);
            sleepsBeforeCompletion = pump.Sleeps;
            work.SetResult(7);
        });
        completer.Start();

        int result = pump.Run(work.Task, _ => { });
        completer.Join();

        Assert.Equal(7, result);
        Assert.Equal(1, sleepsBeforeCompletion);
        Assert.Equal(1, pump.Sleeps);
    }

    [Fact]
    public void A_message_wakes_the_pump_and_is_written_while_the_work_is_still_running()
    {
        var pump = new ZtMessagePump();
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        Task<int> work = Task.Run(async () =>
        {
            pump.Write(new ZtMessage(ZtMessageLevel.Verbose, "first"));

            // The work finishes only after the pipeline thread has written its message (bounded as a guard).
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            lock (order)
            {
                order.Add("work done");
            }

            return 1;
        });

        pump.Run(work, m =>
        {
            lock (order)
            {
                order.Add(m.Text);
            }

            seen.TrySetResult(true);
        });

        Assert.Equal(new[] { "first", "work done" }, order);
    }

    [Fact]
    public void Levels_nobody_reads_are_not_queued()
    {
        var pump = new ZtMessagePump(verbose: true, debug: false);
        Assert.False(pump.IsEnabled(ZtMessageLevel.Debug));
        pump.Write(new ZtMessage(ZtMessageLevel.Debug, "body"));
        pump.Write(new ZtMessage(ZtMessageLevel.Verbose, "GET"));
        var written = new List<string>();
        pump.Drain(m => written.Add(m.Text));
        Assert.Equal(new[] { "GET" }, written);
    }

    [Fact]
    public void Exceptions_from_the_work_surface_after_the_messages()
    {
        var pump = new ZtMessagePump();
        var written = new List<string>();
        var ex = Assert.Throws<ZtValidationException>(() => pump.Run(Task.Run(new Func<int>(() =>
        {
            pump.Write(new ZtMessage(ZtMessageLevel.Warning, "before"));
            throw new ZtValidationException("X", "bad", "fix");
        })), m => written.Add(m.Text)));
        Assert.Equal("X", ex.Parameter);
        Assert.Equal(new[] { "before" }, written);
    }
}

public class RedactionTests
{
    [Fact]
    public void Urls_lose_user_info_and_secret_looking_query_values()
    {
        string text = Redaction.Url(new Uri("https://me:pw@api.example.com/client/v4/x?devices=true&api_token=abc&key=def"));
        Assert.DoesNotContain("pw", text);
        Assert.DoesNotContain("abc", text);
        Assert.DoesNotContain("def", text);
        Assert.Contains("devices=true", text);
    }

    [Fact]
    public void Bodies_mask_secret_fields_and_bearer_values_and_are_cut_to_length()
    {
        string body = "{\"client_secret\":\"s3cr3t\",\"name\":\"ok\",\"note\":\"Bearer abc.def\"}";
        string masked = Redaction.Body(body, 1000);
        Assert.DoesNotContain("s3cr3t", masked);
        Assert.DoesNotContain("abc.def", masked);
        Assert.Contains("\"name\":\"ok\"", masked);
        Assert.EndsWith("more characters)", Redaction.Body(new string('x', 50), 10));
        Assert.Contains("\"service_token_id\":\"5f3c8a2e\"", Redaction.Body("{\"service_token_id\":\"5f3c8a2e\",\"token\":\"t0p\"}", 1000));
        Assert.DoesNotContain("t0p", Redaction.Body("{\"service_token_id\":\"5f3c8a2e\",\"token\":\"t0p\"}", 1000));
    }
}

public class ErrorInfoTests
{
    private static ZtApiException Api(int status, int code, string message = "x") =>
        new((System.Net.HttpStatusCode)status, new[] { new ZtApiError(code, message) }, "GET", "https://api.cloudflare.com/client/v4/x", "8a1b-EMU");

    [Theory]
    [InlineData(400, 6003, "ZtMalformedCredential", ZtErrorCategory.AuthenticationError)]
    [InlineData(401, 1000, "ZtInvalidCredential", ZtErrorCategory.AuthenticationError)]
    [InlineData(403, 9103, "ZtInvalidCredential", ZtErrorCategory.AuthenticationError)]
    [InlineData(403, 10000, "ZtPermissionDenied", ZtErrorCategory.PermissionDenied)]
    [InlineData(403, 9109, "ZtPermissionDenied", ZtErrorCategory.PermissionDenied)]
    [InlineData(404, 9999, "ZtOrganizationNotFound", ZtErrorCategory.ObjectNotFound)]
    [InlineData(400, 7003, "ZtScopeNotFound", ZtErrorCategory.ObjectNotFound)]
    [InlineData(400, 12106, "ZtAuthDomainLockedBySso", ZtErrorCategory.InvalidOperation)]
    [InlineData(409, 12131, "ZtOrganizationExists", ZtErrorCategory.ResourceExists)]
    [InlineData(429, 971, "ZtRateLimited", ZtErrorCategory.LimitsExceeded)]
    [InlineData(502, 0, "ZtServerError", ZtErrorCategory.ResourceUnavailable)]
    [InlineData(400, 12130, "ZtRequestRejected", ZtErrorCategory.InvalidArgument)]
    [InlineData(200, 10001, "ZtApiReportedFailure", ZtErrorCategory.InvalidResult)]
    [InlineData(403, 12106, "ZtAuthDomainLockedBySso", ZtErrorCategory.InvalidOperation)]
    [InlineData(403, 0, "ZtPermissionDenied", ZtErrorCategory.PermissionDenied)]
    [InlineData(404, 0, "ZtScopeNotFound", ZtErrorCategory.ObjectNotFound)]
    public void Cloudflare_errors_map_to_an_id_a_category_and_a_fix(int status, int code, string errorId, object category)
    {
        // The parameter is an object: the type is internal and a public theory cannot name it.
        var expectedCategory = (ZtErrorCategory)category;
        var info = ZtErrorInfo.Describe(Api(status, code));
        Assert.Equal(errorId, info.ErrorId);
        Assert.Equal(expectedCategory, info.Category);
        Assert.False(string.IsNullOrWhiteSpace(info.RecommendedAction));
    }

    [Theory]
    [InlineData(409, 12132, "access.api.error.auth_domain_taken: the team domain is in use", "ZtAuthDomainTaken")]
    [InlineData(409, 12131, "access.api.error.organization_already_exists", "ZtOrganizationExists")]
    [InlineData(404, 12133, "access.api.error.doh_not_configured", "ZtDohNotConfigured")]
    [InlineData(400, 12134, "access.api.error.service_token_not_found", "ZtServiceTokenNotFound")]
    public void Message_keys_win_over_the_bare_status(int status, int code, string message, string errorId)
    {
        Assert.Equal(errorId, ZtErrorInfo.Describe(Api(status, code, message)).ErrorId);
    }

    [Fact]
    public void Api_exception_message_names_the_call_the_codes_and_the_ray()
    {
        var ex = Api(404, 9999, "access.api.error.not_enabled: Access is not enabled");
        Assert.Contains("GET https://api.cloudflare.com/client/v4/x", ex.Message);
        Assert.Contains("9999", ex.Message);
        Assert.Contains("cf-ray 8a1b-EMU", ex.Message);
    }

    [Fact]
    public void Every_category_name_exists_in_powershell()
    {
        string[] powershell =
        {
            "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected", "InvalidArgument", "InvalidData", "InvalidOperation",
            "InvalidResult", "InvalidType", "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
            "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy", "ResourceExists", "ResourceUnavailable",
            "ReadError", "WriteError", "FromStdErr", "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
            "LimitsExceeded", "QuotaExceeded", "NotEnabled",
        };
        Assert.All(Enum.GetNames<ZtErrorCategory>(), name => Assert.Contains(name, powershell));
    }
}
