using ZeroTrustOrg.HelpBuilder;
using System.Text.RegularExpressions;
using Xunit;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>
/// The help checks can fail: each test doctors one thing in a real page, in memory, and expects the comparer
/// to name it. Without these a comparer that always says "fine" would pass every docs test.
/// </summary>
public sealed class HelpComparerTests
{
    private static readonly CmdletInfo Revoke = ModuleSurface.Instance.Cmdlet("Revoke-ZtUser");
    private static readonly string RevokePage = File.ReadAllText(RepoFiles.HelpPage("Revoke-ZtUser"));

    private static IReadOnlyList<string> Problems(string markdown) => HelpComparer.Compare(Revoke, CommandHelpPage.Parse(markdown));

    /// <summary>Replaces text inside one parameter's section only (from "### -Name" to the next heading).</summary>
    private static string InParameter(string markdown, string parameter, string find, string replace)
    {
        int start = markdown.IndexOf($"### -{parameter}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page has no section for -{parameter}.");
        int end = markdown.IndexOf("\n### ", start + 4, StringComparison.Ordinal);
        string section = markdown[start..end];
        Assert.Contains(find, section, StringComparison.Ordinal);
        return markdown[..start] + section.Replace(find, replace, StringComparison.Ordinal) + markdown[end..];
    }

    private static string Normalized => RevokePage.Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void Untouched_page_has_no_problems()
    {
        Assert.Empty(Problems(Normalized));
    }

    [Fact]
    public void Comparer_notices_a_wrong_mandatory_flag()
    {
        string doctored = InParameter(Normalized, "AccountId", "IsRequired: true", "IsRequired: false");
        Assert.Contains(Problems(doctored), p => p.Contains("-AccountId", StringComparison.Ordinal) && p.Contains("IsRequired", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_a_lost_pipeline_flag()
    {
        string doctored = InParameter(Normalized, "UserUid", "ValueFromPipelineByPropertyName: true", "ValueFromPipelineByPropertyName: false");
        Assert.Contains(Problems(doctored), p => p.Contains("-UserUid", StringComparison.Ordinal) && p.Contains("ValueFromPipelineByPropertyName", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_an_alias_the_code_does_not_have()
    {
        string doctored = InParameter(Normalized, "ThrottleLimit", "Aliases: []\n", "Aliases:\n- Limit\n");
        Assert.Contains(Problems(doctored), p => p.Contains("-ThrottleLimit", StringComparison.Ordinal) && p.Contains("aliases", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_a_wrong_type()
    {
        string doctored = InParameter(Normalized, "ThrottleLimit", "Type: System.Int32", "Type: System.String");
        Assert.Contains(Problems(doctored), p => p.Contains("-ThrottleLimit", StringComparison.Ordinal) && p.Contains("System.Int32", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_a_parameter_set_the_code_does_not_have()
    {
        string doctored = InParameter(Normalized, "UserUid", "- Name: Account\n", "- Name: Zone\n");
        var problems = Problems(doctored);
        Assert.Contains(problems, p => p.Contains("-UserUid is documented in parameter set Zone", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-UserUid is not documented in parameter set Account", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_an_undocumented_parameter()
    {
        int start = Normalized.IndexOf("### -Force\n", StringComparison.Ordinal);
        int end = Normalized.IndexOf("\n### ", start + 4, StringComparison.Ordinal) + 1;
        string doctored = Normalized[..start] + Normalized[end..];
        Assert.Contains("-Force is not documented", Problems(doctored));
    }

    [Fact]
    public void Comparer_notices_a_parameter_the_code_lacks()
    {
        string doctored = Normalized.Replace("### -Force\n", "### -Forcefully\n", StringComparison.Ordinal);
        Assert.Contains("-Forcefully is documented but the cmdlet has no such parameter", Problems(doctored));
    }

    [Fact]
    public void Comparer_notices_an_optional_looking_mandatory_parameter_in_the_syntax()
    {
        string doctored = Normalized.Replace("Revoke-ZtUser [[-Email] <string[]>] -ZoneId <string>", "Revoke-ZtUser [[-Email] <string[]>] [-ZoneId <string>]", StringComparison.Ordinal);
        Assert.NotEqual(Normalized, doctored);
        Assert.Contains("SYNTAX Zone shows -ZoneId as optional, the code says mandatory", Problems(doctored));
    }

    [Fact]
    public void Comparer_notices_an_account_only_parameter_in_the_zone_syntax()
    {
        string doctored = Normalized.Replace("[-InputObject <psobject>]\n [-ThrottleLimit <int>]", "[-InputObject <psobject>]\n [-Devices] [-ThrottleLimit <int>]", StringComparison.Ordinal);
        Assert.NotEqual(Normalized, doctored);
        Assert.Contains("SYNTAX Zone shows -Devices, which is not in that set", Problems(doctored));
    }

    [Fact]
    public void Comparer_notices_a_missing_example_code_block()
    {
        // Drop every fenced powershell block from the examples: each example then lacks code, and fewer than two remain valid.
        int examples = Normalized.IndexOf("## EXAMPLES\n", StringComparison.Ordinal);
        int parameters = Normalized.IndexOf("## PARAMETERS\n", StringComparison.Ordinal);
        string stripped = Regex.Replace(Normalized[examples..parameters], "```powershell\n.*?\n```\n", string.Empty, RegexOptions.Singleline);
        string doctored = Normalized[..examples] + stripped + Normalized[parameters..];
        Assert.Contains(Problems(doctored), p => p.Contains("has no powershell code block", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparer_notices_a_missing_output_type_and_wrong_front_matter()
    {
        string doctored = Normalized
            .Replace("### ZeroTrustOrg.ZtRevokeResult\n", "### System.Object\n", StringComparison.Ordinal)
            .Replace("document type: cmdlet", "document type: module", StringComparison.Ordinal);
        var problems = Problems(doctored);
        Assert.Contains(problems, p => p.Contains("OUTPUTS does not name ZeroTrustOrg.ZtRevokeResult", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'document type'", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_reader_rejects_a_misspelt_boolean()
    {
        string doctored = InParameter(Normalized, "Force", "IsRequired: false", "IsRequired: flase");
        Assert.Throws<FormatException>(() => CommandHelpPage.Parse(doctored).Parameters.ToList());
    }

    [Fact]
    public void Yaml_reader_reads_lists_of_scalars_and_maps()
    {
        var yaml = MiniYaml.Parse("""
            Type: System.String[]
            DefaultValue: ''
            Aliases:
            - Mail
            - UserPrincipalName
            ParameterSets:
            - Name: (All)
              Position: 0
              IsRequired: true
            - Name: Zone
              Position: Named
            AcceptedValues: [totp, 'security_key']
            HelpMessage: ''
            """);

        Assert.Equal("System.String[]", yaml.Text("Type"));
        Assert.Equal(string.Empty, yaml.Text("DefaultValue"));
        Assert.Equal(new[] { "Mail", "UserPrincipalName" }, yaml.Strings("Aliases"));
        Assert.Equal(new[] { "(All)", "Zone" }, yaml.Maps("ParameterSets").Select(m => m.Text("Name")));
        Assert.Equal("0", yaml.Maps("ParameterSets")[0].Text("Position"));
        Assert.Equal(new[] { "totp", "security_key" }, yaml.Strings("AcceptedValues"));
    }

    [Fact]
    public void Troubleshooting_check_notices_a_wrong_error_id()
    {
        var row = new Dictionary<string, string>
        {
            ["HTTP status"] = "403",
            ["Cloudflare code"] = "10000",
            ["Message"] = "Authentication error",
            ["ErrorId"] = "`ZtInvalidCredential`",
            ["Category"] = "AuthenticationError",
        };

        var problems = AboutTopic.CheckTroubleshootingRow(row).ToList();
        Assert.Contains(problems, p => p.Contains("the module raises ZtPermissionDenied", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("category PermissionDenied", StringComparison.Ordinal) || p.Contains("uses PermissionDenied", StringComparison.Ordinal));
    }
}
