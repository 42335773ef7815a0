using System.Text;
using Xunit;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>
/// The .NET surface users can rely on is pinned in text files beside this test (Surface/Baselines): every cmdlet with
/// its parameter sets and parameter types, and every public type the module ships. A change to either is a deliberate
/// diff of a baseline file in review, never an accident of a refactoring. When a change is meant, the test writes the
/// new text next to the test binaries (surface-actual/) for copying over the baseline.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static string BaselineFolder => Path.Combine(RepoFiles.Root, "tests", "ZeroTrustOrg.Tests", "Surface", "Baselines");

    /// <summary>One line per cmdlet and per parameter: what binding, tab completion and scripts depend on.</summary>
    internal static string RenderCmdlets(IEnumerable<CmdletInfo> cmdlets)
    {
        var text = new StringBuilder();
        foreach (CmdletInfo cmdlet in cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append(cmdlet.Name)
                .Append(" default=").Append(cmdlet.DefaultParameterSetName ?? "-")
                .Append(" whatif=").Append(cmdlet.SupportsShouldProcess)
                .Append(" impact=").Append(cmdlet.ConfirmImpact)
                .Append(" output=").Append(string.Join(",", cmdlet.OutputTypes.OrderBy(o => o, StringComparer.Ordinal)))
                .Append('\n');
            foreach (CmdletParameter parameter in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append("  -").Append(parameter.Name).Append(" [").Append(parameter.TypeName).Append(']');
                if (parameter.Aliases.Count > 0)
                {
                    text.Append(" aliases=").Append(string.Join(",", parameter.Aliases.OrderBy(a => a, StringComparer.Ordinal)));
                }

                foreach (ParameterSetMembership set in parameter.Sets.OrderBy(s => s.SetName, StringComparer.Ordinal))
                {
                    text.Append(' ').Append(set.SetName).Append('(')
                        .Append(set.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named")
                        .Append(set.Mandatory ? ",mandatory" : string.Empty)
                        .Append(set.ValueFromPipeline ? ",pipeline" : string.Empty)
                        .Append(set.ValueFromPipelineByPropertyName ? ",bypropertyname" : string.Empty)
                        .Append(')');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    [Fact]
    public void The_cmdlets_their_parameter_sets_and_parameter_types_match_the_baseline() =>
        AssertBaseline("cmdlets.txt", RenderCmdlets(ModuleSurface.Instance.Cmdlets));

    [Fact]
    public void The_public_types_match_the_baseline() =>
        AssertBaseline("public-types.txt", string.Join("\n", ModuleSurface.Instance.PublicTypes) + "\n");

    [Theory]
    [InlineData("ZeroTrustOrg.ZtOrganization")]
    [InlineData("ZeroTrustOrg.ZtLoginDesign")]
    [InlineData("ZeroTrustOrg.ZtDohSetting")]
    [InlineData("ZeroTrustOrg.ZtRevokeResult")]
    [InlineData("ZeroTrustOrg.ZtOrganizationDifference")]
    [InlineData("ZeroTrustOrg.ZtOrganizationTestResult")]
    [InlineData("ZeroTrustOrg.ZtContext")]
    [InlineData("ZeroTrustOrg.ZtScope")]
    [InlineData("ZeroTrustOrg.ZtApiException")]
    [InlineData("ZeroTrustOrg.ZtValidationException")]
    [InlineData("ZeroTrustOrg.ZtTransportException")]
    [InlineData("ZeroTrustOrg.ZtNotConnectedException")]
    [InlineData("ZeroTrustOrg.ZtOrganizationChangedException")]
    [InlineData("ZeroTrustOrg.Testing.ZtEmulatorJournal")]
    [InlineData("ZeroTrustOrg.Commands.ModuleInitializer")]
    public void A_type_users_touch_keeps_its_full_name(string fullName) =>
        Assert.Contains(ModuleSurface.Instance.PublicTypes, t => t.EndsWith(": " + fullName, StringComparison.Ordinal));

    [Fact]
    public void The_types_PowerShell_finds_by_reflection_stay_public()
    {
        var reflected = ModuleSurface.Instance.ReflectedTypes;

        Assert.Contains(reflected, t => t.FullName == "ZeroTrustOrg.Commands.ModuleInitializer");
        Assert.Contains(reflected, t => t.FullName == "ZeroTrustOrg.Commands.RateLimitCompleter");
        Assert.Contains(reflected, t => t.FullName == "ZeroTrustOrg.Commands.SecretTransformationAttribute");
        Assert.All(reflected, t => Assert.True(t.IsPublic, $"{t.FullName} must be public, or PowerShell will not use it."));
    }

    [Fact]
    public void Every_completer_a_parameter_names_is_public() =>
        Assert.All(
            ModuleSurface.Instance.Cmdlets.SelectMany(c => c.Parameters).Where(p => p.CompleterType != null),
            p => Assert.Contains(ModuleSurface.Instance.PublicTypes, t => t.EndsWith(": " + p.CompleterType, StringComparison.Ordinal)));

    private static void AssertBaseline(string file, string actual)
    {
        string baselinePath = Path.Combine(BaselineFolder, file);
        string expected = File.Exists(baselinePath) ? File.ReadAllText(baselinePath).Replace("\r\n", "\n") : string.Empty;
        if (expected == actual)
        {
            return;
        }

        string actualFolder = Path.Combine(RepoFiles.OutputFolder, "surface-actual");
        Directory.CreateDirectory(actualFolder);
        string actualPath = Path.Combine(actualFolder, file);
        File.WriteAllText(actualPath, actual);
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        var gone = expectedLines.Except(actualLines).Take(10).Select(l => "- " + l);
        var added = actualLines.Except(expectedLines).Take(10).Select(l => "+ " + l);
        Assert.Fail($"The public surface differs from {baselinePath}. If the change is deliberate, copy {actualPath} over it.\n" +
            string.Join("\n", gone.Concat(added)));
    }
}
