using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Tests.Support;

/// <summary>Time that moves only when someone waits, so backoff and pacing run instantly and deterministically.</summary>
internal sealed class VirtualClock : IZtClock
{
    private long _ticks = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public DateTimeOffset UtcNow => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public TimeSpan TotalWaited { get; private set; }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay > TimeSpan.Zero)
        {
            Interlocked.Add(ref _ticks, delay.Ticks);
            lock (this)
            {
                TotalWaited += delay;
            }
        }

        return Task.CompletedTask;
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Time that moves only when the test says so; a delay stays pending until then.</summary>
internal sealed class ManualClock : IZtClock
{
    private readonly DateTimeOffset _start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly List<(DateTimeOffset Due, TaskCompletionSource<bool> Done)> _pending = new();

    public DateTimeOffset UtcNow { get; private set; }

    public TimeSpan Advanced => UtcNow - _start;

    public ManualClock() => UtcNow = _start;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        lock (_pending)
        {
            _pending.Add((UtcNow + delay, done));
        }

        return done.Task;
    }

    /// <summary>Moves time to the earliest pending delay, if any.</summary>
    public void AdvanceToNextDelay()
    {
        DateTimeOffset? next;
        lock (_pending)
        {
            next = _pending.Where(p => !p.Done.Task.IsCompleted).Select(p => (DateTimeOffset?)p.Due).Min();
        }

        if (next.HasValue)
        {
            Advance(next.Value > UtcNow ? next.Value - UtcNow : TimeSpan.Zero);
        }
    }

    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource<bool>> due;
        lock (_pending)
        {
            UtcNow += by;
            due = _pending.Where(p => p.Due <= UtcNow).Select(p => p.Done).ToList();
            _pending.RemoveAll(p => p.Due <= UtcNow);
        }

        due.ForEach(d => d.TrySetResult(true));
    }
}

internal sealed class RecordingLog : IZtLog
{
    private readonly ConcurrentQueue<ZtMessage> _messages = new();

    public IReadOnlyList<ZtMessage> Messages => _messages.ToList();

    public IEnumerable<string> Verbose => Messages.Where(m => m.Level == ZtMessageLevel.Verbose).Select(m => m.Text);

    public bool IsEnabled(ZtMessageLevel level) => true;

    public void Write(ZtMessage message) => _messages.Enqueue(message);

    public string AllText => string.Join("\n", Messages.Select(m => m.Text));
}

/// <summary>The real client, the real handler chain, and the emulator engine behind an in-process handler.</summary>
internal sealed class Harness : IDisposable
{
    public Harness(Action<EmulatorOptions>? configure = null, Action<TransportSettings>? transport = null, bool virtualTime = true, string? token = null)
    {
        Clock = new VirtualClock();
        var options = new EmulatorOptions();
        if (virtualTime)
        {
            options.Clock = () => Clock.UtcNow;
        }

        configure?.Invoke(options);
        Engine = new EmulatorEngine(options);
        Settings = new TransportSettings();
        transport?.Invoke(Settings);
        Token = token ?? EmulatorDefaults.ApiToken;
        Credential = ZtCredential.FromToken(ZtCredential.ToSecureString(Token));
        Pacer = new RequestPacer(Settings.RateLimitRequests, Settings.RateLimitWindow, virtualTime ? Clock : null);
        Client = ZtClient.Create(Credential, new Uri("http://emulator.test/client/v4"), Settings, new EmulatorHandler(Engine), virtualTime ? Clock : null, Pacer);
    }

    public VirtualClock Clock { get; }

    public EmulatorEngine Engine { get; }

    public TransportSettings Settings { get; }

    public string Token { get; }

    public ZtCredential Credential { get; }

    public RequestPacer Pacer { get; }

    public ZtClient Client { get; }

    public RecordingLog Log { get; } = new();

    public static ZtScope Account => ZtScope.Account(EmulatorDefaults.AccountId);

    public static ZtScope Zone => ZtScope.Zone(EmulatorDefaults.ZoneId);

    public int RequestCount => Engine.Journal.Entries.Count;

    public JsonObject StoredAccountOrg => Engine.GetStoredOrganization(false, EmulatorDefaults.AccountId)!;

    public JsonObject StoredZoneOrg => Engine.GetStoredOrganization(true, EmulatorDefaults.ZoneId)!;

    public void Dispose() => Client.Dispose();
}

/// <summary>Small builders for changes, so tests read as what the user typed.</summary>
internal static class Changes
{
    public static OrganizationChange Set(params (string Field, object? Value)[] fields)
    {
        var change = new OrganizationChange();
        foreach (var (field, value) in fields)
        {
            change.Set(field, value, field);
        }

        return change;
    }

    public static Dictionary<string, object?> Keys(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
