using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core
{
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
}
