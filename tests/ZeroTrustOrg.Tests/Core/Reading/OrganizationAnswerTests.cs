using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core.Reading;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core.Reading;

public class OrganizationAnswerTests
{
    [Fact]
    public void An_account_answer_gets_the_account_id_and_keeps_the_raw_answer_as_its_read_state()
    {
        var raw = new JsonObject { ["name"] = "Contoso", ["auth_domain"] = "contoso.cloudflareaccess.com" };

        ZtOrganization organization = OrganizationAnswer.Read(raw, Harness.Account);

        Assert.Equal("Contoso", organization.Name);
        Assert.Equal(Harness.Account.Id, organization.AccountId);
        Assert.Null(organization.ZoneId);
        Assert.True(JsonNode.DeepEquals(raw, organization.ReadState));
        Assert.NotSame(raw, organization.ReadState);
    }

    [Fact]
    public void A_zone_answer_gets_the_zone_id()
    {
        ZtOrganization organization = OrganizationAnswer.Read(new JsonObject { ["name"] = "Contoso" }, Harness.Zone);

        Assert.Equal(Harness.Zone.Id, organization.ZoneId);
        Assert.Null(organization.AccountId);
    }

    [Fact]
    public void An_odd_value_is_named_in_the_drift_and_kept_as_it_came()
    {
        var raw = new JsonObject { ["name"] = "Contoso", ["allow_authenticate_via_warp"] = "false" };
        var drift = new List<string>();

        ZtOrganization organization = OrganizationAnswer.Read(raw, Harness.Account, drift);

        Assert.False(organization.AllowAuthenticateViaWarp);
        Assert.Contains(drift, d => d.Contains("allow_authenticate_via_warp"));
        Assert.Equal("false", organization.ReadState!["allow_authenticate_via_warp"]!.GetValue<string>());
    }
}
