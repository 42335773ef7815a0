using System;
using System.Management.Automation;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>What Compare- and Test-ZtOrganization share: desired state from the pipeline or a file, planned against the organization as read.</summary>
    public abstract class OrganizationDesiredStateCmdlet : ZtConnectedCmdlet
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";

        /// <summary>Desired state: a ZtOrganization, a hashtable, or an object from ConvertFrom-Json.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        public PSObject InputObject { get; set; } = null!;

        /// <summary>A desired-state file, as Export-ZtOrganization writes it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>The account organization to compare with; wins over the scope the desired state names.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        /// <summary>The zone organization to compare with; wins over the scope the desired state names.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? ZoneId { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                var change = new OrganizationChange();
                var (inputAccount, inputZone) = ParameterSetName == PathSet
                    ? DesiredStateInput.AddFile(change, SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path))
                    : DesiredStateInput.Add(change, InputObject);
                bool explicitScope = !string.IsNullOrEmpty(AccountId) || !string.IsNullOrEmpty(ZoneId);
                scope = explicitScope ? context.ResolveScope(AccountId, ZoneId) : context.ResolveScope(inputAccount, inputZone);

                ZtScope target = scope;
                OrganizationUpdatePlan plan = Run((log, ct) => context.Client.PlanUpdateAsync(target, change, log, ct));
                foreach (string note in plan.Notes)
                {
                    WriteVerbose(note);
                }

                WritePlan(plan);
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                ReportItemError(ex, scope);
            }
        }

        private protected abstract void WritePlan(OrganizationUpdatePlan plan);
    }
}
