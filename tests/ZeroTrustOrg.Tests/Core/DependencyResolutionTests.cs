using System.Reflection;
using Xunit;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Tests.Core;

public class DependencyResolutionTests
{
    private const string Folder = "/modules/ZeroTrustOrg";

    private static Version? Files(string path) => path switch
    {
        "/modules/ZeroTrustOrg/dependencies/System.Text.Json.dll" => new Version(8, 0, 0, 0),
        "/modules/ZeroTrustOrg/dependencies/System.Memory.dll" => new Version(4, 0, 1, 2),
        "/modules/ZeroTrustOrg/ZeroTrustOrg.Core.dll" => new Version(0, 1, 0, 0),
        _ => null,
    };

    private static string? Decide(string requested, string? requester, bool desktop = true) =>
        DependencyResolution.Decide(new AssemblyName(requested), requester, desktop, Folder, Files);

    [Fact]
    public void On_desktop_our_own_requests_for_shipped_dependencies_resolve_from_the_dependencies_folder()
    {
        string? path = Decide("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "ZeroTrustOrg.Core");
        Assert.Equal(Path.Combine(Folder, "dependencies", "System.Text.Json.dll"), path);
    }

    [Fact]
    public void The_shipped_graph_may_resolve_its_own_dependencies()
    {
        Assert.NotNull(Decide("System.Memory, Version=4.0.1.2", "System.Text.Json"));
    }

    [Fact]
    public void Other_modules_requests_are_left_alone()
    {
        Assert.Null(Decide("System.Text.Json, Version=8.0.0.0", "Microsoft.Graph.Authentication"));
    }

    [Fact]
    public void Unknown_requester_is_served_only_for_our_shipped_list()
    {
        Assert.NotNull(Decide("System.Text.Json, Version=8.0.0.0", null));
        Assert.Null(Decide("Newtonsoft.Json, Version=13.0.0.0", null));
    }

    [Fact]
    public void On_core_the_runtime_copy_always_wins()
    {
        Assert.Null(Decide("System.Text.Json, Version=8.0.0.0", "ZeroTrustOrg.Core", desktop: false));
    }

    [Fact]
    public void A_newer_version_than_we_ship_is_not_faked()
    {
        Assert.Null(Decide("System.Text.Json, Version=9.0.0.0", "ZeroTrustOrg.Core"));
    }

    [Fact]
    public void Missing_files_resolve_to_nothing_rather_than_a_bad_path()
    {
        Assert.Null(Decide("System.Buffers, Version=4.0.3.0", "ZeroTrustOrg.Core"));
    }

    [Fact]
    public void Our_own_assemblies_resolve_from_the_module_root_on_both_editions()
    {
        Assert.Equal(Path.Combine(Folder, "ZeroTrustOrg.Core.dll"), Decide("ZeroTrustOrg.Core, Version=0.1.0.0", "ZeroTrustOrg", desktop: false));
        Assert.Null(Decide("ZeroTrustOrg.Emulator, Version=0.1.0.0", "ZeroTrustOrg"));
    }

    [Fact]
    public void The_shipped_list_is_what_system_text_json_8_needs_on_netstandard()
    {
        Assert.Contains("System.Text.Json", DependencyResolution.ShippedDependencies);
        Assert.Contains("Microsoft.Bcl.AsyncInterfaces", DependencyResolution.ShippedDependencies);
        Assert.Equal(DependencyResolution.ShippedDependencies.Length, DependencyResolution.ShippedDependencies.Distinct().Count());
    }
}
