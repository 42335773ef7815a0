namespace ZeroTrustOrg.Commands
{
    /// <summary>Where Get-Help -Online goes: each cmdlet's own page in the project's docs folder (the same markdown the MAML help is built from).</summary>
    internal static class HelpLinks
    {
        public const string Base = "https://github.com/zerotrustorg/ZeroTrustOrg/blob/main/docs/en-US/";
    }
}
