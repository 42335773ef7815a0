using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// Writes the organization's writable fields for its scope as a desired-state JSON file (or returns the text),
    /// so that Set-ZtOrganization run from that file targets the same organization and changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Export, "ZtOrganization", DefaultParameterSetName = ScopeParameters.DefaultSet, HelpUri = HelpLinks.Base + "Export-ZtOrganization.md")]
    [OutputType(typeof(string))]
    public sealed class ExportZtOrganization : OrganizationScopeCmdlet
    {
        /// <summary>The file to write (UTF-8, LF line ends). Without it the JSON text is returned.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                scope = context.ResolveScope(AccountId, ZoneId);
                ZtScope target = scope;
                var current = Run((log, ct) => context.Client.GetOrganizationJsonAsync(target, log, ct));

                // One form on every platform, so a file exported on Windows and on Linux diffs clean in git.
                var unclear = new System.Collections.Generic.List<string>();
                string text = DesiredStateFile.Export(current, scope, unclear).Replace("\r\n", "\n") + "\n";
                if (unclear.Count > 0)
                {
                    WriteWarning(InputText.Escape(
                        $"{(unclear.Count == 1 ? "A field was" : unclear.Count + " fields were")} left out of the export of {scope} because Cloudflare's value has no clear meaning " +
                        $"({string.Join("; ", unclear)}); a field left out is not managed, so applying the file leaves it as it is."));
                }

                if (Path == null)
                {
                    WriteObject(text.TrimEnd('\n'));
                    return;
                }

                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                WriteVerbose($"Wrote the desired state of {scope} to {file}.");
            }
            catch (ZtValidationException invalid) when (MyInvocation.ExpectingInput)
            {
                WriteError(ErrorRecords.From(invalid, invalid.Parameter));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                var failure = new IOException($"The desired state of {scope} was not written to '{Path}': {ex.Message}", ex);
                WriteError(new ErrorRecord(failure, "ZtExportFileNotWritten", ErrorCategory.WriteError, Path));
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, scope?.ToString());
            }
        }
    }

    /// <summary>What Compare- and Test-ZtOrganization share: desired state from the pipeline or a file, planned against the organization as read.</summary>
    public abstract class OrganizationDesiredStateCmdlet : ZtConnectedCmdlet
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";

        /// <summary>Desired state: a ZtOrganization, a hashtable, or an object from ConvertFrom-Json.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        public PSObject InputObject { get; set; } = null!;

        /// <summary>A desired-state file, as Export-ZtOrganization writes it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>The account organization to compare with; wins over the scope the desired state names.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? AccountId { get; set; }

        /// <summary>The zone organization to compare with; wins over the scope the desired state names.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string? ZoneId { get; set; }

        protected override void ProcessRecord()
        {
            ZtScope? scope = null;
            try
            {
                ZtContext context = ResolveContext();
                var change = new OrganizationChange();
                var (inputAccount, inputZone) = ParameterSetName == PathSet
                    ? DesiredStateInput.AddFile(change, SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path))
                    : DesiredStateInput.Add(change, InputObject);
                bool explicitScope = !string.IsNullOrEmpty(AccountId) || !string.IsNullOrEmpty(ZoneId);
                scope = explicitScope ? context.ResolveScope(AccountId, ZoneId) : context.ResolveScope(inputAccount, inputZone);

                ZtScope target = scope;
                OrganizationUpdatePlan plan = Run((log, ct) => context.Client.PlanUpdateAsync(target, change, log, ct));
                foreach (string note in plan.Notes)
                {
                    WriteVerbose(note);
                }

                WritePlan(plan);
            }
            catch (ZtValidationException invalid) when (MyInvocation.ExpectingInput)
            {
                WriteError(ErrorRecords.From(invalid, scope?.ToString() ?? invalid.Parameter));
            }
            catch (Exception ex) when (IsOurs(ex))
            {
                Report(ex, scope?.ToString());
            }
        }

        protected abstract void WritePlan(OrganizationUpdatePlan plan);
    }

    /// <summary>One object per field where the organization differs from the desired state; nothing when in sync.</summary>
    [Cmdlet(VerbsData.Compare, "ZtOrganization", DefaultParameterSetName = "InputObject", HelpUri = HelpLinks.Base + "Compare-ZtOrganization.md")]
    [OutputType(typeof(ZtOrganizationDifference))]
    public sealed class CompareZtOrganization : OrganizationDesiredStateCmdlet
    {
        protected override void WritePlan(OrganizationUpdatePlan plan)
        {
            foreach (ZtOrganizationDifference difference in ZtOrganizationDifference.From(plan))
            {
                WriteObject(difference);
            }
        }
    }

    /// <summary>$true when the organization matches the desired state, $false otherwise; -Detailed returns the differences too.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZtOrganization", DefaultParameterSetName = "InputObject", HelpUri = HelpLinks.Base + "Test-ZtOrganization.md")]
    [OutputType(typeof(bool))]
    [OutputType(typeof(ZtOrganizationTestResult))]
    public sealed class TestZtOrganization : OrganizationDesiredStateCmdlet
    {
        /// <summary>Returns a result with InSync and the Differences instead of a bare $true/$false.</summary>
        [Parameter]
        [Alias("PassThru")]
        public SwitchParameter Detailed { get; set; }

        protected override void WritePlan(OrganizationUpdatePlan plan)
        {
            if (Detailed.IsPresent)
            {
                WriteObject(ZtOrganizationTestResult.From(plan));
            }
            else
            {
                WriteObject(!plan.HasChanges);
            }
        }
    }
}
