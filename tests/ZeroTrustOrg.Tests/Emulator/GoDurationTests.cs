using ZeroTrustOrg.Emulator;
using Xunit;

namespace ZeroTrustOrg.Tests.Emulator;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("5s", 5_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("-1.5h", -5_400_000_000_000L)]
    [InlineData(".5m", 30_000_000_000L)]
    [InlineData("1.m", 60_000_000_000L)]
    [InlineData("300ms", 300_000_000L)]
    [InlineData("1us", 1_000L)]
    [InlineData("1\u00b5s", 1_000L)]
    [InlineData("1\u03bcs", 1_000L)]
    [InlineData("2h45m30.5s", 9_930_500_000_000L)]
    [InlineData("1h1h", 7_200_000_000_000L)]
    [InlineData("0.000000001s", 1L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    public void Parses_like_go(string text, long nanoseconds)
    {
        Assert.True(ZeroTrustOrg.Emulator.GoDuration.TryParse(text, out var duration, out string? error), error);
        Assert.Equal(nanoseconds, duration.Nanoseconds);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("1", "time: missing unit in duration \"1\"")]
    [InlineData("7d", "time: unknown unit \"d\" in duration \"7d\"")]
    [InlineData("1hm", "time: unknown unit \"hm\" in duration \"1hm\"")]
    [InlineData("1H", "time: unknown unit \"H\" in duration \"1H\"")]
    [InlineData("h", "time: invalid duration \"h\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("1h 30m", "time: unknown unit \"h \" in duration \"1h 30m\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    public void Rejects_what_go_rejects_with_gos_message(string text, string message)
    {
        Assert.False(ZeroTrustOrg.Emulator.GoDuration.TryParse(text, out _, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Reports_the_units_as_written()
    {
        ZeroTrustOrg.Emulator.GoDuration.TryParse("1h30m15s", out var duration, out _);

        Assert.Equal(new[] { "h", "m", "s" }, duration.Units);
    }
}
