using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustOrg
{
    /// <summary>How the user said yes to an update plan; it decides what a fresh read before the PUT may change without asking again.</summary>
    internal enum UpdateConsent
    {
        /// <summary>
        /// No question was shown: the command line is the consent. A fresh read is re-planned and written, unless the
        /// write now has a consequence (sign-outs, protection off) that would have been asked about.
        /// </summary>
        NotAsked,

        /// <summary>-Force: the command line accepts the consequences too; a fresh read is re-planned and written.</summary>
        Forced,

        /// <summary>
        /// A question describing this plan may have been answered: the organization is always read again before the PUT,
        /// and a write that is no longer what the question showed is not sent (<see cref="ZtOrganizationChangedException"/>).
        /// </summary>
        Asked,
    }

    /// <summary>What became of an update: the plan that was written (after any fresh read), or why nothing was.</summary>
    internal sealed class OrganizationUpdateResult
    {
        internal OrganizationUpdateResult(ZtOrganization organization, OrganizationUpdatePlan written, bool sent)
        {
            Organization = organization;
            Plan = written;
            Sent = sent;
        }

        /// <summary>The organization as written, or as read when nothing needed writing.</summary>
        public ZtOrganization Organization { get; }

        /// <summary>The plan the PUT carried: the one given, or the re-plan of a fresh read.</summary>
        internal OrganizationUpdatePlan Plan { get; }

        /// <summary>False when the fresh read already had the requested values, so no PUT was sent.</summary>
        public bool Sent { get; }
    }

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
