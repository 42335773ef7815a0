namespace ZeroTrustOrg.Commands
{
    internal static class ScopeParameters
    {
        public const string DefaultSet = "Default";
        public const string AccountSet = "Account";
        public const string ZoneSet = "Zone";
    }
}
