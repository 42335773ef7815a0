using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Emulator;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Client;

/// <summary>
/// Thousands of operations against an emulator that fails often, in virtual time so it takes seconds:
/// nothing is lost, nothing is applied twice, and every final failure is a typed error.
/// </summary>
public class SoakTests
{
    private const int Revocations = 1800;
    private const int Updates = 250;

    [Fact]
    public async Task Two_thousand_operations_with_injected_faults_lose_and_duplicate_nothing()
    {
        using var h = new Harness(
            o => o.Faults = FaultSettings.Parse("rate=0.15,seed=20261122,kinds=429|500|502|503|reset|badjson|false200,timing=before"),
            t => t.MaxRetries = 6);

        // Revocations through the bulk path the cmdlet uses: bounded window, results in order.
        var queue = new OrderedWorkQueue<ZtRevokeResult>(8);
        var results = new List<ZtRevokeResult>();
        for (int i = 0; i < Revocations; i++)
        {
            while (queue.IsFull)
            {
                await queue.WhenOldestCompleted();
                while (queue.TryTakeCompleted(out var done))
                {
                    results.Add(done);
                }
            }

            var request = new RevokeUserRequest($"user{i:D5}@example.com");
            queue.Start(() => BulkRevoke.RevokeOneAsync(h.Client, Harness.Account, request, h.Log, CancellationToken.None));
        }

        while (queue.Count > 0)
        {
            await queue.WhenOldestCompleted();
            while (queue.TryTakeCompleted(out var done))
            {
                results.Add(done);
            }
        }

        // Read-modify-write updates, each with a value of its own.
        var updateOutcomes = new Dictionary<string, Exception?>();
        for (int i = 0; i < Updates; i++)
        {
            string reason = $"soak-{i:D4}";
            try
            {
                var plan = await h.Client.PlanUpdateAsync(Harness.Account, Changes.Set(("UiReadOnlyToggleReason", reason)));
                await h.Client.ApplyUpdateAsync(plan);
                updateOutcomes[reason] = null;
            }
            catch (Exception ex)
            {
                updateOutcomes[reason] = ex;
            }
        }

        var journal = h.Engine.Journal.Entries;
        int injected = journal.Count(e => e.Fault != null);
        Assert.True(injected >= 0.10 * journal.Count, $"only {injected} of {journal.Count} requests were faulted");
        Assert.True(results.Count + updateOutcomes.Count >= 2000);

        // Order is preserved and every user has exactly one result.
        Assert.Equal(Enumerable.Range(0, Revocations).Select(i => $"user{i:D5}@example.com"), results.Select(r => r.Email));

        var applied = journal.Where(e => e.Operation == JournalOperation.RevokeUser && e.Applied).GroupBy(e => e.Email!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var result in results)
        {
            int times = applied.TryGetValue(result.Email, out int n) ? n : 0;
            if (result.Revoked)
            {
                Assert.True(times == 1, $"{result.Email} reported revoked but applied {times} times");
            }
            else
            {
                Assert.True(times == 0, $"{result.Email} reported failed but was applied {times} times");
                AssertTyped(result.Exception);
            }
        }

        var appliedUpdates = journal.Where(e => e.Operation == JournalOperation.UpdateOrganization && e.Applied).Select(e => e.RequestBody!).ToList();
        foreach (var (reason, error) in updateOutcomes)
        {
            int times = appliedUpdates.Count(body => body.Contains($"\"{reason}\""));
            if (error == null)
            {
                Assert.True(times == 1, $"update {reason} succeeded but was applied {times} times");
            }
            else
            {
                Assert.True(times == 0, $"update {reason} failed but was applied {times} times");
                AssertTyped(error);
            }
        }

        string lastSuccessful = updateOutcomes.Where(o => o.Value == null).Select(o => o.Key).Max()!;
        Assert.Equal(lastSuccessful, h.StoredAccountOrg["ui_read_only_toggle_reason"]!.GetValue<string>());
        Assert.Equal(0, journal.Count(e => e.StatusCode == 429 && e.Fault == null));
    }

    private static void AssertTyped(Exception? error)
    {
        Assert.NotNull(error);
        Assert.True(error is ZtApiException || error is ZtTransportException || error is ZtProtocolException, error!.GetType().Name);
        var info = ZtErrorInfo.Describe(error);
        Assert.NotEqual("ZtUnexpectedError", info.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(info.RecommendedAction));
    }
}
