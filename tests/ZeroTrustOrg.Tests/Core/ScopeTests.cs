using Xunit;
namespace ZeroTrustOrg.Tests.Core;

public class ScopeTests
{
    private const string Id = "699d98642c564d2e855e9661899b7252";

    [Fact]
    public void Account_ids_are_normalised_to_lower_case_and_build_the_path()
    {
        var scope = ZtScope.Account(Id.ToUpperInvariant());
        Assert.Equal(Id, scope.Id);
        Assert.Equal("accounts/" + Id, scope.PathPrefix);
        Assert.True(scope.IsAccount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("699d98642c564d2e855e9661899b725")]
    [InlineData("699d98642c564d2e855e9661899b72520")]
    [InlineData("myteam.cloudflareaccess.com")]
    [InlineData("699d98642c564d2e855e9661899b725g")]
    public void Bad_ids_fail_naming_the_parameter(string id)
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtScope.Zone(id));
        Assert.Equal("ZoneId", ex.Parameter);
        Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
    }

    [Fact]
    public void Account_and_zone_together_are_refused()
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtScope.Resolve(Id, "023e105f4ecef8ad9ca31a8372d0c353", null));
        Assert.Contains("mutually exclusive", ex.Message);
    }

    [Fact]
    public void Without_ids_the_fallback_is_used_and_without_fallback_it_says_how_to_fix()
    {
        var fallback = ZtScope.Zone("023e105f4ecef8ad9ca31a8372d0c353");
        Assert.Same(fallback, ZtScope.Resolve(null, "", fallback));
        var ex = Assert.Throws<ZtValidationException>(() => ZtScope.Resolve(null, null, null));
        Assert.Contains("Connect-ZtAccount", ex.RecommendedAction);
    }
}
