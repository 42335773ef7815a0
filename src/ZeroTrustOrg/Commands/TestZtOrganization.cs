using System.Management.Automation;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>$true when the organization matches the desired state, $false otherwise; -Detailed returns the differences too.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZtOrganization", DefaultParameterSetName = "InputObject", HelpUri = HelpLinks.Base + "Test-ZtOrganization.md")]
    [OutputType(typeof(bool))]
    [OutputType(typeof(ZtOrganizationTestResult))]
    public sealed class TestZtOrganization : OrganizationDesiredStateCmdlet
    {
        /// <summary>Returns a result with InSync and the Differences instead of a bare $true/$false.</summary>
        [Parameter]
        [Alias("PassThru")]
        public SwitchParameter Detailed { get; set; }

        private protected override void WritePlan(OrganizationUpdatePlan plan)
        {
            if (Detailed.IsPresent)
            {
                WriteObject(ZtOrganizationTestResult.From(plan));
            }
            else
            {
                WriteObject(!plan.HasChanges);
            }
        }
    }
}
