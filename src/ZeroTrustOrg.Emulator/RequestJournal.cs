using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustOrg.Emulator
{
    internal sealed class RequestJournal
    {
        private readonly object _gate = new object();
        private readonly List<JournalEntry> _entries = new List<JournalEntry>();

        /// <summary>A snapshot; later requests do not change a list already handed out.</summary>
        public IReadOnlyList<JournalEntry> Entries
        {
            get
            {
                lock (_gate)
                {
                    return _entries.ToArray();
                }
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
            }
        }

        public int CountApplied(JournalOperation operation)
        {
            lock (_gate)
            {
                return _entries.Count(e => e.Applied && e.Operation == operation);
            }
        }

        internal void Add(JournalEntry entry)
        {
            lock (_gate)
            {
                _entries.Add(entry);
            }
        }
    }
}
