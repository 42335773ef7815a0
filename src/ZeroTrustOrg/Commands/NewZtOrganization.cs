using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Creates the organization of an account or zone (api-contract §2.1: POST, 201).</summary>
    [Cmdlet(VerbsCommon.New, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZtOrganization))]
    public sealed class NewZtOrganization : OrganizationFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>The team domain, e.g. myteam.cloudflareaccess.com. Unique across all of Cloudflare.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string AuthDomain { get; set; } = null!;

        protected override void EndProcessing()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = context.ResolveScope(AccountId, ZoneId);
                OrganizationChange change = AddBoundFields(new OrganizationChange());
                JsonObject body = OrganizationPlanner.BuildCreateBody(change, scope, out var notes);
                foreach (string note in notes)
                {
                    WriteVerbose(note);
                }

                string fields = string.Join(Environment.NewLine, body.Select(p => $"  {p.Key}: {p.Value?.ToJsonString()}"));
                if (!ShouldProcess(
                        $"Create Zero Trust organization '{InputText.Escape(Name)}' ({InputText.Escape(AuthDomain)}) in {scope}:{Environment.NewLine}{fields}",
                        $"Create Zero Trust organization '{InputText.Escape(Name)}' ({InputText.Escape(AuthDomain)}) in {scope}?",
                        "New-ZtOrganization"))
                {
                    return;
                }

                ZtScope target = scope;
                WriteObject(Run((log, ct) => context.Client.CreateOrganizationAsync(target, body, log, ct)));
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, scope?.ToString());
            }
            finally
            {
                base.EndProcessing();
            }
        }
    }
}
