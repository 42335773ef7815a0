using System;
using System.Management.Automation;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Bulk;

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
        private BulkRevocation? _bulk;
        private ZtContext? _context;

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

            // Only -Email has a known total up front; a piped run knows it once the pipeline ends.
            _bulk = new BulkRevocation(ThrottleLimit, Email?.Length ?? 0, NewPump(), Write, WriteResult);
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
            _bulk!.Complete();
            base.EndProcessing();
            if (_bulk.Summary is string summary)
            {
                WriteVerbose(summary);
            }
        }

        private void Process(object? input)
        {
            int row = _bulk!.NextRow();
            ZtScope scope;
            try
            {
                _context ??= ResolveContext();
                scope = _context.ResolveScope(AccountId, ZoneId);
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                Report(ex, input);
                return;
            }

            bool isEmulator = _context.IsEmulator;
            UserAddress? address = PipedUserAddress.Read(input);
            if (address == null)
            {
                _bulk.AddWithoutAddress(row, scope, isEmulator);
                return;
            }

            _bulk.Note(address);
            RevokeUserRequest request;
            try
            {
                request = BuildRequest(address.Address, scope);
            }
            catch (ZtValidationException invalid)
            {
                // One bad row must not end a bulk run: this user gets a failed result and an error, nothing is sent
                // for it, and the rest go on (in order, behind whatever is still in flight).
                _bulk.Add(ZtRevokeResult.NotSent(address.Address, scope, address.Source, invalid, isEmulator));
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
                    _bulk.FinishInFlight();
                    Report(closed, address.Address);
                    return;
                }

                _bulk.AddRevocation(client, scope, request, address.Source, StopToken);
            }
            else if (!WhatIfRequested())
            {
                // A declined prompt still gives the row its result, so a report from the results names every user.
                _bulk.Add(ZtRevokeResult.NotSent(request.Email, scope, address.Source, null, isEmulator));
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

        /// <summary>A failed row gets its error record as well as its result; skipped rows are a choice, not a failure.</summary>
        private void WriteResult(ZtRevokeResult result)
        {
            if (result.IsFailure)
            {
                WriteError(ErrorRecords.From(result.FailureException, result.Email.Length == 0 ? null : result.Email));
            }

            WriteObject(result);
        }
    }
}
