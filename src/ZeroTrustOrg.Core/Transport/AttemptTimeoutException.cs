using System;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>
    /// An attempt ran past <see cref="TransportSettings.RequestTimeout"/> (<see cref="AttemptHandler"/>). Never leaves
    /// the handler chain: the retry handler tries again or reports a <see cref="ZtTransportException"/>.
    /// </summary>
    internal sealed class AttemptTimeoutException : TimeoutException
    {
        public AttemptTimeoutException(TimeSpan timeout, bool headersArrived, Exception inner)
            : base($"The attempt took longer than {timeout.TotalSeconds:0.#} s.", inner)
        {
            HeadersArrived = headersArrived;
        }

        /// <summary>The status and headers arrived; the body did not (whole) in time.</summary>
        public bool HeadersArrived { get; }
    }
}
