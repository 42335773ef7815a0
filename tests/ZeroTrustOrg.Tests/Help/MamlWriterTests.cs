using System.Xml.Linq;
using Xunit;
using ZeroTrustOrg.HelpBuilder;

namespace ZeroTrustOrg.Tests.Help;

public class MamlWriterTests
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private const string Page = """
        ---
        document type: cmdlet
        PlatyPS schema version: 2024-05-01
        title: Revoke-ZtUser
        ---

        # Revoke-ZtUser

        ## SYNOPSIS

        Revokes a user's sessions.

        ## SYNTAX

        ### Default (Default)

        ```
        Revoke-ZtUser [-Email] <string[]> [-Force] [<CommonParameters>]
        ```

        ### Zone

        ```
        Revoke-ZtUser [-Email] <string[]> -ZoneId <string> [<CommonParameters>]
        ```

        ## DESCRIPTION

        First **paragraph** with `code`,
        wrapped.

        Second paragraph.

        ## EXAMPLES

        ### Example 1 - Revoke from a CSV

        ```powershell
        Import-Csv users.csv | Revoke-ZtUser -Force
        ```

        Runs unattended.

        ## PARAMETERS

        ### -Email

        The address.

        ```yaml
        Type: System.String[]
        DefaultValue: None
        Aliases:
        - Mail
        - UserPrincipalName
        ParameterSets:
        - Name: (All)
          Position: 0
          IsRequired: true
          ValueFromPipeline: true
          ValueFromPipelineByPropertyName: true
        ```

        ### -Force

        Skips the prompt.

        ```yaml
        Type: System.Management.Automation.SwitchParameter
        DefaultValue: False
        Aliases: []
        ParameterSets:
        - Name: Default
          Position: Named
          IsRequired: false
          ValueFromPipeline: false
          ValueFromPipelineByPropertyName: false
        ```

        ### -ZoneId

        The zone.

        ```yaml
        Type: System.String
        DefaultValue: None
        Aliases: []
        ParameterSets:
        - Name: Zone
          Position: Named
          IsRequired: true
          ValueFromPipeline: false
          ValueFromPipelineByPropertyName: false
        ```

        ### CommonParameters

        The usual.

        ## INPUTS

        ### System.String

        Emails.

        ## OUTPUTS

        ### ZeroTrustOrg.ZtRevokeResult

        One per user.

        ## NOTES

        Be careful.

        ## RELATED LINKS

        - [Connect-ZtAccount](Connect-ZtAccount.md)
        - [Cloudflare docs](https://developers.cloudflare.com/api/)
        """;

    [Fact]
    public void Parses_every_section_of_a_platyps_page()
    {
        var page = CommandHelpPage.Parse(Page);

        Assert.Equal("Revoke-ZtUser", page.Title);
        Assert.Equal("Revokes a user's sessions.", page.Synopsis);
        Assert.Equal(new[] { "Default", "Zone" }, page.Syntax.Select(s => s.SetName));
        var example = Assert.Single(page.Examples);
        Assert.Equal("Import-Csv users.csv | Revoke-ZtUser -Force", Assert.Single(example.Code).Code);
        Assert.Equal("Runs unattended.", example.Remarks);
        Assert.Equal(new[] { "Email", "Force", "ZoneId" }, page.Parameters.Select(p => p.Name));
        var email = page.Parameters[0];
        Assert.Equal(new[] { "Mail", "UserPrincipalName" }, email.Aliases);
        var set = Assert.Single(email.Sets);
        Assert.True(set.IsRequired && set.ValueFromPipeline && set.ValueFromPipelineByPropertyName);
        Assert.Equal("0", set.Position);
        Assert.Equal("ZeroTrustOrg.ZtRevokeResult", Assert.Single(page.OutputDetails).Type);
        Assert.Equal("Be careful.", page.Notes);
        Assert.Equal(2, page.Links.Count);
    }

    [Fact]
    public void Writes_maml_that_get_help_can_render()
    {
        XDocument maml = MamlWriter.Write(new[] { CommandHelpPage.Parse(Page) });
        XElement command = maml.Root!.Element(Command + "command")!;

        Assert.Equal("Revoke", command.Element(Command + "details")!.Element(Command + "verb")!.Value);
        Assert.Equal(new[] { "First paragraph with code, wrapped.", "Second paragraph." },
            command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));

        var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, syntaxItems.Count);
        Assert.Equal(new[] { "Email", "Force" }, syntaxItems[0].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal(new[] { "Email", "ZoneId" }, syntaxItems[1].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));

        XElement email = command.Element(Command + "parameters")!.Elements(Command + "parameter").First();
        Assert.Equal("true", email.Attribute("required")!.Value);
        Assert.Equal("0", email.Attribute("position")!.Value);
        Assert.Equal("True (ByPropertyName, ByValue)", email.Attribute("pipelineInput")!.Value);
        Assert.Equal("Mail, UserPrincipalName", email.Attribute("aliases")!.Value);

        XElement force = command.Element(Command + "parameters")!.Elements(Command + "parameter").ElementAt(1);
        Assert.Null(force.Element(Command + "parameterValue"));

        XElement example = command.Element(Command + "examples")!.Element(Command + "example")!;
        Assert.Equal("Import-Csv users.csv | Revoke-ZtUser -Force", example.Element(Dev + "code")!.Value);
        Assert.Equal("https://developers.cloudflare.com/api/", command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").Last().Element(Maml + "uri")!.Value);
    }

    [Fact]
    public void The_real_docs_render_to_help_for_every_exported_cmdlet()
    {
        string docs = Path.Combine(ZeroTrustOrg.Tests.Surface.RepoFiles.Root, "docs", "en-US");
        var pages = Directory.GetFiles(docs, "*-Zt*.md").Select(f => CommandHelpPage.Parse(File.ReadAllText(f))).ToList();
        XDocument maml = MamlWriter.Write(pages);

        var commands = maml.Root!.Elements(Command + "command").ToList();
        Assert.Equal(12, commands.Count);
        foreach (XElement command in commands)
        {
            string name = command.Element(Command + "details")!.Element(Command + "name")!.Value;
            Assert.True(command.Element(Command + "examples")!.Elements(Command + "example").Count() >= 2, name);
            Assert.All(command.Element(Command + "examples")!.Elements(Command + "example"), e => Assert.False(string.IsNullOrWhiteSpace(e.Element(Dev + "code")!.Value), name));
            Assert.NotEmpty(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
            Assert.All(command.Element(Command + "parameters")!.Elements(Command + "parameter"),
                p => Assert.NotEmpty(p.Element(Maml + "description")!.Elements(Maml + "para")));
        }
    }

    [Fact]
    public void About_topic_becomes_plain_text()
    {
        string text = AboutText.FromMarkdown("---\ntitle: x\n---\n# about_ZeroTrustOrg\n\n## Short description\n\nSome **bold** text.\n");
        Assert.StartsWith("TOPIC" + Environment.NewLine + "    about_ZeroTrustOrg", text);
        Assert.Contains("SHORT DESCRIPTION", text);
        Assert.Contains("Some bold text.", text);
        Assert.DoesNotContain("title: x", text);
    }

    [Fact]
    public void About_topic_tables_fences_and_code_spans_become_plain_text_within_80_columns()
    {
        const string markdown = "# about_X\n\n## Long description\n\nUse `Get-Thing` and **read** [the docs](https://example.com/docs).\n\n" +
            "| What | Value |\n| --- | --- |\n| API token | `dev-token` |\n\n" +
            "| Field | Parameter | Meaning |\n| --- | --- | --- |\n| `deny_unmatched_requests_exempted_zone_names` | DenyUnmatchedRequestsExemptedZoneNames | zones left out of the deny rule |\n\n" +
            "- A list item\n\n  ```powershell\n  Get-Thing -Name x\n  ```\n\n" +
            "A long paragraph that goes on and on well past the eighty column limit so that it has to be wrapped onto a second line.\n\n" +
            "3. Check for drift:\n\n       $drift = $result.Differences |\n           ForEach-Object { $_ }\n";

        string[] lines = AboutText.FromMarkdown(markdown).Split(Environment.NewLine);

        Assert.All(lines, l => Assert.True(l.Length <= 80, $"'{l}' is wider than 80 columns"));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith('|') || l.Contains('`') || l.Contains("**"));
        Assert.Contains("    Use Get-Thing and read the docs (https://example.com/docs).", lines);
        Assert.Contains(lines, l => l.StartsWith("    API token  dev-token", StringComparison.Ordinal));
        Assert.Contains("    deny_unmatched_requests_exempted_zone_names", lines);
        Assert.Contains("        Parameter: DenyUnmatchedRequestsExemptedZoneNames", lines);
        Assert.Contains("        Get-Thing -Name x", lines);
        Assert.Contains("    - A list item", lines);
        Assert.Contains("    3. Check for drift:", lines);
        Assert.Contains("        $drift = $result.Differences |", lines);
        Assert.Contains("            ForEach-Object { $_ }", lines);
    }
}
