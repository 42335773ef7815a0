namespace ZeroTrustOrg.HelpBuilder;

/// <summary>A fenced code block: its info string (powershell, yaml, ...) and its text.</summary>
internal sealed record CodeBlock(string Language, string Code);

/// <summary>A heading and what sits under it up to the next heading of the same or a higher level.</summary>
internal sealed class MarkdownSection
{
    public MarkdownSection(string heading, int level)
    {
        Heading = heading;
        Level = level;
    }

    public string Heading { get; }

    public int Level { get; }

    /// <summary>The prose lines under the heading (not inside code blocks, not in subsections).</summary>
    public List<string> TextLines { get; } = new();

    public List<CodeBlock> CodeBlocks { get; } = new();

    public List<MarkdownSection> Children { get; } = new();

    public string Text => string.Join("\n", TextLines).Trim();
}

/// <summary>A parameter as a help page documents it: its description and its yaml metadata block.</summary>
internal sealed record DocumentedParameter(
    string Name,
    string Description,
    string TypeName,
    string DefaultValue,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<DocumentedParameterSet> Sets,
    IReadOnlyList<string> AcceptedValues);

internal sealed record DocumentedParameterSet(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>An example: its title, code blocks, and the prose that explains it.</summary>
internal sealed record DocumentedExample(string Title, IReadOnlyList<CodeBlock> Code, string Remarks);

/// <summary>A syntax block: the parameter set it shows, whether it is marked (Default), and the syntax line.</summary>
internal sealed record DocumentedSyntax(string SetName, bool IsDefault, string Code);

/// <summary>
/// A command help page in the Microsoft.PowerShell.PlatyPS 1.0 markdown schema (front matter with
/// "document type: cmdlet" and "PlatyPS schema version: 2024-05-01"; H2 sections in a fixed order;
/// one yaml block per parameter). Parsing is by hand so the tests need no markdown or YAML package.
/// </summary>
internal sealed class CommandHelpPage
{
    private CommandHelpPage(Dictionary<string, object?> frontMatter, string title, IReadOnlyList<MarkdownSection> sections)
    {
        FrontMatter = frontMatter;
        Title = title;
        Sections = sections;
    }

    public Dictionary<string, object?> FrontMatter { get; }

    public string Title { get; }

    /// <summary>The H2 sections in file order.</summary>
    public IReadOnlyList<MarkdownSection> Sections { get; }

    public MarkdownSection? Section(string heading) => Sections.FirstOrDefault(s => s.Heading == heading);

    public string Synopsis => Section("SYNOPSIS")?.Text ?? string.Empty;

    public string Description => Section("DESCRIPTION")?.Text ?? string.Empty;

    public IReadOnlyList<DocumentedSyntax> Syntax =>
        (Section("SYNTAX")?.Children ?? new List<MarkdownSection>())
            .Select(s =>
            {
                bool isDefault = s.Heading.EndsWith("(Default)", StringComparison.Ordinal);
                string name = isDefault ? s.Heading[..^"(Default)".Length].Trim() : s.Heading.Trim();
                return new DocumentedSyntax(name, isDefault, string.Join(" ", s.CodeBlocks.Select(c => c.Code)));
            })
            .ToList();

    public IReadOnlyList<DocumentedExample> Examples =>
        (Section("EXAMPLES")?.Children ?? new List<MarkdownSection>())
            .Select(s => new DocumentedExample(s.Heading, s.CodeBlocks, s.Text))
            .ToList();

    public IReadOnlyList<DocumentedParameter> Parameters =>
        (Section("PARAMETERS")?.Children ?? new List<MarkdownSection>())
            .Where(s => s.Heading.StartsWith('-'))
            .Select(ReadParameter)
            .ToList();

    public IReadOnlyList<string> Inputs => (Section("INPUTS")?.Children ?? new List<MarkdownSection>()).Select(s => s.Heading).ToList();

    public IReadOnlyList<string> Outputs => (Section("OUTPUTS")?.Children ?? new List<MarkdownSection>()).Select(s => s.Heading).ToList();

    /// <summary>Input and output types with the prose under each, for the MAML inputTypes and returnValues.</summary>
    public IReadOnlyList<(string Type, string Description)> InputDetails => Details("INPUTS");

    public IReadOnlyList<(string Type, string Description)> OutputDetails => Details("OUTPUTS");

    public string Notes => Section("NOTES")?.Text ?? string.Empty;

    /// <summary>The [text](uri) items of RELATED LINKS.</summary>
    public IReadOnlyList<(string Text, string Uri)> Links =>
        (Section("RELATED LINKS")?.TextLines ?? new List<string>())
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)"))
            .Where(m => m.Success)
            .Select(m => (m.Groups["text"].Value, m.Groups["uri"].Value))
            .ToList();

    private IReadOnlyList<(string Type, string Description)> Details(string heading) =>
        (Section(heading)?.Children ?? new List<MarkdownSection>()).Select(s => (s.Heading, s.Text)).ToList();

    public static CommandHelpPage Load(string path) => Parse(File.ReadAllText(path));

    public static CommandHelpPage Parse(string markdown)
    {
        string[] lines = markdown.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        int i = 0;
        var frontMatter = new Dictionary<string, object?>();
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            int end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
            if (end < 0)
            {
                throw new FormatException("The front matter has no closing '---'.");
            }

            frontMatter = MiniYaml.Parse(string.Join("\n", lines[1..end]));
            i = end + 1;
        }

        string title = string.Empty;
        var sections = new List<MarkdownSection>();
        MarkdownSection? h2 = null;
        MarkdownSection? h3 = null;
        while (i < lines.Length)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                // A fence: everything up to the closing fence is code, even lines that start with '#'.
                string language = line.Trim()[3..].Trim();
                int close = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
                if (close < 0)
                {
                    throw new FormatException($"The code block opened on line {i + 1} is never closed.");
                }

                var block = new CodeBlock(language, string.Join("\n", lines[(i + 1)..close]));
                (h3 ?? h2)?.CodeBlocks.Add(block);
                i = close + 1;
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                title = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                h2 = new MarkdownSection(line[3..].Trim(), 2);
                h3 = null;
                sections.Add(h2);
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal) && h2 != null)
            {
                h3 = new MarkdownSection(line[4..].Trim(), 3);
                h2.Children.Add(h3);
            }
            else
            {
                (h3 ?? h2)?.TextLines.Add(line);
            }

            i++;
        }

        return new CommandHelpPage(frontMatter, title, sections);
    }

    private static DocumentedParameter ReadParameter(MarkdownSection section)
    {
        string name = section.Heading.TrimStart('-');
        CodeBlock? yamlBlock = section.CodeBlocks.FirstOrDefault(c => c.Language == "yaml");
        if (yamlBlock == null)
        {
            return new DocumentedParameter(name, section.Text, string.Empty, string.Empty, Array.Empty<string>(), Array.Empty<DocumentedParameterSet>(), Array.Empty<string>());
        }

        Dictionary<string, object?> yaml = MiniYaml.Parse(yamlBlock.Code);
        var sets = yaml.Maps("ParameterSets")
            .Select(m => new DocumentedParameterSet(
                m.Text("Name"),
                m.Text("Position"),
                IsTrue(m.Text("IsRequired")),
                IsTrue(m.Text("ValueFromPipeline")),
                IsTrue(m.Text("ValueFromPipelineByPropertyName"))))
            .ToList();
        return new DocumentedParameter(name, section.Text, yaml.Text("Type"), yaml.Text("DefaultValue"), yaml.Strings("Aliases"), sets, yaml.Strings("AcceptedValues"));
    }

    // Strict on purpose: a typo such as "ture" must fail the test, not read as false.
    private static bool IsTrue(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not a yaml boolean (true or false)."),
    };
}
