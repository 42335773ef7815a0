using System;
using System.Net.Http;
using System.Threading;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>How a request may be retried (docs/cloudflare-api.md#retries-and-timeouts "Recommendations").</summary>
    public enum RetryMode
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
        private const string AttemptTimeoutKey = "ZeroTrustOrg.AttemptTimeout";

        public static void Set(HttpRequestMessage request, RetryMode retry, IZtLog log)
        {
            request.Properties[RetryKey] = retry;
            request.Properties[LogKey] = log;
        }

        public static RetryMode Retry(HttpRequestMessage request) =>
            request.Properties.TryGetValue(RetryKey, out object? value) && value is RetryMode mode ? mode : RetryMode.Never;

        public static IZtLog Log(HttpRequestMessage request) =>
            request.Properties.TryGetValue(LogKey, out object? value) && value is IZtLog log ? log : NullZtLog.Instance;

        /// <summary>The attempt's timeout, armed but not running: <see cref="StartAttemptTimeout"/> starts it when the request may be sent.</summary>
        public static void SetAttemptTimeout(HttpRequestMessage request, CancellationTokenSource attempt, TimeSpan timeout) =>
            request.Properties[AttemptTimeoutKey] = new AttemptTimeout(attempt, timeout);

        public static void StartAttemptTimeout(HttpRequestMessage request)
        {
            if (request.Properties.TryGetValue(AttemptTimeoutKey, out object? value) && value is AttemptTimeout timeout)
            {
                timeout.Start();
            }
        }

        public static void CopyTo(HttpRequestMessage from, HttpRequestMessage to)
        {
            foreach (var property in from.Properties)
            {
                to.Properties[property.Key] = property.Value;
            }
        }
    }

    internal sealed class AttemptTimeout
    {
        private readonly CancellationTokenSource _attempt;
        private readonly TimeSpan _timeout;

        public AttemptTimeout(CancellationTokenSource attempt, TimeSpan timeout)
        {
            _attempt = attempt;
            _timeout = timeout;
        }

        public void Start()
        {
            try
            {
                _attempt.CancelAfter(_timeout);
            }
            catch (ObjectDisposedException)
            {
                // The attempt already ended.
            }
        }
    }
}
