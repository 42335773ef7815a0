using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Organization;

public class OrganizationCreatePlanTests
{
    [Fact]
    public void The_plan_shows_each_field_the_POST_carries_with_its_JSON_value()
    {
        var change = Changes.Set(("Name", "Contoso \"HQ\""), ("AuthDomain", "contoso.cloudflareaccess.com"), ("SessionDuration", "24h"));

        OrganizationCreatePlan plan = OrganizationCreatePlan.For(change, Harness.Account);

        Assert.Equal(Harness.Account, plan.Scope);
        Assert.Equal(
            new[] { "name: \"Contoso \\u0022HQ\\u0022\"", "auth_domain: \"contoso.cloudflareaccess.com\"", "session_duration: \"24h\"" },
            plan.Fields);
        Assert.Equal(plan.Body.Count, plan.Fields.Count);
        Assert.Equal("24h", plan.Body["session_duration"]!.GetValue<string>());
    }

    [Fact]
    public void The_body_is_the_planners_create_body()
    {
        var fields = new[] { ("Name", (object?)"Contoso"), ("AuthDomain", "contoso.cloudflareaccess.com") };

        OrganizationCreatePlan plan = OrganizationCreatePlan.For(Changes.Set(fields), Harness.Zone);
        JsonObject expected = OrganizationPlanner.BuildCreateBody(Changes.Set(fields), Harness.Zone, out IReadOnlyList<string> notes);

        Assert.True(JsonNode.DeepEquals(expected, plan.Body));
        Assert.Equal(notes, plan.Notes);
    }

    [Fact]
    public void A_create_without_its_required_fields_fails_before_anything_is_sent()
    {
        var error = Assert.Throws<ZtValidationException>(() => OrganizationCreatePlan.For(Changes.Set(("Name", "Contoso")), Harness.Account));

        Assert.Equal("AuthDomain", error.Parameter);
    }
}
