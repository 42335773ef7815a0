using Xunit;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>The manifest template at the repository root: what the module promises the Gallery and the host.</summary>
public sealed class ManifestSurfaceTests
{
    private static readonly ManifestFile Manifest = ManifestFile.Load(RepoFiles.ManifestTemplate);

    [Fact]
    public void Cmdlets_in_the_dll_are_exactly_the_manifest_CmdletsToExport()
    {
        var exported = Manifest.List("CmdletsToExport");
        Assert.NotNull(exported);
        var inDll = ModuleSurface.Instance.Cmdlets.Select(c => c.Name).ToList();

        Assert.Equal(inDll.Count, inDll.Distinct().Count());
        Assert.Equal(exported!.Count, exported.Distinct().Count());
        Assert.Equal(inDll.OrderBy(n => n, StringComparer.Ordinal), exported.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(12, inDll.Count);
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Manifest_exports_nothing_but_cmdlets(string key)
    {
        // An explicit empty list, not a missing key (which means '*') and not a wildcard.
        IReadOnlyList<string>? list = Manifest.List(key);
        Assert.NotNull(list);
        Assert.Empty(list!);
    }

    [Theory]
    [InlineData("NestedModules")]
    [InlineData("RequiredAssemblies")]
    [InlineData("ScriptsToProcess")]
    public void Manifest_loads_nothing_besides_the_root_module(string key)
    {
        // The Graph isolation lesson: RequiredAssemblies/NestedModules load before the resolver is in place.
        Assert.False(Manifest.Has(key), $"The manifest sets {key}.");
    }

    [Fact]
    public void Manifest_runs_on_Windows_PowerShell_5_1_and_PowerShell_7()
    {
        Assert.Equal("5.1", Manifest.String("PowerShellVersion"));
        Assert.Equal(new[] { "Core", "Desktop" }, Manifest.List("CompatiblePSEditions")!.OrderBy(e => e, StringComparer.Ordinal));
        Assert.Equal("ZeroTrustOrg.dll", Manifest.String("RootModule"));
        Assert.Contains("ZeroTrustOrg.Format.ps1xml", Manifest.List("FormatsToProcess")!);
    }

    [Fact]
    public void Manifest_tags_name_both_editions_all_platforms_and_the_topic()
    {
        var tags = Manifest.List("Tags");
        Assert.NotNull(tags);
        foreach (string tag in new[] { "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS", "Cloudflare", "ZeroTrust" })
        {
            Assert.Contains(tag, tags!);
        }

        // The Gallery rejects tags with spaces.
        Assert.DoesNotContain(tags!, t => t.Contains(' ', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LicenseUri")]
    [InlineData("ProjectUri")]
    public void Manifest_links_are_absolute_https_uris(string key)
    {
        string? value = Manifest.String(key);
        Assert.False(string.IsNullOrWhiteSpace(value), $"{key} is not set.");
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps, $"{key} '{value}' is not an absolute https URI.");
    }

    [Fact]
    public void Manifest_version_is_the_template_token_the_build_fills_in()
    {
        Assert.Equal("{{ModuleVersion}}", Manifest.String("ModuleVersion"));
    }

    [Fact]
    public void Manifest_reader_notices_a_wildcard_or_a_nested_module()
    {
        // The checks above are only worth something if the reader can see a bad manifest.
        var bad = ManifestFile.Parse("""
            @{
                RootModule = 'ZeroTrustOrg.dll'
                # NestedModules = @('commented.psm1') is ignored
                NestedModules = @('Extra.psm1')
                FunctionsToExport = '*'
                CmdletsToExport = @('Get-ZtOrganization', 'Get-Ghost')
                Description = 'It''s quoted'
            }
            """);

        Assert.True(bad.Has("NestedModules"));
        Assert.Null(bad.List("FunctionsToExport"));
        Assert.Equal("*", bad.String("FunctionsToExport"));
        Assert.Equal(new[] { "Get-ZtOrganization", "Get-Ghost" }, bad.List("CmdletsToExport"));
        Assert.Equal("It's quoted", bad.String("Description"));
        Assert.False(bad.Has("RequiredAssemblies"));
    }
}
