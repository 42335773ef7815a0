using System;
using System.Linq;
using System.Management.Automation;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Creates the organization of an account or zone (docs/cloudflare-api.md#create: POST, 201).</summary>
    [Cmdlet(VerbsCommon.New, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "New-ZtOrganization.md")]
    [OutputType(typeof(ZtOrganization))]
    public sealed class NewZtOrganization : OrganizationFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>The team domain, e.g. myteam.cloudflareaccess.com. Unique across all of Cloudflare.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string AuthDomain { get; set; } = null!;

        /// <summary>Skip the question asked when the current organization exists or could not be read. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = context.ResolveScope(AccountId, ZoneId);
                OrganizationCreatePlan plan = OrganizationCreatePlan.For(AddBoundFields(new OrganizationChange()), scope);
                foreach (string note in plan.Notes)
                {
                    WriteVerbose(note);
                }

                string fields = string.Join(Environment.NewLine, plan.Fields.Select(f => "  " + f));
                string shown = $"'{InputText.Escape(Name)}' ({InputText.Escape(AuthDomain)})";
                string target = $"Create Zero Trust organization {shown} in {scope}:{Environment.NewLine}{fields}";
                string action = "New-ZtOrganization";

                // Read first: creating where an organization may already exist is never routine (Cloudflare does not
                // document what a second create does, and a new team domain signs every user out), so it always asks.
                ZtScope where = scope;
                string? risk = Run((log, ct) => DescribeExistingAsync(context.Client, where, log, ct));
                bool yesToAll = false, noToAll = false;
                bool proceed = risk == null
                    ? ShouldProcess(target, $"Create Zero Trust organization {shown} in {scope}?", action)
                    : ShouldProcess(target, action) && (Force.IsPresent || ConfirmAlways(
                        $"{risk}{Environment.NewLine}Create {shown} anyway? (-Force skips this question.)",
                        "Confirm creating over an organization",
                        $"No organization was created in {scope}: creating here needs confirmation and this session cannot ask (it is non-interactive). {risk}",
                        scope.ToString(), ref yesToAll, ref noToAll));
                if (!proceed)
                {
                    return;
                }

                // The answer was given about the organization as read then. If a question may have been shown, read
                // again: when what it described is no longer true, say what changed and ask again (or stop).
                bool asked = ShouldProcessMayAsk(ConfirmImpact.Medium) || (risk != null && !Force.IsPresent);
                bool againYesToAll = false, againNoToAll = false;
                while (asked)
                {
                    WriteVerbose($"Reading {scope} again before the create: a question was asked about it.");
                    string? now = Run((log, ct) => DescribeExistingAsync(context.Client, where, log, ct));
                    if (string.Equals(now, risk, StringComparison.Ordinal))
                    {
                        break;
                    }

                    string since = $"When you were asked: {risk ?? $"{scope} had no organization."}{Environment.NewLine}Now: {now ?? $"{scope} has no organization."}";
                    var changed = new InvalidOperationException(
                        $"{scope} changed after the create was confirmed, and nobody could be asked again; nothing was created.{Environment.NewLine}{since}");
                    var refused = new ErrorRecord(changed, "ZtOrganizationChangedWhileConfirming", ErrorCategory.ResourceBusy, scope.ToString())
                    {
                        ErrorDetails = new ErrorDetails(changed.Message)
                        {
                            RecommendedAction = "Someone else is changing this account or zone. Look at it now (Get-ZtOrganization), then run the command again: it asks about what is there then.",
                        },
                    };
                    if (!ConfirmAgain($"{scope} changed after you were asked.{Environment.NewLine}{since}{Environment.NewLine}Create {shown} anyway?",
                            "Confirm again: the organization changed", refused, ref againYesToAll, ref againNoToAll))
                    {
                        return;
                    }

                    risk = now;
                }

                WriteObject(Run((log, ct) => context.Client.CreateOrganizationAsync(where, plan.Body, log, ct)));
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                Report(ex, scope?.ToString());
            }
            finally
            {
                base.EndProcessing();
            }
        }

        /// <summary>Null when the scope has no organization yet; otherwise why creating here needs a yes.</summary>
        private static async System.Threading.Tasks.Task<string?> DescribeExistingAsync(ZtClient client, ZtScope scope, IZtLog log, System.Threading.CancellationToken ct)
        {
            try
            {
                ZtOrganization existing = await client.GetOrganizationAsync(scope, log, ct).ConfigureAwait(false);
                return $"{scope} already has the organization '{InputText.Escape(existing.Name)}' ({InputText.Escape(existing.AuthDomain)}). Creating over it may replace its settings, " +
                    "and a new team domain signs every user out. To change it, use Set-ZtOrganization.";
            }
            catch (ZtApiException ex) when (ZtErrorInfo.Describe(ex).ErrorId == "ZtOrganizationNotFound")
            {
                return null;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                return $"The current organization of {scope} could not be read ({ZtErrorInfo.Describe(ex).Meaning}), so it is unknown whether this create " +
                    "replaces one; a new team domain would sign every user out.";
            }
        }
    }
}
