using System;
using System.Linq;
using System.Management.Automation;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// Changes only the fields named: GET, overlay, PUT the complete writable object (docs/cloudflare-api.md#update).
    /// -WhatIf prints the field-by-field difference and sends no write. A change that hurts at once (a new team
    /// domain signs everyone out; DenyUnmatchedRequests off exposes unmatched hostnames) is confirmed unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Set-ZtOrganization.md")]
    [OutputType(typeof(ZtOrganization))]
    public sealed class SetZtOrganization : OrganizationFieldsCmdlet
    {
        private bool _yesToAll;
        private bool _noToAll;
        private bool _changedYesToAll;
        private bool _changedNoToAll;

        /// <summary>
        /// Desired state: a ZtOrganization (only what was changed on it since it was read is applied), a hashtable,
        /// or an object from ConvertFrom-Json. Fields it carries are applied; parameters win over it.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuthDomain { get; set; }

        /// <summary>Hashtable with Forbidden and IdentityDenied (custom page UIDs). Account scope; not available at create.</summary>
        [Parameter]
        [AllowNull]
        public object? CustomPages { get; set; }

        /// <summary>Applies a change that signs users out or removes protection without asking; -WhatIf still only shows it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                var change = new OrganizationChange();
                scope = ResolveTarget(context, change);
                AddBoundFields(change);
                if (change.IsEmpty && InputObject?.BaseObject is ZtOrganization)
                {
                    // Nothing was changed on the object since it was read: there is nothing to send, and that is no error.
                    WriteVerbose($"The piped organization ({scope}) was not changed since it was read, and no field was named; nothing was sent.");
                    return;
                }

                if (change.IsEmpty)
                {
                    throw new ZtValidationException("InputObject",
                        "Nothing to change: name at least one field (for example -SessionDuration 12h) or pipe in a desired-state object.",
                        "See Get-Help Set-ZtOrganization -Examples.");
                }

                ZtScope target = scope;
                OrganizationUpdatePlan plan = Run((log, ct) => context.Client.PlanUpdateAsync(target, change, log, ct));
                foreach (string note in plan.Notes)
                {
                    WriteVerbose(note);
                }

                foreach (string warning in plan.Warnings)
                {
                    WriteWarning(warning);
                }

                string label = $"Zero Trust organization '{InputText.Escape(plan.Name)}' ({scope})";
                if (!plan.HasChanges)
                {
                    WriteVerbose($"{label} already has the requested values; nothing was sent.");
                    if (PassThru.IsPresent)
                    {
                        WriteObject(plan.ReadOrganization());
                    }

                    return;
                }

                string differences = string.Join(Environment.NewLine, plan.Differences.Select(d => "  " + d));
                bool askedBefore = _yesToAll;
                if (!ShouldProcess(
                        $"Update {label}:{Environment.NewLine}{differences}{Environment.NewLine}  (as read just now; if a question or a wait for rate-limit budget comes first, the organization is read again before the write, edits to other fields are kept, and a change to these fields is asked about again)",
                        $"Update {label}?{Environment.NewLine}{differences}",
                        "Set-ZtOrganization")
                    || !ConfirmedIfDangerous(plan, label, differences))
                {
                    return;
                }

                // What the user was shown decides what a fresh read may change without a new question.
                bool asked = ShouldProcessMayAsk(ConfirmImpact.Medium) || (plan.NeedsConfirmation && !Force.IsPresent && !askedBefore);
                UpdateConsent consent = asked ? UpdateConsent.Asked : Force.IsPresent ? UpdateConsent.Forced : UpdateConsent.NotAsked;
                OrganizationUpdateResult result;
                while (true)
                {
                    OrganizationUpdatePlan confirmed = plan;
                    UpdateConsent given = consent;
                    try
                    {
                        result = Run((log, ct) => context.Client.WriteUpdateAsync(confirmed, given, log, ct));
                        break;
                    }
                    catch (ZtOrganizationChangedException changed)
                    {
                        if (!ConfirmedAfterChange(changed, label))
                        {
                            return;
                        }

                        plan = changed.Plan;
                        consent = UpdateConsent.Asked;
                    }
                }

                if (!result.Sent)
                {
                    if (PassThru.IsPresent)
                    {
                        WriteObject(result.Organization);
                    }

                    return;
                }

                WriteVerbose($"Updated {label}: {string.Join("; ", result.Plan.Differences.Select(d => d.ToString()))}");
                if (PassThru.IsPresent)
                {
                    WriteObject(result.Organization);
                }
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                ReportItemError(ex, scope);
            }
        }

        /// <summary>
        /// Asks even when the preferences would not (ShouldContinue after ShouldProcess), naming what happens to people.
        /// Where nobody can answer (-NonInteractive), the row fails with a fix instead of being written.
        /// </summary>
        private bool ConfirmedIfDangerous(OrganizationUpdatePlan plan, string label, string differences)
        {
            if (!plan.NeedsConfirmation || Force.IsPresent)
            {
                return true;
            }

            string consequences = string.Join(Environment.NewLine, plan.Warnings.Select(w => "  " + w));
            string query = $"{label} will change:{Environment.NewLine}{differences}{Environment.NewLine}Consequences:{Environment.NewLine}{consequences}{Environment.NewLine}Apply it?";
            return ConfirmAlways(query, "Confirm a change that affects every user",
                $"{label} was not changed: the change needs confirmation and this session cannot ask (it is non-interactive). {string.Join(" ", plan.Warnings)}",
                plan.Scope.ToString(), ref _yesToAll, ref _noToAll);
        }

        /// <summary>
        /// The organization changed after the user said yes, in a field the change touches (or the write gained a
        /// consequence): say what changed and ask again. Where nobody can answer, the row fails with
        /// ZtOrganizationChangedWhileConfirming and nothing is written.
        /// </summary>
        private bool ConfirmedAfterChange(ZtOrganizationChangedException changed, string label)
        {
            string since = string.Join(Environment.NewLine, changed.Changes.Select(c => "  " + c));
            WriteVerbose($"{label} changed after it was read: {string.Join("; ", changed.Changes)}. Asking again.");
            string consequences = changed.Plan.Warnings.Count == 0
                ? string.Empty
                : $"{Environment.NewLine}Consequences:{Environment.NewLine}{string.Join(Environment.NewLine, changed.Plan.Warnings.Select(w => "  " + w))}";
            string query = $"{label} changed after you were asked:{Environment.NewLine}{since}{Environment.NewLine}" +
                $"The write would now be:{Environment.NewLine}{changed.DescribeNewWrite()}{consequences}{Environment.NewLine}Apply it?";
            return ConfirmAgain(query, "Confirm again: the organization changed", ErrorRecords.From(changed, changed.Plan.Scope.ToString()), ref _changedYesToAll, ref _changedNoToAll);
        }

        /// <summary>Explicit -AccountId/-ZoneId win; else the piped object's own scope; else the context default.</summary>
        private ZtScope ResolveTarget(ZtContext context, OrganizationChange change)
        {
            string? account = AccountId;
            string? zone = ZoneId;
            if (InputObject != null)
            {
                var (inputAccount, inputZone) = DesiredStateInput.Add(change, InputObject);
                if (account == null && zone == null)
                {
                    account = inputAccount;
                    zone = inputZone;
                }
            }

            return context.ResolveScope(account, zone);
        }
    }
}
