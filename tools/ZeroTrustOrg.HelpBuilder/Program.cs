namespace ZeroTrustOrg.HelpBuilder;

/// <summary>
/// Usage: ZeroTrustOrg.HelpBuilder &lt;docs/en-US folder&gt; &lt;output en-US folder&gt;. Writes ZeroTrustOrg.dll-Help.xml
/// from the cmdlet pages and about_ZeroTrustOrg.help.txt from the about page, so Get-Help has examples even
/// where PlatyPS is not installed.
/// </summary>
public static class HelpBuilderProgram
{
    public static int Main(string[] args)
    {
        // Writes ZeroTrustOrg.dll-Help.xml from the cmdlet pages and about_ZeroTrustOrg.help.txt from the about page.
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: ZeroTrustOrg.HelpBuilder <docs folder> <output folder>");
            return 2;
        }
        
        string docs = args[0];
        string output = args[1];
        var pages = Directory.GetFiles(docs, "*-Zt*.md").OrderBy(p => p, StringComparer.Ordinal).Select(p => CommandHelpPage.Parse(File.ReadAllText(p))).ToList();
        if (pages.Count == 0)
        {
            Console.Error.WriteLine($"no cmdlet pages found in {docs}");
            return 1;
        }
        
        var missingExamples = pages.Where(p => p.Examples.Count == 0).Select(p => p.Title).ToList();
        if (missingExamples.Count > 0)
        {
            Console.Error.WriteLine("pages without examples: " + string.Join(", ", missingExamples));
            return 1;
        }
        
        Directory.CreateDirectory(output);
        MamlWriter.Write(pages).Save(Path.Combine(output, "ZeroTrustOrg.dll-Help.xml"));
        string about = Path.Combine(docs, "about_ZeroTrustOrg.help.md");
        if (File.Exists(about))
        {
            File.WriteAllText(Path.Combine(output, "about_ZeroTrustOrg.help.txt"), AboutText.FromMarkdown(File.ReadAllText(about)));
        }
        
        Console.WriteLine($"help for {pages.Count} cmdlets written to {output}");
        return 0;
    }
}
