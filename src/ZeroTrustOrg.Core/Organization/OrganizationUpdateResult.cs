namespace ZeroTrustOrg.Core.Organization
{
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
}
