using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Changes the DoH JWT lifetime and the service token that issues DoH tokens (docs/cloudflare-api.md#doh-settings).</summary>
    [Cmdlet(VerbsCommon.Set, "ZtDohSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Set-ZtDohSetting.md")]
    [OutputType(typeof(ZtDohSetting))]
    public sealed class SetZtDohSetting : ZtConnectedCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        /// <summary>How long DoH JWTs live (Go duration, e.g. 24h); cannot exceed the account's key-rotation period.</summary>
        [Parameter]
        [GoDurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public string? DohJwtDuration { get; set; }

        /// <summary>The service token's id (a UUID), not its Client ID.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ServiceTokenIdCompleter))]
        public string? ServiceTokenId { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = DohScope.Resolve(context, AccountId);
                var change = new DohSettingChange(DohJwtDuration, ServiceTokenId);
                ZtScope target = scope;

                // Read first: an unchanged value is not written (UpdatedAt stays), and -WhatIf can show old -> new.
                ZtDohSetting? current = Run((log, ct) => context.Client.TryGetDohSettingAsync(target, log, ct));
                IReadOnlyList<FieldDifference> differences = change.DifferencesFrom(current);
                if (differences.Count == 0)
                {
                    WriteVerbose($"DNS-over-HTTPS settings of {scope} already have the requested values; nothing was sent.");
                    if (PassThru.IsPresent && current != null)
                    {
                        WriteObject(current);
                    }

                    return;
                }

                string lines = string.Join(Environment.NewLine, differences.Select(d => "  " + d));
                if (!ShouldProcess(
                        $"Set DNS-over-HTTPS settings of {scope}:{Environment.NewLine}{lines}",
                        $"Set DNS-over-HTTPS settings of {scope}?{Environment.NewLine}{lines}",
                        "Set-ZtDohSetting"))
                {
                    return;
                }

                ZtDohSetting result = Run((log, ct) => context.Client.SetDohSettingAsync(target, change, log, ct));
                WriteVerbose($"Set DNS-over-HTTPS settings of {scope}: {string.Join("; ", differences.Select(d => d.ToString()))}");
                if (PassThru.IsPresent)
                {
                    WriteObject(result);
                }
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                Report(ex, scope?.ToString());
            }
        }
    }
}
