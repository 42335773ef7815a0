using System.Collections.Generic;

namespace ZeroTrustOrg.Core.Models
{
    internal static class ModelText
    {
        public static string Join(params (string Name, string? Value)[] parts)
        {
            var shown = new List<string>();
            foreach (var (name, value) in parts)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    shown.Add(name + "=" + value);
                }
            }

            return shown.Count == 0 ? "(not set)" : string.Join("; ", shown);
        }
    }
}
