using System;
using System.Diagnostics;
using System.Management.Automation;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// Revokes a user's Access tokens across every application of the organization (api-contract §2.4).
    /// Piped users run a few at a time within the credential's pacing budget; results come back in input
    /// order, one per user, and a failure for one user does not stop the rest.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "ZtUser", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ZtRevokeResult))]
    public sealed class RevokeZtUser : ZtConnectedCmdlet
    {
        private OrderedWorkQueue<ZtRevokeResult>? _queue;
        private ZtMessagePump? _pump;
        private ZtContext? _context;
        private readonly Stopwatch _elapsed = new Stopwatch();
        private int _done;
        private int _failed;
        private int _expected;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Mail", "UserPrincipalName", "EmailAddress")]
        public string[] Email { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.AccountSet)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string AccountId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.ZoneSet)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string ZoneId { get; set; } = null!;

        /// <summary>The user's Cloudflare Access user id (UUID). Account scope only.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ScopeParameters.DefaultSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ScopeParameters.AccountSet)]
        public string? UserUid { get; set; }

        /// <summary>Also revoke the user's devices. Account scope only.</summary>
        [Parameter(ParameterSetName = ScopeParameters.DefaultSet)]
        [Parameter(ParameterSetName = ScopeParameters.AccountSet)]
        public SwitchParameter Devices { get; set; }

        /// <summary>Force WARP re-authentication for Gateway policies with a WARP session duration. Account scope only.</summary>
        [Parameter(ParameterSetName = ScopeParameters.DefaultSet)]
        [Parameter(ParameterSetName = ScopeParameters.AccountSet)]
        public SwitchParameter WarpSessionReauth { get; set; }

        /// <summary>How many revocations may be in flight at once (the credential's pacing still applies).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Skip the confirmation prompt (for runbooks). -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ProgressActivity => "Revoking Zero Trust Access sessions";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _queue = new OrderedWorkQueue<ZtRevokeResult>(ThrottleLimit);
            _pump = NewPump();
            _elapsed.Start();

            // Only -Email given on the command line has a known total; piped input does not.
            if (!MyInvocation.ExpectingInput && Email != null)
            {
                _expected = Email.Length;
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string email in Email)
            {
                ZtScope? scope = null;
                try
                {
                    _context ??= ResolveContext();
                    scope = _context.ResolveScope(AccountId, ZoneId);
                }
                catch (Exception ex) when (IsOurs(ex))
                {
                    Report(ex, email);
                    continue;
                }

                RevokeUserRequest request;
                try
                {
                    request = BuildRequest(email, scope);
                }
                catch (ZtValidationException invalid)
                {
                    // One bad row must not end a bulk run: this user gets an error result, nothing is sent for it,
                    // and the rest go on (in order, behind whatever is still in flight).
                    var rejected = new ZtRevokeResult(email ?? string.Empty, scope) { Error = invalid.Message, Exception = invalid };
                    Enqueue(() => System.Threading.Tasks.Task.FromResult(rejected));
                    continue;
                }

                if (ShouldProceed(Force.IsPresent, $"{request.Email} ({scope})", "Revoke all Access sessions and tokens"))
                {
                    ZtClient client;
                    try
                    {
                        client = _context.Client;
                    }
                    catch (ZtNotConnectedException closed)
                    {
                        // Disconnected under this command (another runspace, a finally block): report the users in
                        // flight first, each with its own reason, then end the command with one clear record.
                        FinishInFlight();
                        Report(closed, email);
                        return;
                    }

                    ZtScope target = scope;
                    Enqueue(() => BulkRevoke.RevokeOneAsync(client, target, request, _pump!, StopToken));
                }
            }
        }

        protected override void EndProcessing()
        {
            FinishInFlight();

            base.EndProcessing();
            if (_done > 0)
            {
                WriteVerbose($"Revoked {_done - _failed} of {_done} user(s) in {_elapsed.Elapsed.TotalSeconds:0.0} s; {_failed} failed.");
            }
        }

        private void FinishInFlight()
        {
            while (_queue != null && _queue.Count > 0)
            {
                _pump!.Run(_queue.WhenOldestCompleted(), Write);
                EmitCompleted();
            }
        }

        private RevokeUserRequest BuildRequest(string email, ZtScope scope)
        {
            var request = new RevokeUserRequest(email).WithUserUid(UserUid);
            if (IsBound(nameof(Devices)))
            {
                request.Devices = Devices.IsPresent;
            }

            if (IsBound(nameof(WarpSessionReauth)))
            {
                request.WarpSessionReauth = WarpSessionReauth.IsPresent;
            }

            request.ValidateFor(scope);
            return request;
        }

        private void Enqueue(Func<System.Threading.Tasks.Task<ZtRevokeResult>> work)
        {
            while (_queue!.IsFull)
            {
                _pump!.Run(_queue.WhenOldestCompleted(), Write);
                EmitCompleted();
            }

            _queue.Start(work);
            EmitCompleted();
        }

        private void EmitCompleted()
        {
            _pump!.Drain(Write);
            while (_queue!.TryTakeCompleted(out ZtRevokeResult result))
            {
                _done++;
                if (result.Exception != null || !result.Revoked)
                {
                    _failed++;
                    WriteError(ErrorRecords.From(result.Exception ?? new InvalidOperationException(result.Error), result.Email));
                }

                WriteObject(result);
                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            // Short runs stay quiet; long ones show where they are.
            if (_elapsed.Elapsed < TimeSpan.FromSeconds(1) && (_expected == 0 || _expected < 20))
            {
                return;
            }

            int percent = _expected > 0 ? Math.Min(100, _done * 100 / _expected) : -1;
            string of = _expected > 0 ? $" of {_expected}" : string.Empty;
            Write(new ZtMessage(ZtMessageLevel.Progress, $"{_done}{of} user(s) processed, {_failed} failed", percent));
        }
    }
}
