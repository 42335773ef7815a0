using System;
using System.Collections;
using System.Management.Automation;
using System.Threading.Tasks;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// Revokes a user's Access tokens across every application of the organization (docs/cloudflare-api.md#revoking-a-user).
    /// Piped users run a few at a time within the credential's pacing budget; results come back in input
    /// order, exactly one per input row, and a failure for one user does not stop the rest.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "ZtUser", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = HelpLinks.Base + "Revoke-ZtUser.md")]
    [OutputType(typeof(ZtRevokeResult))]
    public sealed class RevokeZtUser : ZtConnectedCmdlet
    {
        private OrderedWorkQueue<ZtRevokeResult>? _queue;
        private ZtMessagePump? _pump;
        private ZtContext? _context;
        private ProgressThrottle? _progress;
        private int _received;
        private int _done;
        private int _failed;
        private int _skipped;
        private int _expected;
        private bool _finalProgressShown;
        private bool _warnedAboutUserPrincipalName;

        /// <summary>The addresses to revoke, as text. To revoke users from objects (Import-Csv, Get-ADUser, Get-MgUser), pipe them instead.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNull]
        public string[]? Email { get; set; }

        /// <summary>A user object or an address. The address is the first non-empty of Email, Mail, EmailAddress, then UserPrincipalName.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        public PSObject? InputObject { get; set; }

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
            bool piped = MyInvocation.ExpectingInput;
            if (Email != null && piped)
            {
                ThrowTerminatingError(ErrorRecords.From(new ZtValidationException("Email",
                    "Give the users either with -Email or through the pipeline, not both.",
                    "Pipe the users (Import-Csv leavers.csv | Revoke-ZtUser), or pass -Email alone."), null));
            }

            if (Email == null && !piped)
            {
                ThrowTerminatingError(ErrorRecords.From(new ZtValidationException("Email",
                    "No user to revoke: pass -Email or pipe in users.",
                    "For example: Revoke-ZtUser -Email leaver@example.com, or Import-Csv leavers.csv | Revoke-ZtUser."), null));
            }

            _queue = new OrderedWorkQueue<ZtRevokeResult>(ThrottleLimit);
            _pump = NewPump();
            _progress = new ProgressThrottle();

            // Only -Email has a known total up front; a piped run knows it once the pipeline ends.
            _expected = Email?.Length ?? 0;
        }

        protected override void ProcessRecord()
        {
            if (Email != null)
            {
                foreach (string email in Email)
                {
                    Process(email);
                }
            }
            else
            {
                Process(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            _expected = _received;
            FinishInFlight();

            // Piped input has a total only now. When every result was already written while input arrived (a fast
            // server), the final update has not been shown yet; show it, so a long run still ends at 100%.
            if (_done > 0 && !_finalProgressShown)
            {
                ReportProgress();
            }

            base.EndProcessing();
            if (_done > 0)
            {
                WriteVerbose($"Revoke-ZtUser: {_done} user(s): {_done - _failed - _skipped} revoked, {_failed} failed, {_skipped} skipped.");
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

        private void Process(object? input)
        {
            int row = ++_received;
            ZtScope scope;
            try
            {
                _context ??= ResolveContext();
                scope = _context.ResolveScope(AccountId, ZoneId);
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, input);
                return;
            }

            bool isEmulator = _context.IsEmulator;
            UserAddress? address = ReadAddress(input);
            if (address == null)
            {
                Enqueue(ZtRevokeResult.NotSent(string.Empty, scope, null, UserAddress.Missing($"input row {row}"), isEmulator));
                return;
            }

            if (address.IsUserPrincipalName && !_warnedAboutUserPrincipalName)
            {
                _warnedAboutUserPrincipalName = true;
                WriteWarning(UserAddress.UserPrincipalNameWarning(address.Address));
            }

            RevokeUserRequest request;
            try
            {
                request = BuildRequest(address.Address, scope);
            }
            catch (ZtValidationException invalid)
            {
                // One bad row must not end a bulk run: this user gets a failed result and an error, nothing is sent
                // for it, and the rest go on (in order, behind whatever is still in flight).
                Enqueue(ZtRevokeResult.NotSent(address.Address, scope, address.Source, invalid, isEmulator));
                return;
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
                    Report(closed, address.Address);
                    return;
                }

                string source = address.Source;
                Enqueue(async () =>
                {
                    ZtRevokeResult result = await BulkRevoke.RevokeOneAsync(client, scope, request, _pump!, StopToken).ConfigureAwait(false);
                    result.EmailSource = source;
                    return result;
                });
            }
            else if (!WhatIfRequested())
            {
                // A declined prompt still gives the row its result, so a report from the results names every user.
                Enqueue(ZtRevokeResult.NotSent(request.Email, scope, address.Source, null, isEmulator));
            }
        }

        /// <summary>Text is the address; an object gives the first non-empty of Email, Mail, EmailAddress, UserPrincipalName.</summary>
        private static UserAddress? ReadAddress(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return string.IsNullOrWhiteSpace(text) ? null : UserAddress.FromText(text);
                case IDictionary dictionary:
                    return UserAddress.Pick(name => Lookup(dictionary, name));
            }

            PSObject properties = input as PSObject ?? PSObject.AsPSObject(value);
            return UserAddress.Pick(name => properties.Properties[name]?.Value);
        }

        private static object? Lookup(IDictionary dictionary, string name)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
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

        private void Enqueue(ZtRevokeResult settled) => Enqueue(() => Task.FromResult(settled));

        private void Enqueue(Func<Task<ZtRevokeResult>> work)
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
                string who = result.Email.Length == 0 ? "(no address)" : result.EmailSource == null || result.EmailSource == UserAddress.GivenAsText
                    ? result.Email
                    : $"{result.Email} (from {result.EmailSource})";
                WriteVerbose($"{who}: {result.Status.ToLowerInvariant()}{(result.Revoked ? string.Empty : ": " + result.Error)}");
                if (result.IsFailure)
                {
                    _failed++;
                    WriteError(ErrorRecords.From(result.FailureException, result.Email.Length == 0 ? null : result.Email));
                }
                else if (!result.Revoked)
                {
                    _skipped++;
                }

                WriteObject(result);
                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            bool last = _expected > 0 && _done >= _expected;
            if (!_progress!.ShouldShow(_done, _expected, last))
            {
                return;
            }

            _finalProgressShown = last;
            string of = _expected > 0 ? $" of {_expected}" : string.Empty;
            Write(new ZtMessage(ZtMessageLevel.Progress, $"{_done}{of} user(s) processed, {_failed} failed", ProgressThrottle.Percent(_done, _expected)));
        }
    }
}
