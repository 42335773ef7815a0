using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Clears a context's credential. Without -Context it closes and forgets the runspace default.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ZtAccount", HelpUri = HelpLinks.Base + "Disconnect-ZtAccount.md")]
    [OutputType(typeof(ZtContext))]
    public sealed class DisconnectZtAccount : ZtCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public ZtContext? Context { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZtContext? target = Context ?? DefaultContext;
            if (target == null)
            {
                // A runbook's finally block may disconnect unconditionally; that is not an error.
                WriteVerbose("Nothing to disconnect: this runspace has no default context.");
                return;
            }

            if (ReferenceEquals(target, DefaultContext))
            {
                ContextStore.Remove(Runspace.DefaultRunspace);
            }

            target.Dispose();
            WriteVerbose($"Disconnected {target}; its credential has been cleared from memory.");
            if (PassThru.IsPresent)
            {
                WriteObject(target);
            }
        }
    }
}
