using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// What every cmdlet shares: the context to use, cancellation on Ctrl+C, running async work while its
    /// messages are written on the pipeline thread, and error records with an id, a category and a fix.
    /// </summary>
    public abstract class ZtCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly System.Collections.Generic.HashSet<string> _warned = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        private bool _progressShown;

        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>The runspace-local default context, or null.</summary>
        internal static ZtContext? DefaultContext => ContextStore.Get(Runspace.DefaultRunspace);

        protected override void StopProcessing() => _stopping.Cancel();

        protected override void BeginProcessing() => KeepWarningsFromPromptingUnderDebug();

        /// <summary>
        /// For compiled cmdlets PowerShell turns -Debug into an Inquire prompt before every warning, which fails a
        /// -NonInteractive runbook and stops an admin who only wanted to see the HTTP bodies. Unless -WarningAction was
        /// given, warnings follow the caller's $WarningPreference, as they do in advanced functions.
        /// </summary>
        private void KeepWarningsFromPromptingUnderDebug()
        {
            if (BoundSwitch("Debug") != true || IsBound("WarningAction"))
            {
                return;
            }

            ActionPreference callers = VariableValue("WarningPreference") is ActionPreference action ? action : ActionPreference.Continue;
            // The runtime keeps the preference in an internal property (Windows PowerShell 5.1 and PowerShell 7 alike);
            // if a future PowerShell drops it, warnings simply prompt as PowerShell intends.
            System.Reflection.PropertyInfo? property = CommandRuntime?.GetType().GetProperty(
                "WarningPreference", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
            if (property?.CanWrite == true && property.PropertyType == typeof(ActionPreference))
            {
                property.SetValue(CommandRuntime, callers);
            }
        }

        protected override void EndProcessing() => CompleteProgress();

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Runs <paramref name="work"/> off the pipeline thread, writing its verbose, debug and warning lines here as they come.</summary>
        private protected T Run<T>(Func<IZtLog, CancellationToken, Task<T>> work)
        {
            var pump = NewPump();
            Task<T> task = TaskStart.OnThisThread(() => work(pump, StopToken));
            try
            {
                return pump.Run(task, Write);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A pump that only carries the levels this invocation will show (-Verbose/-Debug or the preference variables).</summary>
        private protected ZtMessagePump NewPump() => new ZtMessagePump(Wants("Verbose", "VerbosePreference"), Wants("Debug", "DebugPreference"));

        private bool Wants(string parameter, string preferenceVariable)
        {
            if (BoundSwitch(parameter) is bool given)
            {
                return given;
            }

            object? preference = VariableValue(preferenceVariable);
            return preference is ActionPreference action ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore : preference != null;
        }

        /// <summary>A session variable's value, without the PSObject wrapper PowerShell may keep it in.</summary>
        protected object? VariableValue(string name)
        {
            object? value = GetVariableValue(name);
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        /// <summary>The value of a common switch the caller gave (-WhatIf, -Verbose, -Debug:$false), or null when not given.</summary>
        private bool? BoundSwitch(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out object? bound)
                ? bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound)
                : (bool?)null;

        internal void Write(ZtMessage message)
        {
            switch (message.Level)
            {
                case ZtMessageLevel.Verbose:
                    WriteVerbose(message.Text);
                    break;
                case ZtMessageLevel.Debug:
                    WriteDebug(message.Text);
                    break;
                case ZtMessageLevel.Warning:
                    // One warning per command: a read, its re-read and a write's echo may name the same odd values.
                    if (_warned.Add(message.Text))
                    {
                        WriteWarning(message.Text);
                    }

                    break;
                case ZtMessageLevel.Progress:
                    // A fresh record each time: a host that keeps records (a job, Azure Automation, a test) must not
                    // see every earlier update turn into the last one.
                    WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, message.Text) { PercentComplete = message.PercentComplete });
                    _progressShown = true;
                    break;
            }
        }

        protected virtual int ProgressActivityId => 0x5A54;

        protected virtual string ProgressActivity => MyInvocation.MyCommand.Name;

        protected void CompleteProgress()
        {
            if (_progressShown)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
                _progressShown = false;
            }
        }

        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>
        /// -Force skips the confirmation prompt but -WhatIf still wins (the AWS Tools pattern), so a runbook
        /// with -Force never waits on a prompt nobody can answer.
        /// </summary>
        protected bool ShouldProceed(bool force, string target, string action)
        {
            if (force && !WhatIfRequested())
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        /// <summary>
        /// For changes that can do damage whatever the preferences: asks every time (ShouldContinue), naming the
        /// consequence. A host that cannot ask (-NonInteractive, a runbook) gets a non-terminating
        /// ZtOrganizationConfirmationRequired error that says to use -Force, and nothing is sent.
        /// </summary>
        protected bool ConfirmAlways(string query, string caption, string refusedMessage, object? target, ref bool yesToAll, ref bool noToAll)
        {
            try
            {
                // hasSecurityImpact makes No the default answer: pressing Enter must not sign everyone out.
                return ShouldContinue(query, caption, hasSecurityImpact: true, ref yesToAll, ref noToAll);
            }
            catch (Exception ex) when (ex is IContainsErrorRecord && !(ex is PipelineStoppedException))
            {
                var refused = new InvalidOperationException(refusedMessage, ex);
                WriteError(new ErrorRecord(refused, "ZtOrganizationConfirmationRequired", ErrorCategory.PermissionDenied, target)
                {
                    ErrorDetails = new ErrorDetails(refused.Message) { RecommendedAction = "Review the change with -WhatIf, then run again with -Force." },
                });
                return false;
            }
        }

        /// <summary>
        /// Asks again about a write whose target changed after the user said yes (ShouldContinue, No by default). Where
        /// nobody can answer, the row fails with <paramref name="refused"/> and nothing is sent.
        /// </summary>
        protected bool ConfirmAgain(string query, string caption, ErrorRecord refused, ref bool yesToAll, ref bool noToAll)
        {
            try
            {
                return ShouldContinue(query, caption, hasSecurityImpact: true, ref yesToAll, ref noToAll);
            }
            catch (Exception ex) when (ex is IContainsErrorRecord && !(ex is PipelineStoppedException))
            {
                WriteError(refused);
                return false;
            }
        }

        /// <summary>
        /// Whether ShouldProcess may have shown a question for a command of <paramref name="impact"/>: -Confirm, or a
        /// $ConfirmPreference at or below the impact. It cannot tell "Yes to All" from a question, so it errs on asked.
        /// </summary>
        protected bool ShouldProcessMayAsk(ConfirmImpact impact)
        {
            if (WhatIfRequested())
            {
                return false;
            }

            if (BoundSwitch("Confirm") is bool confirm)
            {
                return confirm;
            }

            return VariableValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.None && impact >= preference;
        }

        protected bool WhatIfRequested()
        {
            return BoundSwitch("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>
        /// Whether <paramref name="exception"/> needs an error record from this module (<see cref="ErrorRecords.From"/>).
        /// PowerShell's own exceptions (a prompt a non-interactive host cannot show, a stopped pipeline) already carry the
        /// right one and pass through untouched. Every other exception gets one: Core's, and also an unexpected one (a
        /// bug such as a NullReferenceException), which becomes a ZtUnexpectedError record of the item it failed
        /// (see <see cref="ZtErrorInfo"/>) rather than PowerShell's generic "the cmdlet threw" that ends the pipeline.
        /// </summary>
        protected static bool NeedsModuleErrorRecord(Exception exception) => !(exception is IContainsErrorRecord);

        /// <summary>Errors that end the command: bad input, and no usable connection.</summary>
        internal static bool IsTerminating(Exception exception)
        {
            ZtErrorInfo info = ZtErrorInfo.Describe(exception);
            return exception is ZtValidationException || exception is ZtNotConnectedException || info.Category == ZtErrorCategory.AuthenticationError;
        }

        /// <summary>Terminating for bad input or auth; otherwise the error belongs to this pipeline item and the rest continue.</summary>
        protected void Report(Exception exception, object? target)
        {
            if (exception is PipelineStoppedException || (exception is OperationCanceledException && StopToken.IsCancellationRequested))
            {
                throw new PipelineStoppedException();
            }

            ErrorRecord record = ErrorRecords.From(exception, target);
            if (IsTerminating(exception))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        /// <summary>
        /// Reports what went wrong with one pipeline item. Bad input in a piped row is that row's error (the rest of the
        /// input still runs); otherwise <see cref="Report"/> decides, so bad input given as parameters or a missing
        /// connection still ends the command.
        /// </summary>
        protected void ReportItemError(Exception exception, ZtScope? scope)
        {
            if (exception is ZtValidationException invalid && MyInvocation.ExpectingInput)
            {
                WriteError(ErrorRecords.From(invalid, scope?.ToString() ?? invalid.Parameter));
                return;
            }

            Report(exception, scope?.ToString());
        }
    }
}
