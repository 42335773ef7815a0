using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core.Transport
{
    public enum ZtMessageLevel
    {
        Verbose,
        Debug,
        Warning,
        Progress,
    }

    public sealed class ZtMessage
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
    public interface IZtLog
    {
        /// <summary>Whether anyone reads this level; masking a body for a debug line nobody sees is wasted work.</summary>
        bool IsEnabled(ZtMessageLevel level);

        void Write(ZtMessage message);
    }

    /// <summary>Discards everything; the default when nobody listens.</summary>
    public sealed class NullZtLog : IZtLog
    {
        public static readonly NullZtLog Instance = new NullZtLog();

        public bool IsEnabled(ZtMessageLevel level) => false;

        public void Write(ZtMessage message)
        {
        }
    }

    /// <summary>
    /// PowerShell only lets the pipeline thread write to its streams. Work runs on the thread pool and
    /// posts messages here; the cmdlet pumps them on its own thread until the work is done.
    /// </summary>
    public sealed class ZtMessagePump : IZtLog
    {
        private readonly BlockingCollection<ZtMessage> _queue = new BlockingCollection<ZtMessage>();
        private readonly bool _verbose;
        private readonly bool _debug;

        /// <param name="verbose">The caller shows verbose lines (-Verbose or $VerbosePreference).</param>
        /// <param name="debug">The caller shows debug lines (-Debug or $DebugPreference).</param>
        public ZtMessagePump(bool verbose = true, bool debug = true)
        {
            _verbose = verbose;
            _debug = debug;
        }

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
                _queue.Add(message);
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
            while (_queue.TryTake(out ZtMessage? message))
            {
                write(message);
            }
        }

        private void PumpUntil(Task task, Action<ZtMessage> write)
        {
            while (!task.IsCompleted)
            {
                if (_queue.TryTake(out ZtMessage? message, 25))
                {
                    write(message);
                }
            }

            Drain(write);
        }
    }
}
