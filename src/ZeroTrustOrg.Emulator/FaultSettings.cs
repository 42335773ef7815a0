using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZeroTrustOrg.Emulator
{
    public enum FaultKind
    {
        RateLimited429,
        ServerError500,
        BadGateway502Html,
        ServiceUnavailable503Html,
        ConnectionReset,

        /// <summary>
        /// The normal answer, late by <see cref="EmulatorOptions.SlowResponseDelay"/>. The request is applied
        /// whatever the timing: the worst case for a client whose timeout fires first.
        /// </summary>
        SlowResponse,

        /// <summary>A 200 whose body is not JSON. The request is applied whatever the timing: a 2xx means it took effect.</summary>
        MalformedJson,
        SuccessFalseOn200,
    }

    /// <summary>Whether an injected fault hides a request from the state (before) or follows a request that changed it (after).</summary>
    internal enum FaultTiming
    {
        BeforeApply,
        AfterApply,
    }

    /// <summary>
    /// Random faults that stay reproducible: one <see cref="Random"/> seeded with <see cref="Seed"/> decides,
    /// one draw per request in arrival order, whether the request fails, and a second draw picks the kind.
    /// </summary>
    internal sealed class FaultSettings
    {
        private static readonly IReadOnlyList<FaultKind> AllKinds = (FaultKind[])Enum.GetValues(typeof(FaultKind));

        private static readonly IReadOnlyDictionary<string, FaultKind> KindsBySpecName = new Dictionary<string, FaultKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["429"] = FaultKind.RateLimited429,
            ["500"] = FaultKind.ServerError500,
            ["502"] = FaultKind.BadGateway502Html,
            ["503"] = FaultKind.ServiceUnavailable503Html,
            ["reset"] = FaultKind.ConnectionReset,
            ["slow"] = FaultKind.SlowResponse,
            ["badjson"] = FaultKind.MalformedJson,
            ["false200"] = FaultKind.SuccessFalseOn200,
        };

        private const string SpecExample = "rate=0.1,seed=42,kinds=429|500|502|503|reset|slow|badjson|false200,timing=before";

        public static FaultSettings None { get; } = new FaultSettings();

        /// <summary>Probability in [0, 1] that a request fails.</summary>
        public double Rate { get; init; }

        public int Seed { get; init; }

        /// <summary>The kinds to choose from; all kinds unless narrowed.</summary>
        public IReadOnlyList<FaultKind> Kinds { get; init; } = AllKinds;

        public FaultTiming Timing { get; init; } = FaultTiming.BeforeApply;

        /// <summary>
        /// Reads a spec such as <c>rate=0.1,seed=42,kinds=429|500|reset,timing=after</c>; <c>none</c> means no faults.
        /// </summary>
        /// <exception cref="ArgumentException">The spec names an unknown key or kind, or a value is out of range.</exception>
        public static FaultSettings Parse(string spec)
        {
            if (spec is null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            string trimmed = spec.Trim();
            if (trimmed.Length == 0)
            {
                throw new ArgumentException($"The fault spec is empty. Expected e.g. \"{SpecExample}\" or \"none\".", nameof(spec));
            }

            if (string.Equals(trimmed, "none", StringComparison.OrdinalIgnoreCase))
            {
                return None;
            }

            double rate = 0;
            int seed = 0;
            IReadOnlyList<FaultKind> kinds = AllKinds;
            var timing = FaultTiming.BeforeApply;
            var seenKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            foreach (string? part in trimmed.Split(','))
            {
                string[] pair = part.Split(new[] { '=' }, 2);
                string key = pair[0].Trim();
                if (pair.Length != 2 || key.Length == 0)
                {
                    throw new ArgumentException($"Fault spec part \"{part}\" is not key=value. Expected e.g. \"{SpecExample}\".", nameof(spec));
                }

                if (!seenKeys.Add(key))
                {
                    throw new ArgumentException($"Fault spec names \"{key}\" twice.", nameof(spec));
                }

                string value = pair[1].Trim();
                switch (key.ToLowerInvariant())
                {
                    case "rate":
                        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || rate < 0 || rate > 1 || double.IsNaN(rate))
                        {
                            throw new ArgumentException($"Fault rate \"{value}\" must be a number from 0 to 1.", nameof(spec));
                        }

                        break;
                    case "seed":
                        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                        {
                            throw new ArgumentException($"Fault seed \"{value}\" must be a whole number.", nameof(spec));
                        }

                        break;
                    case "kinds":
                        kinds = ParseKinds(value);
                        break;
                    case "timing":
                        timing = value.ToLowerInvariant() switch
                        {
                            "before" => FaultTiming.BeforeApply,
                            "after" => FaultTiming.AfterApply,
                            _ => throw new ArgumentException($"Fault timing \"{value}\" must be \"before\" or \"after\".", nameof(spec)),
                        };
                        break;
                    default:
                        throw new ArgumentException($"Unknown fault spec key \"{key}\". Known keys: rate, seed, kinds, timing.", nameof(spec));
                }
            }

            return new FaultSettings { Rate = rate, Seed = seed, Kinds = kinds, Timing = timing };
        }

        private static IReadOnlyList<FaultKind> ParseKinds(string value)
        {
            var kinds = new List<FaultKind>();
            foreach (string? name in value.Split('|').Select(n => n.Trim()))
            {
                if (!KindsBySpecName.TryGetValue(name, out var kind))
                {
                    throw new ArgumentException(
                        $"Unknown fault kind \"{name}\". Known kinds: {string.Join("|", KindsBySpecName.Keys)}.", "spec");
                }

                if (!kinds.Contains(kind))
                {
                    kinds.Add(kind);
                }
            }
            return kinds;
        }
    }
}
