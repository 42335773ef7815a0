using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>
/// The keys of a module manifest (.psd1), read as text. The manifest is a PowerShell hashtable literal; the
/// template uses only quoted strings and @() lists, which is all this reader understands, and that is on purpose:
/// a computed value in a manifest is a smell the tests should notice.
/// </summary>
internal sealed partial class ManifestFile
{
    private readonly Dictionary<string, string> _strings;
    private readonly Dictionary<string, IReadOnlyList<string>> _lists;

    private ManifestFile(IReadOnlyList<string> keys, Dictionary<string, string> strings, Dictionary<string, IReadOnlyList<string>> lists)
    {
        Keys = keys;
        _strings = strings;
        _lists = lists;
    }

    /// <summary>Every key assigned anywhere in the manifest (nested PrivateData keys included).</summary>
    public IReadOnlyList<string> Keys { get; }

    public static ManifestFile Load(string path) => Parse(File.ReadAllText(path));

    public static ManifestFile Parse(string text)
    {
        string code = string.Join("\n", text.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));

        var keys = KeyPattern().Matches(code).Select(m => m.Groups["key"].Value).ToList();

        var strings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in StringPattern().Matches(code))
        {
            strings[m.Groups["key"].Value] = m.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
        }

        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ListPattern().Matches(code))
        {
            lists[m.Groups["key"].Value] = QuotedPattern().Matches(m.Groups["items"].Value).Select(q => q.Groups["value"].Value).ToList();
        }

        return new ManifestFile(keys, strings, lists);
    }

    public bool Has(string key) => Keys.Contains(key, StringComparer.OrdinalIgnoreCase);

    public string? String(string key) => _strings.TryGetValue(key, out string? value) ? value : null;

    /// <summary>The items of an @() list, or null when the key is not a list.</summary>
    public IReadOnlyList<string>? List(string key) => _lists.TryGetValue(key, out var value) ? value : null;

    [GeneratedRegex(@"(?m)^\s*(?<key>[A-Za-z][A-Za-z0-9]*)\s*=")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"(?m)^\s*(?<key>[A-Za-z][A-Za-z0-9]*)\s*=\s*'(?<value>(?:[^']|'')*)'")]
    private static partial Regex StringPattern();

    [GeneratedRegex(@"(?ms)^\s*(?<key>[A-Za-z][A-Za-z0-9]*)\s*=\s*@\((?<items>[^)]*)\)")]
    private static partial Regex ListPattern();

    [GeneratedRegex(@"'(?<value>(?:[^']|'')*)'")]
    private static partial Regex QuotedPattern();
}
