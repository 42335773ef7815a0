using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    internal enum ZtMessageLevel
    {
        Verbose,
        Debug,
        Warning,
        Progress,
    }

    internal sealed class ZtMessage
    {
        public ZtMessage(ZtMessageLevel level, string text, int percentComplete = -1)
        {
            Level = level;
            Text = text;
            PercentComplete = percentComplete;
        }

        public ZtMessageLevel Level { get; }

        public string Text { get; }

        public int PercentComplete { get; }

        public override string ToString() => Level + ": " + Text;
    }

    /// <summary>Where the transport reports what it does. Implementations must be thread-safe.</summary>
    internal interface IZtLog
    {
        /// <summary>Whether anyone reads this level; masking a body for a debug line nobody sees is wasted work.</summary>
        bool IsEnabled(ZtMessageLevel level);

        void Write(ZtMessage message);
    }

    /// <summary>Discards everything; the default when nobody listens.</summary>
    internal sealed class NullZtLog : IZtLog
    {
        public static readonly NullZtLog Instance = new NullZtLog();

        public bool IsEnabled(ZtMessageLevel level) => false;

        public void Write(ZtMessage message)
        {
        }
    }

    /// <summary>
    /// PowerShell only lets the pipeline thread write to its streams. Work runs on the thread pool and
    /// posts messages here; the cmdlet pumps them on its own thread until the work is done. The pipeline
    /// thread sleeps until a message or the work's completion wakes it: no polling interval, so a call
    /// returns the moment its result exists.
    /// </summary>
    internal sealed class ZtMessagePump : IZtLog
    {
        private readonly ConcurrentQueue<ZtMessage> _queue = new ConcurrentQueue<ZtMessage>();
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false);
        private readonly Action _wakeUp;
        private readonly bool _verbose;
        private readonly bool _debug;
        private long _sleeps;

        /// <param name="verbose">The caller shows verbose lines (-Verbose or $VerbosePreference).</param>
        /// <param name="debug">The caller shows debug lines (-Debug or $DebugPreference).</param>
        public ZtMessagePump(bool verbose = true, bool debug = true)
        {
            _verbose = verbose;
            _debug = debug;
            _wakeUp = _wake.Set;
        }

        /// <summary>How many times the pumping thread went to sleep; each sleep ends only on a message or a completion.</summary>
        internal long Sleeps => Interlocked.Read(ref _sleeps);

        public bool IsEnabled(ZtMessageLevel level) => level switch
        {
            ZtMessageLevel.Verbose => _verbose,
            ZtMessageLevel.Debug => _debug,
            _ => true,
        };

        public void Write(ZtMessage message)
        {
            if (IsEnabled(message.Level))
            {
                _queue.Enqueue(message);
                _wake.Set();
            }
        }

        /// <summary>Writes queued messages through <paramref name="write"/> on the calling thread until <paramref name="task"/> ends.</summary>
        public T Run<T>(Task<T> task, Action<ZtMessage> write)
        {
            PumpUntil(task, write);
            return task.GetAwaiter().GetResult();
        }

        public void Run(Task task, Action<ZtMessage> write)
        {
            PumpUntil(task, write);
            task.GetAwaiter().GetResult();
        }

        /// <summary>Writes whatever is queued now, without waiting.</summary>
        public void Drain(Action<ZtMessage> write)
        {
            while (_queue.TryDequeue(out ZtMessage? message))
            {
                write(message);
            }
        }

        private void PumpUntil(Task task, Action<ZtMessage> write)
        {
            if (!task.IsCompleted)
            {
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wakeUp);
            }

            // Reset before looking, so a message or completion that lands after the look still finds the event set.
            while (true)
            {
                _wake.Reset();
                Drain(write);
                if (task.IsCompleted)
                {
                    break;
                }

                Interlocked.Increment(ref _sleeps);
                _wake.Wait();
            }

            Drain(write);
        }
    }
}
