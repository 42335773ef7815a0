using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>Time, so pacing and backoff can be tested without waiting.</summary>
    internal interface IZtClock
    {
        DateTimeOffset UtcNow { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    internal sealed class SystemClock : IZtClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
