using System.Xml.Linq;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>Parameter sets, mandatory flags, pipeline binding and aliases: the contract scripts are written against.</summary>
public sealed class ParameterSurfaceTests
{
    private const string SecureStringType = "System.Security.SecureString";

    // Parameters of the organization cmdlets that are not organization fields.
    private static readonly string[] NonFieldParameters = { "AccountId", "ZoneId", "Context", "InputObject", "PassThru", "Force", "MfaAllowedAuthenticators" };

    private static CmdletInfo Cmdlet(string name) => ModuleSurface.Instance.Cmdlet(name);

    [Fact]
    public void Revoke_ZtUser_Email_is_optional_positional_text_with_no_aliases()
    {
        // Aliases would let PowerShell bind the first matching column and never fall back past a blank one;
        // piped objects go to -InputObject and the cmdlet reads the address itself (UserAddress.PropertyOrder).
        CmdletParameter email = Cmdlet("Revoke-ZtUser").Parameter("Email")!;
        ParameterSetMembership membership = Assert.Single(email.Sets);
        Assert.Equal(CmdletInfo.AllSets, membership.SetName);
        Assert.False(membership.Mandatory);
        Assert.False(membership.ValueFromPipeline);
        Assert.False(membership.ValueFromPipelineByPropertyName);
        Assert.Equal(0, membership.Position);
        Assert.Equal("System.String[]", email.TypeName);
        Assert.Empty(email.Aliases);
    }

    [Fact]
    public void Revoke_ZtUser_takes_any_object_from_the_pipeline_in_every_set()
    {
        CmdletParameter input = Cmdlet("Revoke-ZtUser").Parameter("InputObject")!;
        ParameterSetMembership membership = Assert.Single(input.Sets);
        Assert.Equal(CmdletInfo.AllSets, membership.SetName);
        Assert.True(membership.ValueFromPipeline);
        Assert.False(membership.Mandatory);
        Assert.Equal("System.Management.Automation.PSObject", input.TypeName);
    }

    [Theory]
    [InlineData("UserUid")]
    [InlineData("Devices")]
    [InlineData("WarpSessionReauth")]
    public void Revoke_ZtUser_account_only_options_are_not_in_the_Zone_set(string name)
    {
        CmdletInfo revoke = Cmdlet("Revoke-ZtUser");
        CmdletParameter parameter = revoke.Parameter(name)!;
        var sets = parameter.Sets.Select(s => s.SetName).ToList();

        Assert.DoesNotContain("Zone", sets);
        Assert.DoesNotContain(CmdletInfo.AllSets, sets);
        Assert.Contains("Account", sets);
        Assert.Contains("Default", sets);
        Assert.DoesNotContain(name, revoke.ParametersIn("Zone").Select(p => p.Name));
    }

    [Theory]
    [InlineData("Get-ZtOrganization")]
    [InlineData("New-ZtOrganization")]
    [InlineData("Set-ZtOrganization")]
    [InlineData("Revoke-ZtUser")]
    public void Scoped_cmdlets_have_Default_Account_and_Zone_sets(string name)
    {
        CmdletInfo cmdlet = Cmdlet(name);
        Assert.Equal("Default", cmdlet.DefaultParameterSetName);
        Assert.Equal(new[] { "Account", "Default", "Zone" }, cmdlet.ParameterSetNames.OrderBy(s => s, StringComparer.Ordinal));

        ParameterSetMembership account = Assert.Single(cmdlet.Parameter("AccountId")!.Sets);
        Assert.Equal("Account", account.SetName);
        Assert.True(account.Mandatory);

        ParameterSetMembership zone = Assert.Single(cmdlet.Parameter("ZoneId")!.Sets);
        Assert.Equal("Zone", zone.SetName);
        Assert.True(zone.Mandatory);

        // Naming both ids can never bind: the two are in different sets.
        Assert.DoesNotContain(cmdlet.ParametersIn("Account"), p => p.Name == "ZoneId");
        Assert.DoesNotContain(cmdlet.ParametersIn("Zone"), p => p.Name == "AccountId");
    }

    [Fact]
    public void Get_ZtOrganization_takes_scope_ids_by_property_name()
    {
        CmdletInfo get = Cmdlet("Get-ZtOrganization");
        Assert.True(get.Parameter("AccountId")!.Sets.Single().ValueFromPipelineByPropertyName);
        Assert.True(get.Parameter("ZoneId")!.Sets.Single().ValueFromPipelineByPropertyName);
    }

    [Fact]
    public void New_ZtOrganization_requires_Name_and_AuthDomain_and_has_no_CustomPages()
    {
        CmdletInfo create = Cmdlet("New-ZtOrganization");
        foreach ((string name, int position) in new[] { ("Name", 0), ("AuthDomain", 1) })
        {
            ParameterSetMembership membership = Assert.Single(create.Parameter(name)!.Sets);
            Assert.Equal(CmdletInfo.AllSets, membership.SetName);
            Assert.True(membership.Mandatory, $"-{name} is not mandatory.");
            Assert.Equal(position, membership.Position);
        }

        // docs/cloudflare-api.md#create: custom_pages is not in the create schema.
        Assert.Null(create.Parameter("CustomPages"));
        Assert.Null(create.Parameter("InputObject"));
    }

    [Fact]
    public void New_ZtOrganization_has_one_parameter_per_creatable_field()
    {
        var creatable = OrganizationFields.All.Where(f => f.IsCreatableAt(ZtScopeKind.Account)).Select(f => f.DisplayName);
        var fieldParameters = Cmdlet("New-ZtOrganization").Parameters.Select(p => p.Name).Except(NonFieldParameters);

        Assert.Equal(creatable.OrderBy(n => n, StringComparer.Ordinal), fieldParameters.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Set_ZtOrganization_has_one_parameter_per_writable_field()
    {
        var writable = OrganizationFields.All.Where(f => !f.ReadOnly).Select(f => f.DisplayName).ToList();
        var fieldParameters = Cmdlet("Set-ZtOrganization").Parameters.Select(p => p.Name).Except(NonFieldParameters).ToList();

        Assert.Equal(writable.OrderBy(n => n, StringComparer.Ordinal), fieldParameters.OrderBy(n => n, StringComparer.Ordinal));
        Assert.DoesNotContain(OrganizationFields.All.Where(f => f.ReadOnly).Select(f => f.DisplayName), n => fieldParameters.Contains(n));
    }

    [Fact]
    public void Set_ZtOrganization_takes_desired_state_from_the_pipeline_and_has_PassThru()
    {
        CmdletInfo set = Cmdlet("Set-ZtOrganization");
        CmdletParameter input = set.Parameter("InputObject")!;
        Assert.Equal("System.Management.Automation.PSObject", input.TypeName);
        ParameterSetMembership membership = Assert.Single(input.Sets);
        Assert.True(membership.ValueFromPipeline);
        Assert.False(membership.Mandatory);
        Assert.True(set.Parameter("PassThru")!.IsSwitch);

        // Only InputObject binds from the pipeline, so a piped object cannot silently retarget the write.
        Assert.All(set.Parameters.Where(p => p.Name != "InputObject"), p => Assert.All(p.Sets, s => Assert.False(s.ValueFromPipeline || s.ValueFromPipelineByPropertyName, $"-{p.Name} binds from the pipeline.")));
    }

    [Fact]
    public void Set_ZtOrganization_boolean_fields_are_switches_so_false_is_explicit()
    {
        // -DenyUnmatchedRequests:$false must be a bound value, not an absent one.
        CmdletInfo set = Cmdlet("Set-ZtOrganization");
        foreach (FieldSpec field in OrganizationFields.All.Where(f => !f.ReadOnly && f.Kind == FieldKind.Boolean))
        {
            Assert.True(set.Parameter(field.DisplayName)!.IsSwitch, $"-{field.DisplayName} is not a switch.");
        }
    }

    [Fact]
    public void Connect_ZtAccount_has_one_set_per_way_to_authenticate()
    {
        CmdletInfo connect = Cmdlet("Connect-ZtAccount");
        Assert.Equal("Environment", connect.DefaultParameterSetName);
        Assert.Equal(new[] { "ApiKey", "ApiToken", "Credential", "Emulator", "Environment" }, connect.ParameterSetNames.OrderBy(s => s, StringComparer.Ordinal));

        // A bare Connect-ZtAccount (environment variables) must bind without asking for anything.
        Assert.DoesNotContain(connect.ParametersIn("Environment"), p => p.In("Environment")!.Mandatory);
        Assert.True(connect.Parameter("Emulator")!.In("Emulator")!.Mandatory);
        Assert.True(connect.Parameter("ApiToken")!.In("ApiToken")!.Mandatory);
        Assert.True(connect.Parameter("ApiKey")!.In("ApiKey")!.Mandatory);
        Assert.True(connect.Parameter("Email")!.In("ApiKey")!.Mandatory);
        Assert.True(connect.Parameter("Credential")!.In("Credential")!.Mandatory);
    }

    [Fact]
    public void Connect_ZtAccount_takes_secrets_only_as_SecureString_or_PSCredential()
    {
        CmdletInfo connect = Cmdlet("Connect-ZtAccount");
        Assert.Equal(SecureStringType, connect.Parameter("ApiToken")!.TypeName);
        Assert.Equal(SecureStringType, connect.Parameter("ApiKey")!.TypeName);
        Assert.Equal("System.Management.Automation.PSCredential", connect.Parameter("Credential")!.TypeName);

        string[] secretWords = { "Token", "Key", "Secret", "Password" };
        var plainSecrets = ModuleSurface.Instance.Cmdlets
            .SelectMany(c => c.Parameters.Select(p => (Cmdlet: c.Name, Parameter: p)))
            .Where(x => x.Parameter.TypeName is "System.String" or "System.String[]")
            .Where(x => secretWords.Any(w => x.Parameter.Name.Contains(w, StringComparison.OrdinalIgnoreCase)) || x.Parameter.Aliases.Any(a => secretWords.Any(w => a.Contains(w, StringComparison.OrdinalIgnoreCase))))
            .Where(x => !x.Parameter.Name.EndsWith("Id", StringComparison.Ordinal))
            .Select(x => $"{x.Cmdlet} -{x.Parameter.Name}")
            .ToList();
        Assert.Empty(plainSecrets);
    }

    [Theory]
    [InlineData("BaseUri")]
    [InlineData("Proxy")]
    [InlineData("ProxyUseDefaultCredentials")]
    public void Connect_ZtAccount_emulator_set_has_no_network_options(string name)
    {
        CmdletParameter parameter = Cmdlet("Connect-ZtAccount").Parameter(name)!;
        Assert.DoesNotContain("Emulator", parameter.Sets.Select(s => s.SetName));
        Assert.DoesNotContain(CmdletInfo.AllSets, parameter.Sets.Select(s => s.SetName));
    }

    [Fact]
    public void Authenticator_shorthand_completes_from_the_field_rules()
    {
        CmdletParameter parameter = Cmdlet("Set-ZtOrganization").Parameter("MfaAllowedAuthenticators")!;
        Assert.Equal("ZeroTrustOrg.Commands.AuthenticatorCompleter", parameter.CompleterType);
        Assert.Equal("System.String[]", parameter.TypeName);
    }

    [Fact]
    public void Shipped_dependency_list_in_the_project_matches_the_resolver()
    {
        var items = XDocument.Load(RepoFiles.ModuleProject)
            .Descendants("ModuleDependency")
            .SelectMany(e => ((string?)e.Attribute("Include") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();

        Assert.NotEmpty(items);
        Assert.Equal(items.Count, items.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(
            DependencyResolution.ShippedDependencies.OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
            items.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("System.Text.Json", items);
    }
}
