using System;
using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Reads the account's DNS-over-HTTPS settings (api-contract §2.5). Account scope only.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtDohSetting")]
    [OutputType(typeof(ZtDohSetting))]
    public sealed class GetZtDohSetting : ZtConnectedCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        protected override void ProcessRecord() =>
            WriteResultOf(context => DohScope.Resolve(context, AccountId), (client, scope, log, ct) => client.GetDohSettingAsync(scope, log, ct));
    }

    /// <summary>Changes the DoH JWT lifetime and the service token that issues DoH tokens (api-contract §2.5).</summary>
    [Cmdlet(VerbsCommon.Set, "ZtDohSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZtDohSetting))]
    public sealed class SetZtDohSetting : ZtConnectedCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        /// <summary>How long DoH JWTs live (Go duration, e.g. 24h); cannot exceed the account's key-rotation period.</summary>
        [Parameter]
        [GoDurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public string? DohJwtDuration { get; set; }

        /// <summary>The service token's id (a UUID), not its Client ID.</summary>
        [Parameter]
        public string? ServiceTokenId { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = DohScope.Resolve(context, AccountId);
                var change = new DohSettingChange(DohJwtDuration, ServiceTokenId);
                if (!ShouldProcess($"Set DNS-over-HTTPS settings of {scope}: {change}", $"Set DNS-over-HTTPS settings of {scope}: {change}?", "Set-ZtDohSetting"))
                {
                    return;
                }

                ZtScope target = scope;
                ZtDohSetting result = Run((log, ct) => context.Client.SetDohSettingAsync(target, change, log, ct));
                if (PassThru.IsPresent)
                {
                    WriteObject(result);
                }
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, scope?.ToString());
            }
        }
    }

    internal static class DohScope
    {
        /// <summary>DoH settings exist only for accounts (api-contract §1.2), so a zone-only context is an error, not a fallback.</summary>
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
