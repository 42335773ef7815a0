using System.Net;
using System.Text.RegularExpressions;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>Reads the tables of about_ZeroTrustOrg.help.md and checks the troubleshooting rows against Core's error mapping.</summary>
internal static partial class AboutTopic
{
    public static string Text => File.ReadAllText(RepoFiles.AboutTopic);

    /// <summary>The rows of the first markdown table whose header has the given column, as column -> cell text.</summary>
    public static IEnumerable<Dictionary<string, string>> Table(string column, string? markdown = null)
    {
        string[] lines = (markdown ?? Text).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith('|'))
            {
                continue;
            }

            string[] header = Cells(lines[i]);
            if (!header.Contains(column) || !SeparatorPattern().IsMatch(lines[i + 1]))
            {
                continue;
            }

            for (int r = i + 2; r < lines.Length && lines[r].TrimStart().StartsWith('|'); r++)
            {
                string[] cells = Cells(lines[r]);
                if (cells.Length != header.Length)
                {
                    throw new FormatException($"Table row {r + 1} has {cells.Length} cells, the header has {header.Length}: {lines[r]}");
                }

                yield return header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            }

            yield break;
        }

        throw new InvalidOperationException($"No table with a '{column}' column was found.");
    }

    /// <summary>
    /// Builds the failure Cloudflare would send for a troubleshooting row and asks Core what it means; the row
    /// must name the same ErrorId and category. Columns: HTTP status, Cloudflare code, Message, ErrorId, Category.
    /// </summary>
    public static IEnumerable<string> CheckTroubleshootingRow(Dictionary<string, string> row)
    {
        Match code = NumberPattern().Match(row["Cloudflare code"]);
        string message = row["Message"].Replace("`", string.Empty, StringComparison.Ordinal).Trim();
        string errorId = row["ErrorId"].Replace("`", string.Empty, StringComparison.Ordinal).Trim();
        string category = row["Category"].Trim();

        foreach (string statusText in row["HTTP status"].Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(statusText, out int status))
            {
                yield return $"row {row["Cloudflare code"]}: '{statusText}' is not an HTTP status";
                continue;
            }

            var errors = code.Success ? new[] { new ZtApiError(int.Parse(code.Value, System.Globalization.CultureInfo.InvariantCulture), message) } : Array.Empty<ZtApiError>();
            var failure = new ZtApiException(
                (HttpStatusCode)status,
                errors,
                "GET",
                "https://api.cloudflare.com/client/v4/accounts/699d98642c564d2e855e9661899b7252/access/organizations",
                "8c4f2a9b1d3e5f60-AMS",
                bodyExcerpt: code.Success ? null : message,
                retryAfter: status == 429 ? TimeSpan.FromSeconds(30) : null);

            ZtErrorInfo info = ZtErrorInfo.Describe(failure);
            if (info.ErrorId != errorId)
            {
                yield return $"row {row["Cloudflare code"]} at HTTP {status}: the table says {errorId}, the module raises {info.ErrorId}";
            }

            if (info.Category.ToString() != category)
            {
                yield return $"row {row["Cloudflare code"]} at HTTP {status}: the table says category {category}, the module uses {info.Category}";
            }
        }
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    [GeneratedRegex(@"^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\d{3,}")]
    private static partial Regex NumberPattern();
}
