using ZeroTrustOrg.HelpBuilder;
using Xunit;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>The PlatyPS pages in docs/en-US agree with the cmdlets they describe, and the about topic covers the module.</summary>
public sealed class HelpDocsTests
{
    public static TheoryData<string> CmdletNames() => CmdletSurfaceTests.CmdletNames();

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_help_page(string name)
    {
        Assert.True(File.Exists(RepoFiles.HelpPage(name)), $"docs/en-US/{name}.md is missing.");
    }

    [Fact]
    public void Help_folder_has_a_page_only_for_commands_the_module_has()
    {
        var cmdlets = ModuleSurface.Instance.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(RepoFiles.HelpFolder, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.StartsWith("about_", StringComparison.Ordinal))
            .ToList();

        Assert.All(pages, p => Assert.Contains(p!, cmdlets));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_page_documents_the_cmdlet_as_the_code_declares_it(string name)
    {
        CmdletInfo cmdlet = ModuleSurface.Instance.Cmdlet(name);
        CommandHelpPage page = CommandHelpPage.Load(RepoFiles.HelpPage(name));

        IReadOnlyList<string> problems = HelpComparer.Compare(cmdlet, page);

        Assert.True(problems.Count == 0, $"{name}.md disagrees with the code:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_page_has_at_least_two_examples_and_one_runs_unattended(string name)
    {
        CommandHelpPage page = CommandHelpPage.Load(RepoFiles.HelpPage(name));
        Assert.True(page.Examples.Count >= 2, $"{name}.md has {page.Examples.Count} example(s).");
        Assert.All(page.Examples, e => Assert.Contains(e.Code, c => c.Language == "powershell" && c.Code.Contains(name, StringComparison.Ordinal)));

        // Unattended: a runbook credential source, the environment, or a confirmation switched off. The read-only
        // cmdlets that never prompt still show how they are used in a job.
        string[] unattended = { "Get-AutomationVariable", "Get-AutomationPSCredential", "Get-AzKeyVaultSecret", "CLOUDFLARE_API_TOKEN", "-Force", "-Confirm:$false", "finally" };
        Assert.Contains(page.Examples, e => e.Code.Any(c => unattended.Any(u => c.Code.Contains(u, StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("New-ZtOrganization")]
    [InlineData("Set-ZtOrganization")]
    public void Authenticator_shorthand_documents_the_values_the_field_rules_accept(string name)
    {
        DocumentedParameter documented = CommandHelpPage.Load(RepoFiles.HelpPage(name)).Parameters.Single(p => p.Name == "MfaAllowedAuthenticators");
        Assert.Equal(OrganizationFields.Authenticators, documented.AcceptedValues);
    }

    [Theory]
    [InlineData("Connect-ZtAccount", "MaxRetries", "5")]
    [InlineData("Connect-ZtAccount", "RateLimit", "1200/300s")]
    [InlineData("Connect-ZtAccount", "RequestTimeout", "00:00:30")]
    [InlineData("Revoke-ZtUser", "ThrottleLimit", "4")]
    public void Documented_defaults_are_the_transport_and_cmdlet_defaults(string name, string parameter, string expected)
    {
        // The transport defaults live in Core; the docs must follow them when they move.
        Assert.Equal(5, ZeroTrustOrg.Core.Transport.TransportSettings.DefaultMaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), ZeroTrustOrg.Core.Transport.TransportSettings.DefaultRequestTimeout);
        var defaults = new ZeroTrustOrg.Core.Transport.TransportSettings();
        Assert.Equal("1200/300s", $"{defaults.RateLimitRequests}/{(int)defaults.RateLimitWindow.TotalSeconds}s");

        DocumentedParameter documented = CommandHelpPage.Load(RepoFiles.HelpPage(name)).Parameters.Single(p => p.Name == parameter);
        Assert.Equal(expected, documented.DefaultValue);
    }

    [Fact]
    public void About_topic_exists_and_mentions_every_cmdlet()
    {
        Assert.True(File.Exists(RepoFiles.AboutTopic), "docs/en-US/about_ZeroTrustOrg.help.md is missing.");
        string text = File.ReadAllText(RepoFiles.AboutTopic);
        foreach (CmdletInfo cmdlet in ModuleSurface.Instance.Cmdlets)
        {
            Assert.Contains(cmdlet.Name, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("## Short description")]
    [InlineData("## Long description")]
    [InlineData("Azure Automation")]
    [InlineData("ForEach-Object -Parallel")]
    [InlineData("$using:ctx")]
    [InlineData("zt-emulator")]
    [InlineData("Retry-After")]
    [InlineData("Ratelimit")]
    [InlineData("Get-AutomationVariable")]
    [InlineData("Get-AutomationPSCredential")]
    [InlineData("Get-AzKeyVaultSecret")]
    public void About_topic_covers_the_promised_subjects(string expected)
    {
        Assert.Contains(expected, File.ReadAllText(RepoFiles.AboutTopic), StringComparison.Ordinal);
    }

    [Fact]
    public void About_topic_scope_table_matches_the_field_rules()
    {
        // One row per writable field: | `json_name` | Parameter | account | zone | create |
        var rows = AboutTopic.Table("Field").ToDictionary(r => r["Parameter"], StringComparer.Ordinal);
        foreach (FieldSpec field in OrganizationFields.All.Where(f => !f.ReadOnly))
        {
            Assert.True(rows.TryGetValue(field.DisplayName, out var row), $"The scope table has no row for {field.DisplayName}.");
            Assert.Equal($"`{field.JsonName}`", row!["Field"]);
            Assert.Equal(field.IsWritableAt(ZtScopeKind.Account), IsYes(row["Account"]));
            Assert.Equal(field.IsWritableAt(ZtScopeKind.Zone), IsYes(row["Zone"]));
            Assert.Equal(field.IsCreatableAt(ZtScopeKind.Account), IsYes(row["At create"]));
        }

        Assert.Equal(OrganizationFields.All.Count(f => !f.ReadOnly), rows.Count);
    }

    [Fact]
    public void About_topic_troubleshooting_table_names_the_error_ids_the_module_raises()
    {
        var rows = AboutTopic.Table("Cloudflare code").ToList();
        Assert.True(rows.Count >= 12, $"The troubleshooting table has {rows.Count} rows.");
        var problems = rows.SelectMany(AboutTopic.CheckTroubleshootingRow).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // The codes docs/cloudflare-api.md#envelope-and-errors, docs/cloudflare-api.md#authentication says users are likely to see.
        string codes = string.Join(" ", rows.Select(r => r["Cloudflare code"]));
        foreach (string code in new[] { "6003", "1000", "9103", "10000", "9109", "7003", "9999", "12130", "12106", "971" })
        {
            Assert.Contains(code, codes, StringComparison.Ordinal);
        }
    }

    private static bool IsYes(string cell) => cell.Trim() switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new FormatException($"'{cell}' is neither yes nor no."),
    };
}
