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
}
