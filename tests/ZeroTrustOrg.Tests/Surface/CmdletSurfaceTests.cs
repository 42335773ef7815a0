using System.Xml.Linq;
using Xunit;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>What each cmdlet class declares: verbs, output types, -Context, ShouldProcess and confirmation.</summary>
public sealed class CmdletSurfaceTests
{
    private const string ConnectedBase = "ZeroTrustOrg.Commands.ZtConnectedCmdlet";

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in ModuleSurface.Instance.Cmdlets.Select(c => c.Name))
        {
            data.Add(name);
        }

        return data;
    }

    private static CmdletInfo Cmdlet(string name) => ModuleSurface.Instance.Cmdlet(name);

    private static ISet<string> ApprovedVerbs() =>
        ModuleSurface.Instance.ApprovedVerbsByGroup.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_uses_an_approved_verb(string name)
    {
        Assert.Contains(Cmdlet(name).Verb, ApprovedVerbs());
    }

    [Theory]
    [InlineData("Connect-ZtAccount", "VerbsCommunications")]
    [InlineData("Disconnect-ZtAccount", "VerbsCommunications")]
    [InlineData("Get-ZtOrganization", "VerbsCommon")]
    [InlineData("New-ZtOrganization", "VerbsCommon")]
    [InlineData("Set-ZtOrganization", "VerbsCommon")]
    [InlineData("Revoke-ZtUser", "VerbsSecurity")]
    [InlineData("Export-ZtOrganization", "VerbsData")]
    [InlineData("Compare-ZtOrganization", "VerbsData")]
    [InlineData("Test-ZtOrganization", "VerbsDiagnostic")]
    public void Verbs_come_from_the_group_Get_Verb_lists_them_under(string name, string group)
    {
        Assert.Contains(Cmdlet(name).Verb, ModuleSurface.Instance.ApprovedVerbsByGroup[group]);
    }

    [Theory]
    [InlineData("Fetch")]
    [InlineData("Delete")]
    [InlineData("Create")]
    [InlineData("Change")]
    public void Approved_verb_list_rejects_verbs_PowerShell_warns_about(string verb)
    {
        Assert.True(ApprovedVerbs().Count > 90, "The Verbs* classes of the reference assembly were not read.");
        Assert.DoesNotContain(verb, ApprovedVerbs());
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_declares_its_output_type(string name)
    {
        CmdletInfo cmdlet = Cmdlet(name);
        Assert.NotEmpty(cmdlet.OutputTypes);
        Assert.All(cmdlet.OutputTypes, t => Assert.True(t.StartsWith("ZeroTrustOrg.", StringComparison.Ordinal) || PlainOutputTypes.Contains(t), $"{name} outputs {t}"));
    }

    // Test-ZtOrganization answers $true/$false and Export-ZtOrganization returns JSON text, as Test-Path and ConvertTo-Json do.
    private static readonly ISet<string> PlainOutputTypes = new HashSet<string>(StringComparer.Ordinal) { "System.Boolean", "System.String" };

    [Theory]
    [InlineData("Test-ZtOrganization", "System.Boolean")]
    [InlineData("Test-ZtOrganization", "ZeroTrustOrg.ZtOrganizationTestResult")]
    [InlineData("Compare-ZtOrganization", "ZeroTrustOrg.ZtOrganizationDifference")]
    [InlineData("Export-ZtOrganization", "System.String")]
    public void Configuration_as_code_cmdlets_declare_what_they_return(string name, string outputType)
    {
        Assert.Contains(outputType, Cmdlet(name).OutputTypes);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_output_type_has_a_view_in_the_format_file(string name)
    {
        var viewed = FormatViewTypeNames();
        foreach (string outputType in Cmdlet(name).OutputTypes.Where(t => !PlainOutputTypes.Contains(t)))
        {
            Assert.Contains(outputType, viewed);
        }
    }

    [Fact]
    public void Every_format_view_selects_a_type_the_module_defines()
    {
        // A renamed class leaves a view behind that matches nothing; catch it here.
        foreach (string typeName in FormatViewTypeNames())
        {
            Assert.NotNull(typeof(ZtContext).Assembly.GetType(typeName));
        }
    }

    [Theory]
    [InlineData("Get-ZtOrganization")]
    [InlineData("New-ZtOrganization")]
    [InlineData("Set-ZtOrganization")]
    [InlineData("Revoke-ZtUser")]
    [InlineData("Get-ZtDohSetting")]
    [InlineData("Set-ZtDohSetting")]
    [InlineData("Export-ZtOrganization")]
    [InlineData("Compare-ZtOrganization")]
    [InlineData("Test-ZtOrganization")]
    public void Connected_cmdlets_take_Context_from_the_shared_base_class(string name)
    {
        CmdletInfo cmdlet = Cmdlet(name);
        Assert.Contains(ConnectedBase, cmdlet.BaseTypes);
        CmdletParameter? context = cmdlet.Parameter("Context");
        Assert.NotNull(context);
        Assert.Equal(ConnectedBase, context!.DeclaringType);
        Assert.Equal("ZeroTrustOrg.ZtContext", context.TypeName);
        Assert.All(context.Sets, s => Assert.False(s.Mandatory));
    }

    [Theory]
    [InlineData("Connect-ZtAccount")]
    [InlineData("Get-ZtContext")]
    public void Context_managing_cmdlets_take_no_Context(string name)
    {
        CmdletInfo cmdlet = Cmdlet(name);
        Assert.DoesNotContain(ConnectedBase, cmdlet.BaseTypes);
        Assert.Null(cmdlet.Parameter("Context"));
    }

    [Fact]
    public void Disconnect_ZtAccount_takes_the_context_to_close_from_the_pipeline()
    {
        CmdletInfo cmdlet = Cmdlet("Disconnect-ZtAccount");
        Assert.DoesNotContain(ConnectedBase, cmdlet.BaseTypes);
        CmdletParameter context = cmdlet.Parameter("Context")!;
        Assert.Equal("ZeroTrustOrg.Commands.DisconnectZtAccount", context.DeclaringType);
        Assert.True(context.Sets.Single().ValueFromPipeline);
        Assert.False(context.Sets.Single().Mandatory);
    }

    [Theory]
    [InlineData("New-ZtOrganization")]
    [InlineData("Set-ZtOrganization")]
    [InlineData("Revoke-ZtUser")]
    [InlineData("Set-ZtDohSetting")]
    public void State_changing_cmdlets_support_WhatIf_and_Confirm(string name)
    {
        Assert.True(Cmdlet(name).SupportsShouldProcess);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Get_cmdlets_do_not_offer_WhatIf(string name)
    {
        CmdletInfo cmdlet = Cmdlet(name);
        if (cmdlet.Verb == "Get")
        {
            Assert.False(cmdlet.SupportsShouldProcess, $"{name} only reads, yet declares SupportsShouldProcess.");
        }
    }

    [Fact]
    public void Revoke_ZtUser_is_high_impact_and_has_Force_for_runbooks()
    {
        CmdletInfo revoke = Cmdlet("Revoke-ZtUser");
        Assert.Equal("High", revoke.ConfirmImpact);
        CmdletParameter force = revoke.Parameter("Force")!;
        Assert.True(force.IsSwitch);
        Assert.Equal(CmdletInfo.AllSets, force.Sets.Single().SetName);
    }

    [Theory]
    [InlineData("New-ZtOrganization")]
    [InlineData("Set-ZtOrganization")]
    [InlineData("Set-ZtDohSetting")]
    public void Other_changes_do_not_prompt_at_the_default_ConfirmPreference(string name)
    {
        // $ConfirmPreference defaults to High: only High-impact cmdlets prompt unasked, and only Revoke-ZtUser is High.
        Assert.NotEqual("High", Cmdlet(name).ConfirmImpact);
    }

    [Theory]
    [InlineData("Export-ZtOrganization")]
    [InlineData("Compare-ZtOrganization")]
    [InlineData("Test-ZtOrganization")]
    public void Configuration_as_code_cmdlets_only_read_so_offer_no_WhatIf(string name)
    {
        Assert.False(Cmdlet(name).SupportsShouldProcess);
    }

    [Fact]
    public void Set_ZtOrganization_has_Force_for_changes_that_always_ask()
    {
        CmdletParameter force = Cmdlet("Set-ZtOrganization").Parameter("Force")!;
        Assert.True(force.IsSwitch);
    }

    private static ISet<string> FormatViewTypeNames() =>
        XDocument.Load(RepoFiles.FormatFile)
            .Descendants("ViewSelectedBy")
            .Elements("TypeName")
            .Select(e => e.Value.Trim())
            .ToHashSet(StringComparer.Ordinal);
}
