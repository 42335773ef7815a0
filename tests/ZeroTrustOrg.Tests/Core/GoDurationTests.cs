using Xunit;
using ZeroTrustOrg.Core;
namespace ZeroTrustOrg.Tests.Core;

public class GoDurationTests
{
    [Theory]
    [InlineData("24h", 24 * 3600)]
    [InlineData("2h45m", 2 * 3600 + 45 * 60)]
    [InlineData("1.5h", 5400)]
    [InlineData(".5h", 1800)]
    [InlineData("1h30m15s", 5415)]
    [InlineData("0", 0)]
    [InlineData("300ms", 0.3)]
    [InlineData("730h", 730 * 3600)]
    [InlineData("+10m", 600)]
    public void Accepts_go_syntax(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out TimeSpan value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("7d", "168h")]
    [InlineData("24", "no unit")]
    [InlineData("h", "no valid number")]
    [InlineData("1x", "not a duration unit")]
    [InlineData("1..5h", "no valid number")]
    [InlineData("-", "no number")]
    public void Rejects_what_go_rejects_with_a_reason(string text, string reason)
    {
        Assert.False(GoDuration.TryParse(text, out _, out _, out string? error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Reports_units_used_so_fields_can_restrict_them()
    {
        Assert.True(GoDuration.TryParse("1h30m10s", out _, out var units, out _));
        Assert.True(units.SetEquals(new[] { "h", "m", "s" }));
        Assert.True(GoDuration.TryParse("5\u00b5s", out _, out var micro, out _));
        Assert.Contains("us", micro);
    }

    [Theory]
    [InlineData(12 * 3600, "12h")]
    [InlineData(90 * 60, "1h30m")]
    [InlineData(45, "45s")]
    [InlineData(0, "0s")]
    public void Formats_timespans_as_go_durations_that_parse_back(double seconds, string expected)
    {
        string text = GoDuration.Format(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, text);
        Assert.True(GoDuration.TryParse(text, out TimeSpan back));
        Assert.Equal(seconds, back.TotalSeconds);
    }
}
