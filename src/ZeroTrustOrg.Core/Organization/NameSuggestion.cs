using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>The "did you mean" for a misspelt field name: the closest known name by edit distance, if it is close enough.</summary>
    internal static class NameSuggestion
    {
        public static string? Closest(string typed, IEnumerable<string> candidates)
        {
            string key = Comparable(typed);
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                int distance = Distance(key, Comparable(candidate));
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            // A third of the name may be wrong (sesion_duration, SessionDuraton, headertext); beyond that it is another word.
            int allowed = Math.Max(1, key.Length / 3);
            return bestDistance > 0 && bestDistance <= allowed ? best : null;
        }

        /// <summary>Names compare the way field names bind: case, underscores and hyphens do not count.</summary>
        private static string Comparable(string name) => name.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();

        /// <summary>Levenshtein distance, two rows at a time.</summary>
        internal static int Distance(string a, string b)
        {
            int[] previous = new int[b.Length + 1];
            int[] current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }

        /// <summary>Suggests in the style the user wrote: the API's snake_case, or the PowerShell PascalCase.</summary>
        public static string? ForField(string typed, IEnumerable<FieldSpec> fields)
        {
            var specs = fields.ToList();
            string? match = Closest(typed, specs.Select(f => f.JsonName).Concat(specs.Select(f => f.DisplayName)));
            if (match == null)
            {
                return null;
            }

            FieldSpec spec = specs.First(f => f.JsonName == match || f.DisplayName == match);
            bool apiStyle = typed.IndexOf('_') >= 0 || typed == typed.ToLowerInvariant();
            return apiStyle ? spec.JsonName : spec.DisplayName;
        }
    }
}
