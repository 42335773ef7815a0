using System.Text;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.HelpBuilder;

/// <summary>
/// Renders the about page's markdown as the plain text Get-Help shows: upper-case headings, body text indented
/// four spaces and wrapped to fit 80 columns, code indented eight, and tables turned into aligned columns (or
/// into one block per row when they would not fit). No markdown survives: pipes, fences, backticks and
/// emphasis wrap into soup at 80 columns.
/// </summary>
public static partial class AboutText
{
    public const int Width = 80;
    private const string Body = "    ";
    private const string Code = "        ";

    public static string FromMarkdown(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            int end = lines.FindIndex(1, l => l.Trim() == "---");
            lines = lines.Skip(end + 1).ToList();
        }

        var output = new List<string>();
        for (int i = 0; i < lines.Count;)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                i++;
                var code = new List<string>();
                while (i < lines.Count && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal))
                {
                    code.Add(lines[i].TrimEnd());
                    i++;
                }

                // Code inside a list item is indented in the markdown; only its own indentation is kept.
                int common = code.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                output.AddRange(code.Select(l => l.Length == 0 ? string.Empty : Code + l.Substring(common)));
                i++;
                continue;
            }

            if (trimmed.StartsWith('|'))
            {
                var table = new List<string>();
                while (i < lines.Count && lines[i].Trim().StartsWith('|'))
                {
                    table.Add(lines[i]);
                    i++;
                }

                output.AddRange(Table(table));
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                // PowerShell's about format opens with the topic name under TOPIC.
                output.Add("TOPIC");
                output.Add(Body + Inline(line.Substring(2).Trim()));
                i++;
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                output.Add(Inline(line.TrimStart('#').Trim()).ToUpperInvariant());
                i++;
                continue;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                output.Add("  " + Inline(line.Substring(4).Trim()));
                i++;
                continue;
            }

            if (trimmed.Length == 0)
            {
                output.Add(string.Empty);
                i++;
                continue;
            }

            // An indented code block (four spaces or more, after a blank line) keeps its lines as they are.
            if (Indent(line) >= 4 && (output.Count == 0 || output[output.Count - 1].Length == 0))
            {
                var code = new List<string>();
                while (i < lines.Count && (Indent(lines[i]) >= 4 || (lines[i].Trim().Length == 0 && i + 1 < lines.Count && Indent(lines[i + 1]) >= 4)))
                {
                    code.Add(lines[i].TrimEnd());
                    i++;
                }

                int common = code.Where(l => l.Length > 0).Select(Indent).Min();
                output.AddRange(code.Select(l => l.Length == 0 ? string.Empty : Code + l.Substring(common)));
                continue;
            }

            // A paragraph or a list item runs until a blank line, a heading, a fence, a table or the next item.
            string marker = ListMarker(trimmed);
            var words = new StringBuilder(trimmed.Substring(marker.Length));
            i++;
            while (i < lines.Count && lines[i].Trim().Length > 0 && !IsBlockStart(lines[i]))
            {
                words.Append(' ').Append(lines[i].Trim());
                i++;
            }

            output.AddRange(Wrap(Inline(words.ToString()), Body + marker, Body + new string(' ', marker.Length)));
        }

        return string.Join(Environment.NewLine, Collapse(output)).Trim('\r', '\n') + Environment.NewLine;
    }

    private static bool IsListItem(string trimmed) => ListMarker(trimmed).Length > 0;

    /// <summary>"- ", "* " or "3. " at the start of a list item; empty for other text.</summary>
    private static string ListMarker(string trimmed)
    {
        Match numbered = NumberedItemPattern().Match(trimmed);
        return numbered.Success ? numbered.Value
            : trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal) ? trimmed.Substring(0, 2)
            : string.Empty;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static bool IsBlockStart(string line)
    {
        string trimmed = line.Trim();
        return line.StartsWith('#') || trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith('|') || IsListItem(trimmed);
    }

    /// <summary>Markdown inline syntax to plain text: code spans, emphasis and links.</summary>
    internal static string Inline(string text)
    {
        text = LinkPattern().Replace(text, m => m.Groups["url"].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? $"{m.Groups["text"].Value} ({m.Groups["url"].Value})"
            : m.Groups["text"].Value);
        return text.Replace("**", string.Empty).Replace("`", string.Empty);
    }

    private static IEnumerable<string> Wrap(string text, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                yield return line.ToString();
                line.Clear().Append(indent);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        if (!empty)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Aligned columns when the table fits; otherwise one block per row, its first cell as the title.</summary>
    private static IEnumerable<string> Table(List<string> rows)
    {
        string[][] cells = rows
            .Where(r => !SeparatorPattern().IsMatch(r))
            .Select(r => r.Trim().Trim('|').Split('|').Select(c => Inline(c.Trim())).ToArray())
            .ToArray();
        if (cells.Length == 0)
        {
            yield break;
        }

        int columns = cells.Max(r => r.Length);
        int[] widths = Enumerable.Range(0, columns).Select(c => cells.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        if (Body.Length + widths.Sum() + (2 * (columns - 1)) <= Width)
        {
            for (int r = 0; r < cells.Length; r++)
            {
                yield return (Body + string.Join("  ", cells[r].Select((c, i) => c.PadRight(widths[i])))).TrimEnd();
                if (r == 0)
                {
                    yield return (Body + string.Join("  ", widths.Select(w => new string('-', w)))).TrimEnd();
                }
            }

            yield break;
        }

        string[] header = cells[0];
        foreach (string[] row in cells.Skip(1))
        {
            foreach (string line in Wrap(row[0], Body, Body + "  "))
            {
                yield return line;
            }

            for (int c = 1; c < row.Length; c++)
            {
                string name = c < header.Length ? header[c] : string.Empty;
                foreach (string line in Wrap($"{name}: {row[c]}", Code, Code + "  "))
                {
                    yield return line;
                }
            }

            yield return string.Empty;
        }
    }

    /// <summary>At most one blank line in a row.</summary>
    private static IEnumerable<string> Collapse(IEnumerable<string> lines)
    {
        bool blank = false;
        foreach (string line in lines)
        {
            bool isBlank = line.Trim().Length == 0;
            if (!(isBlank && blank))
            {
                yield return isBlank ? string.Empty : line;
            }

            blank = isBlank;
        }
    }

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)]*)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^\d+\. ")]
    private static partial Regex NumberedItemPattern();

    [GeneratedRegex(@"^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$")]
    private static partial Regex SeparatorPattern();
}
