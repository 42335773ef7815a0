namespace ZeroTrustOrg.HelpBuilder;

/// <summary>about_ topics are plain text; the markdown front matter goes, headings become upper-case lines.</summary>
public static class AboutText
{
    public static string FromMarkdown(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            int end = lines.FindIndex(1, l => l.Trim() == "---");
            lines = lines.Skip(end + 1).ToList();
        }

        return string.Join(Environment.NewLine, lines.Select(l =>
            l.StartsWith("# ", StringComparison.Ordinal) ? l.Substring(2).Trim().ToUpperInvariant()
            : l.StartsWith("## ", StringComparison.Ordinal) ? l.Substring(3).Trim().ToUpperInvariant()
            : l.StartsWith("### ", StringComparison.Ordinal) ? "  " + l.Substring(4).Trim()
            : l.Replace("**", string.Empty))).Trim() + Environment.NewLine;
    }
}
