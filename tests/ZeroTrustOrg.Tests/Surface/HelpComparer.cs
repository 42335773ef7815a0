using ZeroTrustOrg.HelpBuilder;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>
/// Compares a cmdlet's declared surface with its help page and lists every disagreement in words. An empty
/// list means the page is complete and true; each entry names the parameter or section that is wrong.
/// </summary>
internal static partial class HelpComparer
{
    public const string ModuleName = "ZeroTrustOrg";

    /// <summary>The H2 sections of a PlatyPS 1.0 command page, in the order the schema requires. ALIASES is optional.</summary>
    public static readonly string[] SectionOrder =
        { "SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    /// <summary>What PlatyPS writes for a parameter that belongs to every parameter set.</summary>
    public const string AllSetsLabel = "(All)";

    private static readonly Dictionary<string, string> RiskMitigationAliases = new()
    {
        ["WhatIf"] = "wi",
        ["Confirm"] = "cf",
    };

    public static IReadOnlyList<string> Compare(CmdletInfo cmdlet, CommandHelpPage page)
    {
        var problems = new List<string>();
        CheckFrontMatter(cmdlet, page, problems);
        CheckSections(page, problems);
        CheckSyntax(cmdlet, page, problems);
        CheckParameters(cmdlet, page, problems);
        CheckExamples(page, problems);
        CheckInputsAndOutputs(cmdlet, page, problems);
        return problems;
    }

    private static void CheckFrontMatter(CmdletInfo cmdlet, CommandHelpPage page, List<string> problems)
    {
        void Expect(string key, string expected)
        {
            string actual = page.FrontMatter.Text(key);
            if (actual != expected)
            {
                problems.Add($"front matter '{key}' is '{actual}', expected '{expected}'");
            }
        }

        Expect("document type", "cmdlet");
        Expect("PlatyPS schema version", "2024-05-01");
        Expect("Module Name", ModuleName);
        Expect("title", cmdlet.Name);
        Expect("Locale", "en-US");
        Expect("external help file", ModuleName + ".dll-Help.xml");
        if (page.Title != cmdlet.Name)
        {
            problems.Add($"the H1 title is '{page.Title}', expected '{cmdlet.Name}'");
        }
    }

    private static void CheckSections(CommandHelpPage page, List<string> problems)
    {
        var headings = page.Sections.Select(s => s.Heading).ToList();
        foreach (string unknown in headings.Where(h => !SectionOrder.Contains(h)))
        {
            problems.Add($"section '{unknown}' is not part of the PlatyPS command schema");
        }

        foreach (string required in SectionOrder.Where(s => s != "ALIASES" && !headings.Contains(s)))
        {
            problems.Add($"section '{required}' is missing");
        }

        var known = headings.Where(SectionOrder.Contains).ToList();
        var ordered = known.OrderBy(h => Array.IndexOf(SectionOrder, h)).ToList();
        if (!known.SequenceEqual(ordered))
        {
            problems.Add($"sections are out of order: {string.Join(", ", known)}; expected {string.Join(", ", ordered)}");
        }

        if (page.Synopsis.Length == 0)
        {
            problems.Add("SYNOPSIS is empty");
        }

        if (page.Description.Length == 0)
        {
            problems.Add("DESCRIPTION is empty");
        }

        if (page.Sections.Any(s => s.Text.Contains("{{", StringComparison.Ordinal) || s.Children.Any(c => c.Text.Contains("{{", StringComparison.Ordinal))))
        {
            problems.Add("a '{{ ... }}' placeholder is still in the page");
        }

        MarkdownSection? links = page.Section("RELATED LINKS");
        if (links != null && !LinkPattern().IsMatch(links.Text))
        {
            problems.Add("RELATED LINKS holds no link");
        }
    }

    private static void CheckSyntax(CmdletInfo cmdlet, CommandHelpPage page, List<string> problems)
    {
        IReadOnlyList<DocumentedSyntax> documented = page.Syntax;
        var expectedSets = cmdlet.ParameterSetNames;
        var documentedSets = documented.Select(s => s.SetName).ToList();
        if (!documentedSets.OrderBy(s => s).SequenceEqual(expectedSets.OrderBy(s => s)))
        {
            problems.Add($"SYNTAX shows the sets [{string.Join(", ", documentedSets)}], the cmdlet has [{string.Join(", ", expectedSets)}]");
        }

        foreach (DocumentedSyntax syntax in documented)
        {
            bool shouldBeDefault = cmdlet.DefaultParameterSetName == syntax.SetName;
            if (syntax.IsDefault != shouldBeDefault)
            {
                problems.Add($"SYNTAX set {syntax.SetName} is {(syntax.IsDefault ? string.Empty : "not ")}marked (Default), but the default set is {cmdlet.DefaultParameterSetName ?? "(none)"}");
            }

            if (!expectedSets.Contains(syntax.SetName))
            {
                continue;
            }

            string code = Regex.Replace(syntax.Code, @"\s+", " ").Trim();
            if (!code.StartsWith(cmdlet.Name + " ", StringComparison.Ordinal))
            {
                problems.Add($"SYNTAX {syntax.SetName} does not start with {cmdlet.Name}");
                continue;
            }

            if (!code.EndsWith("[<CommonParameters>]", StringComparison.Ordinal))
            {
                problems.Add($"SYNTAX {syntax.SetName} does not end with [<CommonParameters>]");
            }

            var tokens = SyntaxParameterPattern().Matches(code[cmdlet.Name.Length..]).GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal).ToList();
            foreach (var repeated in tokens.Where(g => g.Count() > 1))
            {
                problems.Add($"SYNTAX {syntax.SetName} shows -{repeated.Key} {repeated.Count()} times");
            }

            var shown = tokens.ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var expected = cmdlet.ParametersIn(syntax.SetName).ToDictionary(p => p.Name, p => p.In(syntax.SetName)!);

            foreach (string? missing in expected.Keys.Where(n => !shown.ContainsKey(n)))
            {
                problems.Add($"SYNTAX {syntax.SetName} leaves out -{missing}");
            }

            foreach (string? extra in shown.Keys.Where(n => !expected.ContainsKey(n) && !(cmdlet.SupportsShouldProcess && RiskMitigationAliases.ContainsKey(n))))
            {
                problems.Add($"SYNTAX {syntax.SetName} shows -{extra}, which is not in that set");
            }

            foreach (var (name, membership) in expected)
            {
                if (!shown.TryGetValue(name, out Match? token))
                {
                    continue;
                }

                string open = token.Groups["open"].Value;
                bool hasValue = token.Groups["type"].Success;
                bool closedRightAfterName = token.Groups["close"].Success;
                bool positional = open.EndsWith('[') && closedRightAfterName && hasValue;
                bool mandatory = open.Length == 0 || (open == "[" && positional);
                if (mandatory != membership.Mandatory)
                {
                    problems.Add($"SYNTAX {syntax.SetName} shows -{name} as {(mandatory ? "mandatory" : "optional")}, the code says {(membership.Mandatory ? "mandatory" : "optional")}");
                }

                if (positional != membership.Position.HasValue)
                {
                    problems.Add($"SYNTAX {syntax.SetName} shows -{name} as {(positional ? "positional" : "named")}, the code says {(membership.Position.HasValue ? "position " + membership.Position : "named")}");
                }

                bool isSwitch = cmdlet.Parameter(name)!.IsSwitch;
                if (hasValue == isSwitch)
                {
                    problems.Add($"SYNTAX {syntax.SetName} shows -{name} {(hasValue ? "with" : "without")} a value, but it is {(isSwitch ? "a switch" : "not a switch")}");
                }
            }

            if (cmdlet.SupportsShouldProcess)
            {
                foreach (string common in RiskMitigationAliases.Keys.Where(n => !shown.ContainsKey(n)))
                {
                    problems.Add($"SYNTAX {syntax.SetName} leaves out -{common}");
                }
            }
        }
    }

    private static void CheckParameters(CmdletInfo cmdlet, CommandHelpPage page, List<string> problems)
    {
        var documented = page.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var expectedNames = cmdlet.Parameters.Select(p => p.Name).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            expectedNames.AddRange(RiskMitigationAliases.Keys);
        }

        foreach (string missing in expectedNames.Where(n => !documented.ContainsKey(n)))
        {
            problems.Add($"-{missing} is not documented");
        }

        foreach (string extra in documented.Keys.Where(n => !expectedNames.Contains(n)))
        {
            problems.Add($"-{extra} is documented but the cmdlet has no such parameter");
        }

        if (page.Section("PARAMETERS")?.Children.Any(c => c.Heading == "CommonParameters") != true)
        {
            problems.Add("PARAMETERS has no CommonParameters entry");
        }

        foreach (CmdletParameter parameter in cmdlet.Parameters)
        {
            if (documented.TryGetValue(parameter.Name, out DocumentedParameter? doc))
            {
                CompareParameter(parameter.Name, parameter.TypeName, parameter.Aliases, ExpectedSets(parameter), doc, problems);
            }
        }

        if (cmdlet.SupportsShouldProcess)
        {
            foreach (var (name, alias) in RiskMitigationAliases)
            {
                if (documented.TryGetValue(name, out DocumentedParameter? doc))
                {
                    var all = new[] { new DocumentedParameterSet(AllSetsLabel, "Named", false, false, false) };
                    CompareParameter(name, "System.Management.Automation.SwitchParameter", new[] { alias }, all, doc, problems);
                }
            }
        }
    }

    private static IReadOnlyList<DocumentedParameterSet> ExpectedSets(CmdletParameter parameter) =>
        parameter.Sets
            .Select(s => new DocumentedParameterSet(
                s.SetName == CmdletInfo.AllSets ? AllSetsLabel : s.SetName,
                s.Position?.ToString(CultureInfo.InvariantCulture) ?? "Named",
                s.Mandatory,
                s.ValueFromPipeline,
                s.ValueFromPipelineByPropertyName))
            .ToList();

    private static void CompareParameter(string name, string typeName, IReadOnlyList<string> aliases, IReadOnlyList<DocumentedParameterSet> expectedSets, DocumentedParameter doc, List<string> problems)
    {
        if (doc.Description.Length == 0)
        {
            problems.Add($"-{name} has no description");
        }

        if (doc.TypeName != typeName)
        {
            problems.Add($"-{name} is documented as type '{doc.TypeName}', the code has '{typeName}'");
        }

        if (!doc.Aliases.OrderBy(a => a, StringComparer.Ordinal).SequenceEqual(aliases.OrderBy(a => a, StringComparer.Ordinal)))
        {
            problems.Add($"-{name} is documented with aliases [{string.Join(", ", doc.Aliases)}], the code has [{string.Join(", ", aliases)}]");
        }

        var documentedSets = doc.Sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (DocumentedParameterSet expected in expectedSets)
        {
            if (!documentedSets.TryGetValue(expected.Name, out DocumentedParameterSet? actual))
            {
                problems.Add($"-{name} is not documented in parameter set {expected.Name}");
                continue;
            }

            if (actual.Position != expected.Position)
            {
                problems.Add($"-{name} in set {expected.Name}: Position is '{actual.Position}', the code has '{expected.Position}'");
            }

            if (actual.IsRequired != expected.IsRequired)
            {
                problems.Add($"-{name} in set {expected.Name}: IsRequired is {Lower(actual.IsRequired)}, the code's Mandatory is {Lower(expected.IsRequired)}");
            }

            if (actual.ValueFromPipeline != expected.ValueFromPipeline)
            {
                problems.Add($"-{name} in set {expected.Name}: ValueFromPipeline is {Lower(actual.ValueFromPipeline)}, the code has {Lower(expected.ValueFromPipeline)}");
            }

            if (actual.ValueFromPipelineByPropertyName != expected.ValueFromPipelineByPropertyName)
            {
                problems.Add($"-{name} in set {expected.Name}: ValueFromPipelineByPropertyName is {Lower(actual.ValueFromPipelineByPropertyName)}, the code has {Lower(expected.ValueFromPipelineByPropertyName)}");
            }
        }

        foreach (string extra in documentedSets.Keys.Where(k => expectedSets.All(e => e.Name != k)))
        {
            problems.Add($"-{name} is documented in parameter set {extra}, but the code does not put it there");
        }
    }

    private static void CheckExamples(CommandHelpPage page, List<string> problems)
    {
        IReadOnlyList<DocumentedExample> examples = page.Examples;
        if (examples.Count < 2)
        {
            problems.Add($"EXAMPLES has {examples.Count} example(s); at least two are expected");
        }

        foreach (DocumentedExample example in examples)
        {
            if (!example.Code.Any(c => c.Language == "powershell" && c.Code.Trim().Length > 0))
            {
                problems.Add($"example '{example.Title}' has no powershell code block");
            }

            if (example.Remarks.Length == 0)
            {
                problems.Add($"example '{example.Title}' has no text explaining it");
            }
        }
    }

    private static void CheckInputsAndOutputs(CmdletInfo cmdlet, CommandHelpPage page, List<string> problems)
    {
        if (page.Inputs.Count == 0)
        {
            problems.Add("INPUTS names no type (write 'None' when the cmdlet takes no pipeline input)");
        }

        if (cmdlet.Parameters.Any(p => p.Sets.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName)) == page.Inputs.Contains("None"))
        {
            problems.Add("INPUTS disagrees with the code about whether the cmdlet takes pipeline input");
        }

        foreach (string output in cmdlet.OutputTypes.Where(o => !page.Outputs.Contains(o)))
        {
            problems.Add($"OUTPUTS does not name {output}, which the cmdlet's [OutputType] declares");
        }
    }

    private static string Lower(bool value) => value ? "true" : "false";

    // -Name as Get-Command -Syntax writes it: "-Name <type>", "[-Name] <type>", "[[-Name] <type>]", "[-Name <type>]", "[-Switch]", "-Switch".
    [GeneratedRegex(@"(?<open>\[{0,2})-(?<name>[A-Za-z][A-Za-z0-9]*)(?<close>\])?(?<type>\s+<[^>]+>)?")]
    private static partial Regex SyntaxParameterPattern();

    [GeneratedRegex(@"\[[^\]]+\]\([^)]+\)")]
    private static partial Regex LinkPattern();
}
