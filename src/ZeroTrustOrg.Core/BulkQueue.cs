using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg
{
    /// <summary>
    /// Runs up to N pieces of work at once and hands results back in input order. The window is bounded, so
    /// a million piped users cost the memory of N, and the caller (the pipeline thread) writes every result.
    /// </summary>
    internal sealed class OrderedWorkQueue<T>
    {
        private readonly Queue<Task<T>> _pending = new Queue<Task<T>>();
        private readonly int _maxInFlight;

        public OrderedWorkQueue(int maxInFlight)
        {
            if (maxInFlight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxInFlight), "At least one piece of work must be allowed at a time.");
            }

            _maxInFlight = maxInFlight;
        }

        /// <summary>Started and not yet handed back.</summary>
        public int Count => _pending.Count;

        public bool IsFull => _pending.Count >= _maxInFlight;

        public void Start(Func<Task<T>> work)
        {
            if (IsFull)
            {
                throw new InvalidOperationException("The window is full; take a completed result first.");
            }

            _pending.Enqueue(_pending.Count == 0 ? TaskStart.OnThisThread(work) : Task.Run(work));
        }

        /// <summary>The oldest result, if it is done.</summary>
        public bool TryTakeCompleted(out T result)
        {
            if (_pending.Count > 0 && _pending.Peek().IsCompleted)
            {
                result = _pending.Dequeue().GetAwaiter().GetResult();
                return true;
            }

            result = default!;
            return false;
        }

        /// <summary>Completes when the oldest piece of work does (at once when there is none).</summary>
        public Task WhenOldestCompleted() => _pending.Count == 0 ? Task.CompletedTask : (Task)_pending.Peek();
    }

    /// <summary>Where async work begins.</summary>
    internal static class TaskStart
    {
        /// <summary>
        /// Runs <paramref name="work"/> up to its first real await on this thread, when the caller would only wait for
        /// it anyway: a hop to the thread pool costs a context switch per call and buys nothing. With a
        /// synchronization context (a GUI host) the work goes to the pool, so no continuation can queue behind the
        /// thread that waits for it.
        /// </summary>
        public static Task<T> OnThisThread<T>(Func<Task<T>> work)
        {
            if (SynchronizationContext.Current != null)
            {
                return Task.Run(work);
            }

            try
            {
                return work();
            }
            catch (Exception ex)
            {
                return Task.FromException<T>(ex);
            }
        }
    }

    /// <summary>Revokes users one by one for a bulk run; a failure becomes the user's result, never an exception.</summary>
    internal static class BulkRevoke
    {
        public static async Task<ZtRevokeResult> RevokeOneAsync(ZtClient client, ZtScope scope, RevokeUserRequest request, Core.Transport.IZtLog log, CancellationToken cancellationToken)
        {
            try
            {
                return await client.RevokeUserAsync(scope, request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ZtRevokeResult failed = ZtRevokeResult.For(request, scope);
                failed.IsEmulator = client.IsEmulator;
                failed.Error = ZtErrorInfo.Describe(ex).Meaning;
                failed.ErrorCode = ex is ZtApiException api && api.Errors.Count > 0 ? api.Errors[0].Code : (int?)null;
                failed.Exception = ex;
                return failed;
            }
        }
    }
}
