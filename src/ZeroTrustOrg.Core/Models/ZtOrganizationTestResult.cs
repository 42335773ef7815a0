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

        public ZtOrganizationDifference[] Differences { get; }

        public string Scope { get; }

        public string? AccountId { get; }

        public string? ZoneId { get; }

        internal static ZtOrganizationTestResult From(OrganizationUpdatePlan plan) => new ZtOrganizationTestResult(plan);

        public override string ToString() => InSync ? "In sync" : $"{Differences.Length} difference(s): {string.Join("; ", Differences.Select(d => d.Field))}";
    }
}
