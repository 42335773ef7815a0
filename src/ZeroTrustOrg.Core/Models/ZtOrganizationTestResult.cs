using System.Linq;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg
{
    /// <summary>What Test-ZtOrganization -Detailed returns: the verdict and the differences behind it.</summary>
    public sealed class ZtOrganizationTestResult
    {
        internal ZtOrganizationTestResult(OrganizationUpdatePlan plan)
        {
            Differences = ZtOrganizationDifference.From(plan).ToArray();
            Scope = plan.Scope.Kind.ToString();
            AccountId = plan.Scope.IsAccount ? plan.Scope.Id : null;
            ZoneId = plan.Scope.IsAccount ? null : plan.Scope.Id;
            IsEmulator = plan.IsEmulator;
        }

        /// <summary>True when tested against the built-in emulator: nothing was read from Cloudflare.</summary>
        public bool IsEmulator { get; }

        /// <summary>True when the organization already matches the desired state.</summary>
        public bool InSync => Differences.Length == 0;

        /// <summary>One entry per field that differs; empty when in sync.</summary>
        public ZtOrganizationDifference[] Differences { get; }

        /// <summary>"Account" or "Zone", as on ZtOrganization.</summary>
        public string Scope { get; }

        /// <summary>The account id when the scope is an account; otherwise null.</summary>
        public string? AccountId { get; }

        /// <summary>The zone id when the scope is a zone; otherwise null.</summary>
        public string? ZoneId { get; }

        internal static ZtOrganizationTestResult From(OrganizationUpdatePlan plan) => new ZtOrganizationTestResult(plan);

        /// <summary>"In sync", or the number of differences and the fields that differ.</summary>
        public override string ToString() => InSync ? "In sync" : $"{Differences.Length} difference(s): {string.Join("; ", Differences.Select(d => d.Field))}";
    }
}
