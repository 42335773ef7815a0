using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
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
}
