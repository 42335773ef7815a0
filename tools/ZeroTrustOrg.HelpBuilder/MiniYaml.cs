namespace ZeroTrustOrg.HelpBuilder;

/// <summary>
/// Reads the small YAML subset PlatyPS writes in front matter and parameter blocks: <c>key: value</c> lines,
/// <c>[]</c>, flow lists <c>[a, b]</c>, block lists of scalars (<c>- x</c>) and block lists of maps
/// (<c>- Name: x</c> followed by indented <c>Key: value</c> lines). Anything else is an error, so a malformed
/// block fails the test instead of being half read.
/// </summary>
internal static class MiniYaml
{
    public static Dictionary<string, object?> Parse(string text)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        string[] lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            if (line.Trim().Length == 0)
            {
                i++;
                continue;
            }

            if (char.IsWhiteSpace(line[0]) || line.StartsWith('-'))
            {
                throw new FormatException($"Line {i + 1} is not a top-level 'key: value' line: '{line}'.");
            }

            (string key, string rest) = SplitKey(line, i);
            i++;
            if (rest.Length > 0)
            {
                result[key] = Scalar(rest);
                continue;
            }

            // A key with nothing after the colon owns the list lines that follow.
            var items = new List<object?>();
            while (i < lines.Length && lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) && Indent(lines[i]) == 0)
            {
                string first = lines[i].TrimStart()[2..];
                i++;
                if (!LooksLikeKey(first))
                {
                    items.Add(Unquote(first.Trim()));
                    continue;
                }

                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                (string k, string v) = SplitKey(first, i - 1);
                map[k] = Scalar(v);
                while (i < lines.Length && Indent(lines[i]) >= 2 && !lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) && lines[i].Trim().Length > 0)
                {
                    (k, v) = SplitKey(lines[i].Trim(), i);
                    map[k] = Scalar(v);
                    i++;
                }

                items.Add(map);
            }

            result[key] = items;
        }

        return result;
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    private static bool LooksLikeKey(string text)
    {
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            colon = text.EndsWith(':') ? text.Length - 1 : -1;
        }

        return colon > 0 && !text.StartsWith('\'') && !text.StartsWith('"') && text[..colon].All(c => char.IsLetterOrDigit(c) || c == ' ' || c == '.' || c == '_' || c == '-');
    }

    private static (string Key, string Value) SplitKey(string line, int index)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Line {index + 1} has no key: '{line}'.");
        }

        return (line[..colon].Trim(), line[(colon + 1)..].Trim());
    }

    private static object? Scalar(string text)
    {
        if (text == "[]")
        {
            return new List<object?>();
        }

        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            return text[1..^1].Split(',').Select(s => (object?)Unquote(s.Trim())).ToList();
        }

        return Unquote(text);
    }

    private static string Unquote(string text)
    {
        if (text.Length >= 2 && ((text[0] == '\'' && text[^1] == '\'') || (text[0] == '"' && text[^1] == '"')))
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        return text;
    }

    public static string Text(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out object? value) && value is string s ? s : string.Empty;

    public static IReadOnlyList<string> Strings(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out object? value) && value is List<object?> list ? list.OfType<string>().ToList() : Array.Empty<string>();

    public static IReadOnlyList<Dictionary<string, object?>> Maps(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out object? value) && value is List<object?> list ? list.OfType<Dictionary<string, object?>>().ToList() : Array.Empty<Dictionary<string, object?>>();
}
