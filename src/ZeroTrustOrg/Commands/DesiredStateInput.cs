using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// What Set/Compare/Test-ZtOrganization accept as desired state: a ZtOrganization, a hashtable, an object from
    /// ConvertFrom-Json, or a desired-state file. Anything else is refused before a request is made, so another
    /// command's output (a DoH setting, a context, CSV rows) can never become the organization.
    /// </summary>
    internal static class DesiredStateInput
    {
        /// <summary>Adds the piped object to <paramref name="change"/> and returns the scope it names (either may be null).</summary>
        public static (string? AccountId, string? ZoneId) Add(OrganizationChange change, PSObject input)
        {
            object baseObject = input.BaseObject;
            if (baseObject is ZtOrganization organization)
            {
                change.AddDesiredState(organization);
                return (organization.AccountId, organization.ZoneId);
            }

            string? foreign = ForeignTypeName(input);
            if (foreign != null || !(baseObject is PSCustomObject || baseObject is IDictionary))
            {
                string shown = foreign ?? baseObject.GetType().Name;
                throw new ZtValidationException("InputObject",
                    $"-InputObject is a {shown}, not an organization, so nothing was sent.",
                    "Pipe a ZtOrganization (Get-ZtOrganization), a hashtable of organization fields, or a desired-state file: Get-Content org.json -Raw | ConvertFrom-Json.");
            }

            var properties = (Dictionary<string, object?>)PsValues.ToPlain(input)!;
            change.AddDesiredState((JsonObject)JsonValues.FromClr(properties)!);
            return DesiredStateFile.ScopeOf(properties);
        }

        /// <summary>Adds a desired-state file (from Export-ZtOrganization or written by hand) and returns the scope it names.</summary>
        public static (string? AccountId, string? ZoneId) AddFile(OrganizationChange change, string path)
        {
            if (!File.Exists(path))
            {
                throw new ZtValidationException("Path", $"-Path '{path}' does not exist.", "Write the file first with Export-ZtOrganization -Path.");
            }

            JsonObject desired = DesiredStateFile.Parse(File.ReadAllText(path), path);
            change.AddDesiredState(desired, "Path");
            return DesiredStateFile.ScopeOf(desired.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)));
        }

        /// <summary>
        /// The module's other output types, also after a trip through a job or Select-Object (Deserialized.*, Selected.*),
        /// where they arrive as property bags that would otherwise pass for desired state.
        /// </summary>
        private static string? ForeignTypeName(PSObject input)
        {
            const string Namespace = "ZeroTrustOrg.";
            string? ours = input.TypeNames.FirstOrDefault(t => t.IndexOf(Namespace, System.StringComparison.Ordinal) >= 0);
            if (ours == null || ours.EndsWith(Namespace + nameof(ZtOrganization), System.StringComparison.Ordinal))
            {
                return null;
            }

            return ours.Substring(ours.IndexOf(Namespace, System.StringComparison.Ordinal) + Namespace.Length);
        }
    }
}
