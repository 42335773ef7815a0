using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Testing
{
    /// <summary>
    /// What reached the in-process emulator of a context from <c>Connect-ZtAccount -Emulator</c>, for tests of
    /// runbooks (and this module's own tests): "did -WhatIf send nothing?", "which users were revoked?".
    /// zt-emulator serves the same journal at <c>GET /__emulator/journal</c>.
    /// </summary>
    public static class ZtEmulatorJournal
    {
        private static readonly ConditionalWeakTable<ZtContext, EmulatorEngine> Engines = new ConditionalWeakTable<ZtContext, EmulatorEngine>();

        internal static void Register(ZtContext context, EmulatorEngine engine) => Engines.Add(context, engine);

        /// <summary>Every request the context's emulator saw, oldest first. Credential headers are redacted.</summary>
        /// <exception cref="ArgumentException">The context is not an in-process emulator context.</exception>
        public static IReadOnlyList<JournalEntry> Get(ZtContext context)
        {
            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            if (!Engines.TryGetValue(context, out EmulatorEngine? engine))
            {
                throw new ArgumentException("This context was not made by Connect-ZtAccount -Emulator; read zt-emulator's journal at GET /__emulator/journal.", nameof(context));
            }

            return engine.Journal.Entries;
        }
    }
}
