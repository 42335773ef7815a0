using System.Net.Http;
using System.Threading;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>How a request may be retried (docs/cloudflare-api.md#retries-and-timeouts "Recommendations").</summary>
    internal enum RetryMode
    {
        /// <summary>GET, PUT, revoke_user: safe to repeat on a connection error, 408, 429 or 5xx.</summary>
        Idempotent,

        /// <summary>POST create: never repeated by the transport; the client checks with a GET first.</summary>
        Never,
    }

    /// <summary>Per-request settings carried in <see cref="HttpRequestMessage.Properties"/> through the handler chain.</summary>
    internal static class ZtRequestOptions
    {
        private const string RetryKey = "ZeroTrustOrg.Retry";
        private const string LogKey = "ZeroTrustOrg.Log";
        private const string HeldBudgetKey = "ZeroTrustOrg.HeldBudget";

        /// <summary>The request goes out on budget its sender already holds; the pacing handler takes it instead of waiting.</summary>
        public static void SetHeldBudget(HttpRequestMessage request, HeldBudget held) => request.Properties[HeldBudgetKey] = held;

        public static HeldBudget? HeldBudget(HttpRequestMessage request) =>
            request.Properties.TryGetValue(HeldBudgetKey, out object? value) ? value as HeldBudget : null;

        public static void Set(HttpRequestMessage request, RetryMode retry, IZtLog log)
        {
            request.Properties[RetryKey] = retry;
            request.Properties[LogKey] = log;
        }

        public static RetryMode Retry(HttpRequestMessage request) =>
            request.Properties.TryGetValue(RetryKey, out object? value) && value is RetryMode mode ? mode : RetryMode.Never;

        public static IZtLog Log(HttpRequestMessage request) =>
            request.Properties.TryGetValue(LogKey, out object? value) && value is IZtLog log ? log : NullZtLog.Instance;

        public static void CopyTo(HttpRequestMessage from, HttpRequestMessage to)
        {
            foreach (var property in from.Properties)
            {
                to.Properties[property.Key] = property.Value;
            }
        }
    }

    /// <summary>
    /// One pacer grant taken before the request that spends it exists, so that a fresh read can happen between
    /// the wait for budget and the send (ZtClient's read-modify-write). Exactly one of two things happens to it: the
    /// pacing handler takes it for the attempt (and completes it as it completes any request), or the sender
    /// releases it unsent.
    /// </summary>
    internal sealed class HeldBudget
    {
        private readonly RequestPacer _pacer;
        private int _state;

        public HeldBudget(RequestPacer pacer)
        {
            _pacer = pacer;
        }

        /// <summary>An attempt took the grant: the request reached the pacing handler.</summary>
        public bool Taken => Volatile.Read(ref _state) == 1;

        /// <summary>True once: the attempt that spends the grant.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        /// <summary>Gives the grant back when nothing took it (the send failed before the pacing handler, or never began).</summary>
        public void ReleaseIfUnused()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _pacer.ReleaseUnsent();
            }
        }
    }
}
