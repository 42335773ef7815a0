using System.Management.Automation;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>One object per field where the organization differs from the desired state; nothing when in sync.</summary>
    [Cmdlet(VerbsData.Compare, "ZtOrganization", DefaultParameterSetName = "InputObject", HelpUri = HelpLinks.Base + "Compare-ZtOrganization.md")]
    [OutputType(typeof(ZtOrganizationDifference))]
    public sealed class CompareZtOrganization : OrganizationDesiredStateCmdlet
    {
        private protected override void WritePlan(OrganizationUpdatePlan plan)
        {
            foreach (ZtOrganizationDifference difference in ZtOrganizationDifference.From(plan))
            {
                WriteObject(difference);
            }
        }
    }
}
