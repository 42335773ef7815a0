using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Reads the Zero Trust organization of an account or a zone (docs/cloudflare-api.md#endpoints A1/Z1).</summary>
    [Cmdlet(VerbsCommon.Get, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, HelpUri = HelpLinks.Base + "Get-ZtOrganization.md")]
    [OutputType(typeof(ZtOrganization))]
    public sealed class GetZtOrganization : OrganizationScopeCmdlet
    {
        protected override void ProcessRecord() =>
            WriteResultOf(context => context.ResolveScope(AccountId, ZoneId), (client, scope, log, ct) => client.GetOrganizationAsync(scope, log, ct));
    }

    /// <summary>A cmdlet that acts on one organization, named by -AccountId or -ZoneId (also by property name from the pipeline) or the context's default.</summary>
    public abstract class OrganizationScopeCmdlet : ZtConnectedCmdlet
    {
        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.AccountSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string AccountId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.ZoneSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string ZoneId { get; set; } = null!;
    }

    internal static class ScopeParameters
    {
        public const string DefaultSet = "Default";
        public const string AccountSet = "Account";
        public const string ZoneSet = "Zone";
    }
}
