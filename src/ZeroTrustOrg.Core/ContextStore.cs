using System.Runtime.CompilerServices;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// The default context, one per runspace (never process-wide): Automation jobs sharing a sandbox process,
    /// ThreadJobs and ForEach-Object -Parallel each start with none and must be explicit (the Azure Automation context-switching lesson: a process-wide default leaks between jobs).
    /// The key is the runspace object; when a runspace is collected its entry goes with it.
    /// </summary>
    internal static class ContextStore
    {
        private static readonly ConditionalWeakTable<object, Holder> Table = new ConditionalWeakTable<object, Holder>();

        public static ZtContext? Get(object runspace) => Table.TryGetValue(runspace, out Holder? holder) ? holder.Context : null;

        public static void Set(object runspace, ZtContext context)
        {
            Holder holder = Table.GetValue(runspace, _ => new Holder());
            holder.Context = context;
        }

        /// <summary>Forgets the runspace's default and returns what it was.</summary>
        public static ZtContext? Remove(object runspace)
        {
            if (Table.TryGetValue(runspace, out Holder? holder))
            {
                ZtContext? previous = holder.Context;
                holder.Context = null;
                return previous;
            }

            return null;
        }

        private sealed class Holder
        {
            public ZtContext? Context { get; set; }
        }
    }
}
