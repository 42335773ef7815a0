using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Shows this runspace's default context (nothing when not connected).</summary>
    [Cmdlet(VerbsCommon.Get, "ZtContext", HelpUri = HelpLinks.Base + "Get-ZtContext.md")]
    [OutputType(typeof(ZtContext))]
    public sealed class GetZtContext : ZtCmdlet
    {
        protected override void EndProcessing()
        {
            ZtContext? context = DefaultContext;
            if (context == null)
            {
                WriteVerbose("This runspace has no default context; run Connect-ZtAccount.");
                return;
            }

            WriteObject(context);
        }
    }
}
