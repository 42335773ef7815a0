using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Commands
{
    /// <summary>A cmdlet that talks to Cloudflare through a context.</summary>
    public abstract class ZtConnectedCmdlet : ZtCmdlet
    {
        /// <summary>The connection to use instead of the session default (from Connect-ZtAccount -PassThru).</summary>
        [Parameter]
        public ZtContext? Context { get; set; }

        protected ZtContext ResolveContext()
        {
            ZtContext? context = Context ?? DefaultContext;
            if (context == null)
            {
                throw new ZtNotConnectedException(
                    "Not connected: this runspace has no default context and -Context was not given. Run Connect-ZtAccount first " +
                    "(in ForEach-Object -Parallel or a thread job, pass -Context $using:ctx from Connect-ZtAccount -PassThru).");
            }

            if (!context.IsConnected)
            {
                throw new ZtNotConnectedException("The context was closed with Disconnect-ZtAccount. Run Connect-ZtAccount again.");
            }

            return context;
        }

        /// <summary>The read cmdlets' whole job: pick the scope, make the call, write the result or the error.</summary>
        private protected void WriteResultOf<T>(Func<ZtContext, ZtScope> scopeOf, Func<ZtClient, ZtScope, IZtLog, CancellationToken, Task<T>> call)
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = scopeOf(context);
                ZtScope target = scope;
                WriteObject(Run((log, ct) => call(context.Client, target, log, ct)));
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                ReportItemError(ex, scope);
            }
        }
    }
}
