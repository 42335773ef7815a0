using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// Changes only the fields named: GET, overlay, PUT the complete writable object (api-contract §2.2).
    /// -WhatIf prints the field-by-field difference and sends no write.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZtOrganization))]
    public sealed class SetZtOrganization : OrganizationFieldsCmdlet
    {
        /// <summary>Desired state: a ZtOrganization, or an object from ConvertFrom-Json. Fields it carries are applied; parameters win over it.</summary>
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

                string label = $"Zero Trust organization '{InputText.Escape(JsonValues.AsString(plan.Current["name"]))}' ({scope})";
                if (!plan.HasChanges)
                {
                    WriteVerbose($"{label} already has the requested values; nothing was sent.");
                    if (PassThru.IsPresent)
                    {
                        WriteObject(ZtClient.ToOrganization(plan.Current, scope));
                    }

                    return;
                }

                string differences = string.Join(Environment.NewLine, plan.Differences.Select(d => "  " + d));
                if (!ShouldProcess(
                        $"Update {label}:{Environment.NewLine}{differences}",
                        $"Update {label}?{Environment.NewLine}{differences}",
                        "Set-ZtOrganization"))
                {
                    return;
                }

                ZtOrganization updated = Run((log, ct) => context.Client.ApplyUpdateAsync(plan, log, ct));
                WriteVerbose($"Updated {label}: {string.Join("; ", plan.Differences.Select(d => d.ToString()))}");
                if (PassThru.IsPresent)
                {
                    WriteObject(updated);
                }
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, scope?.ToString());
            }
        }

        /// <summary>Explicit -AccountId/-ZoneId win; else the piped object's own scope; else the context default.</summary>
        private ZtScope ResolveTarget(ZtContext context, OrganizationChange change)
        {
            string? account = AccountId;
            string? zone = ZoneId;
            object? input = InputObject?.BaseObject;
            if (input is ZtOrganization organization)
            {
                change.AddDesiredState(organization);
                if (account == null && zone == null)
                {
                    account = organization.AccountId;
                    zone = organization.ZoneId;
                }
            }
            else if (InputObject != null)
            {
                if (!(PsValues.ToPlain(InputObject) is Dictionary<string, object?> properties))
                {
                    throw new ZtValidationException("InputObject",
                        $"-InputObject must be a ZtOrganization or an object with organization fields, not {InputObject.BaseObject.GetType().Name}.",
                        "Pipe Get-ZtOrganization output, or Get-Content org.json -Raw | ConvertFrom-Json.");
                }

                change.AddDesiredState((JsonObject)JsonValues.FromClr(properties)!);
                if (account == null && zone == null)
                {
                    account = Lookup(properties, "AccountId", "account_id");
                    zone = Lookup(properties, "ZoneId", "zone_id");
                }
            }

            return context.ResolveScope(account, zone);
        }

        private static string? Lookup(Dictionary<string, object?> properties, params string[] names)
        {
            foreach (var pair in properties)
            {
                if (names.Any(n => string.Equals(n, pair.Key, StringComparison.OrdinalIgnoreCase)) && pair.Value is string s && s.Length > 0)
                {
                    return s;
                }
            }

            return null;
        }
    }
}
