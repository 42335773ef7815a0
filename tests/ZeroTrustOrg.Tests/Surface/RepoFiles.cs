namespace ZeroTrustOrg.Tests.Surface;

/// <summary>Where the files the surface tests read live: the repository (sources, docs) and the test output (built DLLs).</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    public static string Root => RootFolder.Value;

    public static string OutputFolder => AppContext.BaseDirectory;

    public static string ManifestTemplate => Path.Combine(Root, "ZeroTrustOrg.psd1");

    public static string FormatFile => Path.Combine(Root, "src", "ZeroTrustOrg", "ZeroTrustOrg.Format.ps1xml");

    public static string ModuleProject => Path.Combine(Root, "src", "ZeroTrustOrg", "ZeroTrustOrg.csproj");

    public static string HelpFolder => Path.Combine(Root, "docs", "en-US");

    public static string AboutTopic => Path.Combine(HelpFolder, "about_ZeroTrustOrg.help.md");

    public static string HelpPage(string cmdletName) => Path.Combine(HelpFolder, cmdletName + ".md");

    // The test binaries sit a few folders below the repository; the solution file marks its root.
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZeroTrustOrg.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ZeroTrustOrg.sln.");
    }
}
