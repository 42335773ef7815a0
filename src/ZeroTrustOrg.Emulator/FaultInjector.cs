using System;
using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>Decides, per request, whether the engine answers with an injected fault.</summary>
    internal sealed class FaultInjector
    {
        private readonly object _gate = new object();
        private readonly Queue<(FaultKind Kind, FaultTiming Timing)> _queued = new Queue<(FaultKind, FaultTiming)>();
        private FaultSettings _settings = FaultSettings.None;
        private Random _random = new Random(0);

        internal FaultInjector(FaultSettings settings) => Configure(settings);

        /// <summary>Replaces the random fault settings and restarts their sequence from the seed.</summary>
        public void Configure(FaultSettings settings)
        {
            if (settings is null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            if (settings.Rate > 0 && settings.Kinds.Count == 0)
            {
                throw new ArgumentException("Fault settings with a rate above 0 need at least one kind.", nameof(settings));
            }

            lock (_gate)
            {
                _settings = settings;
                _random = new Random(settings.Seed);
            }
        }

        /// <summary>Makes the next request fail with <paramref name="kind"/>; queued faults come before random ones, in order.</summary>
        public void EnqueueNext(FaultKind kind, FaultTiming timing = FaultTiming.BeforeApply)
        {
            lock (_gate)
            {
                _queued.Enqueue((kind, timing));
            }
        }

        /// <summary>Drops queued faults and turns random faults off.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _queued.Clear();
                _settings = FaultSettings.None;
                _random = new Random(0);
            }
        }

        internal (FaultKind Kind, FaultTiming Timing)? Draw()
        {
            lock (_gate)
            {
                // The draw happens even when a queued fault wins, so queued faults never shift the seeded sequence.
                (FaultKind, FaultTiming)? drawn = null;
                if (_settings.Rate > 0 && _random.NextDouble() < _settings.Rate)
                {
                    drawn = (_settings.Kinds[_random.Next(_settings.Kinds.Count)], _settings.Timing);
                }

                return _queued.Count > 0 ? _queued.Dequeue() : drawn;
            }
        }
    }
}
