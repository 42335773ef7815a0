using System.Text.RegularExpressions;

namespace ZeroTrustOrg.HelpBuilder;

/// <summary>One parameter set a parameter belongs to, as the page's yaml block states it.</summary>
public sealed record ParameterSetEntry(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

public sealed record ParameterHelp(string Name, string Description, string Type, string DefaultValue, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetEntry> Sets, IReadOnlyList<string> AcceptedValues)
{
    public bool IsSwitch => Type.EndsWith("SwitchParameter", StringComparison.Ordinal);
}

public sealed record ExampleHelp(string Title, string Code, string Remarks);

public sealed record TypeHelp(string Name, string Description);

public sealed record LinkHelp(string Text, string Uri);

/// <summary>A cmdlet page in Microsoft.PowerShell.PlatyPS 1.0 markdown (schema 2024-05-01).</summary>
public sealed class CommandHelpPage
{
    public required string Name { get; init; }
    public required string Synopsis { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> SyntaxSets { get; init; }
    public required IReadOnlyList<ExampleHelp> Examples { get; init; }
    public required IReadOnlyList<ParameterHelp> Parameters { get; init; }
    public required IReadOnlyList<TypeHelp> Inputs { get; init; }
    public required IReadOnlyList<TypeHelp> Outputs { get; init; }
    public required string Notes { get; init; }
    public required IReadOnlyList<LinkHelp> Links { get; init; }

    private static readonly Regex Fence = new("^```", RegexOptions.Compiled);

    public static CommandHelpPage Parse(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        int start = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            start = Array.FindIndex(lines, 1, l => l.Trim() == "---") + 1;
        }

        string name = lines.Skip(start).First(l => l.StartsWith("# ", StringComparison.Ordinal)).Substring(2).Trim();
        var sections = Sections(lines.Skip(start).ToList(), "## ");

        return new CommandHelpPage
        {
            Name = name,
            Synopsis = Text(Get(sections, "SYNOPSIS")),
            Description = Text(Get(sections, "DESCRIPTION")),
            SyntaxSets = Sections(Get(sections, "SYNTAX"), "### ").Keys.Select(k => k.Replace("(Default)", string.Empty).Trim()).ToList(),
            Examples = Sections(Get(sections, "EXAMPLES"), "### ").Select(e => Example(e.Key, e.Value)).ToList(),
            Parameters = Sections(Get(sections, "PARAMETERS"), "### ").Where(p => p.Key.StartsWith('-')).Select(p => Parameter(p.Key.Substring(1), p.Value)).ToList(),
            Inputs = Sections(Get(sections, "INPUTS"), "### ").Select(t => new TypeHelp(t.Key, Text(t.Value))).ToList(),
            Outputs = Sections(Get(sections, "OUTPUTS"), "### ").Select(t => new TypeHelp(t.Key, Text(t.Value))).ToList(),
            Notes = Text(Get(sections, "NOTES")),
            Links = Get(sections, "RELATED LINKS").Select(l => Regex.Match(l, @"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")).Where(m => m.Success)
                .Select(m => new LinkHelp(m.Groups["text"].Value, m.Groups["uri"].Value)).ToList(),
        };
    }

    private static List<string> Get(Dictionary<string, List<string>> sections, string key) => sections.TryGetValue(key, out var body) ? body : new List<string>();

    /// <summary>Splits at headings of one level, ignoring headings inside code fences.</summary>
    private static Dictionary<string, List<string>> Sections(List<string> lines, string prefix)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        bool inFence = false;
        foreach (string line in lines)
        {
            if (Fence.IsMatch(line.TrimStart()))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                current = new List<string>();
                result[line.Substring(prefix.Length).Trim()] = current;
                continue;
            }

            if (!inFence && prefix == "### " && line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = null;
                continue;
            }

            current?.Add(line);
        }

        return result;
    }

    /// <summary>Paragraph text without the code blocks; blank lines separate paragraphs.</summary>
    internal static string Text(IEnumerable<string> lines)
    {
        var kept = new List<string>();
        bool inFence = false;
        foreach (string line in lines)
        {
            if (Fence.IsMatch(line.TrimStart()))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                kept.Add(line);
            }
        }

        return string.Join("\n", kept).Trim();
    }

    private static IEnumerable<(string Language, string Code)> CodeBlocks(IEnumerable<string> lines)
    {
        string? language = null;
        var code = new List<string>();
        foreach (string line in lines)
        {
            if (Fence.IsMatch(line.TrimStart()))
            {
                if (language == null)
                {
                    language = line.Trim().Substring(3).Trim();
                    code.Clear();
                }
                else
                {
                    yield return (language, string.Join("\n", code));
                    language = null;
                }

                continue;
            }

            if (language != null)
            {
                code.Add(line);
            }
        }
    }

    private static ExampleHelp Example(string title, List<string> body) =>
        new(title, string.Join("\n\n", CodeBlocks(body).Select(b => b.Code)), Text(body));

    private static ParameterHelp Parameter(string name, List<string> body)
    {
        var yaml = CodeBlocks(body).FirstOrDefault(b => b.Language == "yaml").Code ?? string.Empty;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sets = new List<ParameterSetEntry>();
        Dictionary<string, string>? set = null;
        string? listKey = null;
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string raw in yaml.Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            bool indented = raw.StartsWith(' ') || raw.StartsWith('-');
            string line = raw.Trim();
            if (line.StartsWith("- Name:", StringComparison.Ordinal) && listKey == "ParameterSets")
            {
                set = new Dictionary<string, string>(StringComparer.Ordinal) { ["Name"] = Unquote(line.Substring(7)) };
                sets.Add(ToSet(set));
                continue;
            }

            if (set != null && raw.StartsWith("  ", StringComparison.Ordinal) && line.Contains(':'))
            {
                int colon = line.IndexOf(':');
                set[line[..colon].Trim()] = Unquote(line[(colon + 1)..]);
                sets[^1] = ToSet(set);
                continue;
            }

            if (indented && line.StartsWith("- ", StringComparison.Ordinal) && listKey != null)
            {
                lists[listKey].Add(Unquote(line.Substring(2)));
                continue;
            }

            set = null;
            int split = line.IndexOf(':');
            if (split < 0)
            {
                continue;
            }

            string key = line[..split].Trim();
            string value = line[(split + 1)..].Trim();
            listKey = key;
            lists[key] = value.StartsWith('[') ? value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList() : new List<string>();
            values[key] = Unquote(value);
        }

        string description = Text(body.TakeWhile(l => !l.TrimStart().StartsWith("```yaml", StringComparison.Ordinal)));
        return new ParameterHelp(
            name,
            description,
            values.GetValueOrDefault("Type", "System.Object"),
            values.GetValueOrDefault("DefaultValue", "None"),
            lists.GetValueOrDefault("Aliases") ?? new List<string>(),
            sets,
            lists.GetValueOrDefault("AcceptedValues") ?? new List<string>());
    }

    private static ParameterSetEntry ToSet(Dictionary<string, string> set) => new(
        set.GetValueOrDefault("Name", "(All)"),
        set.GetValueOrDefault("Position", "Named"),
        Bool(set, "IsRequired"),
        Bool(set, "ValueFromPipeline"),
        Bool(set, "ValueFromPipelineByPropertyName"));

    private static bool Bool(Dictionary<string, string> set, string key) => string.Equals(set.GetValueOrDefault(key), "true", StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string value) => value.Trim().Trim('\'', '"');
}
