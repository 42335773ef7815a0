using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Bulk;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Bulk;

public class BulkRevocationTests
{
    private readonly List<ZtMessage> _messages = new();
    private readonly List<ZtRevokeResult> _results = new();

    /// <summary>
    /// Runs <paramref name="test"/> as on a PowerShell pipeline thread, which has no synchronization context (xunit's test
    /// threads do): work that is already done when it is added is handed back at once, as in a real run.
    /// </summary>
    private static void OnPipelineThread(Action test)
    {
        SynchronizationContext? testContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            test();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(testContext);
        }
    }

    private BulkRevocation NewRun(int expected, int maxInFlight = 4, ProgressThrottle? progress = null) =>
        new(maxInFlight, expected, new ZtMessagePump(), _messages.Add, _results.Add, progress ?? new ProgressThrottle(new ManualClock(), TimeSpan.Zero, TimeSpan.Zero));

    private IEnumerable<string> Lines(ZtMessageLevel level) => _messages.Where(m => m.Level == level).Select(m => m.Text);

    private static ZtRevokeResult Declined(string email) => ZtRevokeResult.NotSent(email, Harness.Account, UserAddress.GivenAsText, null, isEmulator: false);

    [Fact]
    public void Results_come_back_in_input_order_one_per_row_each_with_its_line()
    {
        using var h = new Harness();
        BulkRevocation run = NewRun(expected: 3, maxInFlight: 2);

        run.NextRow();
        run.AddRevocation(h.Client, Harness.Account, new RevokeUserRequest("ann@example.com"), UserAddress.GivenAsText, CancellationToken.None);
        run.NextRow();
        run.AddRevocation(h.Client, Harness.Account, new RevokeUserRequest("bob@example.com"), "Mail", CancellationToken.None);
        run.NextRow();
        run.Add(Declined("cy@example.com"));
        run.Complete();

        Assert.Equal(new[] { "ann@example.com", "bob@example.com", "cy@example.com" }, _results.Select(r => r.Email));
        Assert.Equal(new[] { "Revoked", "Revoked", "Skipped" }, _results.Select(r => r.Status));
        Assert.Equal("Mail", _results[1].EmailSource);
        Assert.Equal(
            new[] { "ann@example.com: revoked", "bob@example.com (from Mail): revoked", "cy@example.com: skipped: Not sent: the confirmation prompt was declined." },
            Lines(ZtMessageLevel.Verbose).Where(l => l.Contains("@example.com:") || l.Contains("@example.com (")));
        Assert.Equal((3, 3, 0, 1), (run.Received, run.Done, run.Failed, run.Skipped));
        Assert.Equal("Revoke-ZtUser: 3 user(s): 2 revoked, 0 failed, 1 skipped.", run.Summary);
    }

    [Fact]
    public void A_failure_is_the_users_result_and_the_rest_go_on()
    {
        // No organization: Cloudflare refuses the revocation.
        using var h = new Harness(o => o.Seed = false);
        BulkRevocation run = NewRun(expected: 2);

        run.NextRow();
        run.AddRevocation(h.Client, Harness.Account, new RevokeUserRequest("ann@example.com"), UserAddress.GivenAsText, CancellationToken.None);
        run.NextRow();
        run.Add(Declined("bob@example.com"));
        run.Complete();

        Assert.Equal(new[] { "Failed", "Skipped" }, _results.Select(r => r.Status));
        Assert.True(_results[0].IsFailure);
        Assert.False(_results[1].IsFailure);
        Assert.Equal((1, 1), (run.Failed, run.Skipped));
        Assert.StartsWith("ann@example.com: failed: ", Lines(ZtMessageLevel.Verbose).Single(l => l.StartsWith("ann@", StringComparison.Ordinal)));
        Assert.Equal("Revoke-ZtUser: 2 user(s): 0 revoked, 1 failed, 1 skipped.", run.Summary);
    }

    [Fact]
    public void A_row_without_an_address_fails_and_names_the_row()
    {
        BulkRevocation run = NewRun(expected: 0);

        run.NextRow();
        int row = run.NextRow();
        run.AddWithoutAddress(row, Harness.Account, isEmulator: true);
        run.Complete();

        ZtRevokeResult result = Assert.Single(_results);
        Assert.Equal(string.Empty, result.Email);
        Assert.True(result.IsFailure);
        Assert.True(result.IsEmulator);
        Assert.Contains("input row 2", result.Error);
        Assert.StartsWith("(no address): failed: ", Assert.Single(Lines(ZtMessageLevel.Verbose)));
    }

    [Fact]
    public void Progress_counts_against_the_known_total_and_ends_at_100_percent()
    {
        BulkRevocation run = NewRun(expected: 2);

        run.NextRow();
        run.Add(Declined("ann@example.com"));
        run.NextRow();
        run.Add(Declined("bob@example.com"));
        run.Complete();

        var progress = _messages.Where(m => m.Level == ZtMessageLevel.Progress).ToList();
        Assert.Equal(new[] { "1 of 2 user(s) processed, 0 failed", "2 of 2 user(s) processed, 0 failed" }, progress.Select(m => m.Text));
        Assert.Equal(new[] { 50, 100 }, progress.Select(m => m.PercentComplete));
    }

    [Fact]
    public void Piped_input_has_no_percentage_until_it_ends_and_the_last_update_is_always_shown()
    {
        // One update per hour at most: only the first and the closing one get through.
        var throttle = new ProgressThrottle(new ManualClock(), TimeSpan.FromHours(1), TimeSpan.Zero);
        BulkRevocation run = NewRun(expected: 0, progress: throttle);

        OnPipelineThread(() =>
        {
            foreach (string email in new[] { "ann@example.com", "bob@example.com", "cy@example.com" })
            {
                run.NextRow();
                run.Add(Declined(email));
            }

            run.Complete();
        });

        var progress = _messages.Where(m => m.Level == ZtMessageLevel.Progress).ToList();
        Assert.Equal(new[] { "1 user(s) processed, 0 failed", "3 of 3 user(s) processed, 0 failed" }, progress.Select(m => m.Text));
        Assert.Equal(new[] { -1, 100 }, progress.Select(m => m.PercentComplete));
    }

    [Fact]
    public void A_short_run_shows_no_progress()
    {
        BulkRevocation run = NewRun(expected: 1, progress: new ProgressThrottle(new ManualClock()));

        run.NextRow();
        run.Add(Declined("ann@example.com"));
        run.Complete();

        Assert.DoesNotContain(_messages, m => m.Level == ZtMessageLevel.Progress);
        Assert.Single(_results);
    }

    [Fact]
    public void Nothing_handled_means_no_summary()
    {
        BulkRevocation run = NewRun(expected: 0);
        run.Complete();

        Assert.Null(run.Summary);
        Assert.Empty(_messages);
    }

    [Fact]
    public void Only_the_first_address_from_UserPrincipalName_is_warned_about()
    {
        BulkRevocation run = NewRun(expected: 0);
        UserAddress Upn(string address) => UserAddress.Pick(name => name == "UserPrincipalName" ? address : null)!;

        run.Note(UserAddress.FromText("ann@example.com"));
        run.Note(Upn("bob@example.com"));
        run.Note(Upn("cy@example.com"));

        string warning = Assert.Single(Lines(ZtMessageLevel.Warning));
        Assert.Equal(UserAddress.UserPrincipalNameWarning("bob@example.com"), warning);
    }

    [Fact]
    public void A_line_names_where_the_address_came_from_unless_it_was_given_as_text()
    {
        var fromMail = ZtRevokeResult.NotSent("ann@example.com", Harness.Account, "Mail", null, isEmulator: false);
        var asText = ZtRevokeResult.NotSent("ann@example.com", Harness.Account, UserAddress.GivenAsText, null, isEmulator: false);

        Assert.Equal("ann@example.com (from Mail): skipped: Not sent: the confirmation prompt was declined.", BulkRevocation.Describe(fromMail));
        Assert.Equal("ann@example.com: skipped: Not sent: the confirmation prompt was declined.", BulkRevocation.Describe(asText));
    }
}
