using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using ZeroTrustOrg.Core;
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
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                var failure = new IOException($"The desired state of {scope} was not written to '{Path}': {ex.Message}", ex);
                WriteError(new ErrorRecord(failure, "ZtExportFileNotWritten", ErrorCategory.WriteError, Path));
            }
            catch (Exception ex) when (NeedsModuleErrorRecord(ex))
            {
                ReportItemError(ex, scope);
            }
        }
    }
}
