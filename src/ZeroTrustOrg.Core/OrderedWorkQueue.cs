using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core
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
}
