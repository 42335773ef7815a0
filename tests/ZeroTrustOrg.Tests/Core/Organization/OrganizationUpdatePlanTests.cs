using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Organization;

public class OrganizationUpdatePlanTests
{
    private static JsonObject Read(string name) => new()
    {
        ["name"] = name,
        ["auth_domain"] = "contoso.cloudflareaccess.com",
        ["session_duration"] = "24h",
        ["allow_authenticate_via_warp"] = "false",
    };

    [Fact]
    public void The_plan_names_the_organization_as_read()
    {
        OrganizationUpdatePlan plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", "12h")), Harness.Account, Read("Contoso"));

        Assert.Equal("Contoso", plan.Name);
    }

    [Fact]
    public void A_name_that_is_not_text_is_no_name()
    {
        JsonObject current = Read("Contoso");
        current["name"] = 42;

        OrganizationUpdatePlan plan = OrganizationPlanner.PlanUpdate(Changes.Set(("SessionDuration", "12h")), Harness.Account, current);

        Assert.Null(plan.Name);
    }

    [Fact]
    public void The_organization_as_read_comes_typed_with_its_scope_its_read_state_and_the_emulator_mark()
    {
        OrganizationUpdatePlan plan = OrganizationPlanner.PlanUpdate(Changes.Set(("Name", "Contoso")), Harness.Zone, Read("Contoso"));
        plan.IsEmulator = true;

        ZtOrganization organization = plan.ReadOrganization();

        Assert.False(plan.HasChanges);
        Assert.Equal("Contoso", organization.Name);
        Assert.Equal("contoso.cloudflareaccess.com", organization.AuthDomain);
        Assert.Equal(Harness.Zone.Id, organization.ZoneId);
        Assert.Null(organization.AccountId);
        Assert.True(organization.IsEmulator);
        Assert.True(JsonNode.DeepEquals(plan.Current, organization.ReadState));
        Assert.NotSame(plan.Current, organization.ReadState);
    }
}
