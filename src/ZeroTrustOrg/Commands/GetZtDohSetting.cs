using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Reads the account's DNS-over-HTTPS settings (docs/cloudflare-api.md#doh-settings). Account scope only.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtDohSetting", HelpUri = HelpLinks.Base + "Get-ZtDohSetting.md")]
    [OutputType(typeof(ZtDohSetting))]
    public sealed class GetZtDohSetting : ZtConnectedCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        protected override void ProcessRecord() =>
            WriteResultOf(context => DohScope.Resolve(context, AccountId), async (client, scope, log, ct) =>
            {
                ZtDohSetting setting = await client.GetDohSettingAsync(scope, log, ct).ConfigureAwait(false);
                ServiceTokenIdCompleter.Remember(setting);
                return setting;
            });
    }
}
