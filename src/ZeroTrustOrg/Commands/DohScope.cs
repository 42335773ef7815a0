namespace ZeroTrustOrg.Commands
{
    internal static class DohScope
    {
        /// <summary>DoH settings exist only for accounts (docs/cloudflare-api.md#zone-organization-fields), so a zone-only context is an error, not a fallback.</summary>
        public static ZtScope Resolve(ZtContext context, string? accountId)
        {
            if (!string.IsNullOrEmpty(accountId))
            {
                return ZtScope.Account(accountId!);
            }

            if (context.AccountId != null)
            {
                return ZtScope.Account(context.AccountId);
            }

            throw new ZtValidationException("AccountId",
                "DNS-over-HTTPS settings belong to an account, and no account id was given or set on the connection.",
                "Pass -AccountId, or connect with Connect-ZtAccount -AccountId <id> (or CLOUDFLARE_ACCOUNT_ID).");
        }
    }
}
