using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;

// Public: scripts catch it as [ZeroTrustOrg.ZtOrganizationChangedException], so it keeps that name outside the folder's namespace.
namespace ZeroTrustOrg
{
    /// <summary>
    /// The organization changed between the read a question was asked about and the write: a field being changed has
    /// another current value now, or the write gained a field or a consequence. Nothing was written. <see cref="Plan"/> is
    /// the write worked out from the fresh read, to ask about again.
    /// </summary>
    public sealed class ZtOrganizationChangedException : Exception
    {
        internal ZtOrganizationChangedException(OrganizationUpdatePlan plan, IReadOnlyList<string> changes, string why)
            : base(InputText.Escape(
                $"{plan.Scope} changed while the change waited ({why}), so nothing was written: {string.Join("; ", changes)}."))
        {
            Plan = plan;
            Changes = changes;
        }

        /// <summary>The write as it would be now, from the fresh read.</summary>
        internal OrganizationUpdatePlan Plan { get; }

        /// <summary>What is different from the write the question showed, one sentence each.</summary>
        public IReadOnlyList<string> Changes { get; }

        /// <summary>The fresh write's differences, one per line, for a new question.</summary>
        public string DescribeNewWrite() => string.Join(Environment.NewLine, Plan.Differences.Select(d => "  " + d));
    }
}
