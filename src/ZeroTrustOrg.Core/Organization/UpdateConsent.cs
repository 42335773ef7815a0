namespace ZeroTrustOrg.Core.Organization
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
}
