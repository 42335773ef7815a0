using System.Net;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core;

/// <summary>Where Revoke-ZtUser finds the address: the first non-empty of Email, Mail, EmailAddress, then UPN.</summary>
public class UserAddressTests
{
    private static Func<string, object?> Row(params (string Name, object? Value)[] properties) =>
        name => properties.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

    [Fact]
    public void A_blank_Email_falls_through_to_Mail()
    {
        UserAddress? address = UserAddress.Pick(Row(("Email", ""), ("Mail", "alice@example.com"), ("UserPrincipalName", "alice.upn@corp.example.com")));
        Assert.Equal("alice@example.com", address!.Address);
        Assert.Equal("Mail", address.Source);
        Assert.False(address.IsUserPrincipalName);
    }

    [Fact]
    public void Whitespace_and_null_count_as_empty()
    {
        UserAddress? address = UserAddress.Pick(Row(("Email", "   "), ("Mail", null), ("EmailAddress", "\t"), ("UserPrincipalName", "bob@corp.example.com")));
        Assert.Equal("UserPrincipalName", address!.Source);
        Assert.True(address.IsUserPrincipalName);
    }

    [Fact]
    public void The_order_is_Email_Mail_EmailAddress_then_UserPrincipalName()
    {
        Assert.Equal(new[] { "Email", "Mail", "EmailAddress", "UserPrincipalName" }, UserAddress.PropertyOrder);
        Assert.Equal("EmailAddress", UserAddress.Pick(Row(("EmailAddress", "c@example.com"), ("UserPrincipalName", "c@corp.example.com")))!.Source);
    }

    [Fact]
    public void The_address_is_trimmed()
    {
        Assert.Equal("dan@example.com", UserAddress.Pick(Row(("Mail", "  dan@example.com ")))!.Address);
    }

    [Fact]
    public void A_row_with_nothing_gives_no_address_and_a_specific_error()
    {
        Assert.Null(UserAddress.Pick(Row(("Email", ""), ("DisplayName", "Erin"))));
        ZtValidationException error = UserAddress.Missing("input row 3");
        Assert.Equal("Email", error.Parameter);
        Assert.StartsWith("No address to revoke: input row 3", error.Message);
    }

    [Fact]
    public void A_row_that_was_not_sent_is_failed_with_an_error_or_skipped_without_one()
    {
        ZtScope scope = ZtScope.Account("699d98642c564d2e855e9661899b7252");
        ZtRevokeResult failed = ZtRevokeResult.NotSent("", scope, null, UserAddress.Missing("input row 1"), isEmulator: true);
        ZtRevokeResult skipped = ZtRevokeResult.NotSent("f@example.com", scope, "Mail", null, isEmulator: false);

        Assert.Equal("Failed", failed.Status);
        Assert.True(failed.IsFailure);
        Assert.True(failed.IsEmulator);
        Assert.Equal("Skipped", skipped.Status);
        Assert.False(skipped.IsFailure);
        Assert.False(skipped.Revoked);
        Assert.Equal("Mail", skipped.EmailSource);
    }
}

/// <summary>Progress a few times a second, never once per user; the last update always shows.</summary>
public class ProgressThrottleTests
{
    [Fact]
    public void A_fast_run_of_a_thousand_updates_in_one_second_shows_a_handful()
    {
        var clock = new VirtualClock();
        var throttle = new ProgressThrottle(clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        int shown = 0;
        for (int done = 1; done <= 1000; done++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            if (throttle.ShouldShow(done, 1000, isLast: done == 1000))
            {
                shown++;
            }
        }

        Assert.InRange(shown, 4, 6);
        Assert.Equal(shown, throttle.Shown);
    }

    [Fact]
    public void The_last_update_shows_even_inside_the_interval()
    {
        var clock = new VirtualClock();
        var throttle = new ProgressThrottle(clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(throttle.ShouldShow(1, 2));
        Assert.False(throttle.ShouldShow(2, 3));
        Assert.True(throttle.ShouldShow(3, 3, isLast: true));
    }

    [Fact]
    public void A_short_small_run_shows_nothing_but_a_large_known_total_shows_at_once()
    {
        var clock = new VirtualClock();
        Assert.False(new ProgressThrottle(clock).ShouldShow(1, 5));
        Assert.False(new ProgressThrottle(clock).ShouldShow(1, 0));
        Assert.True(new ProgressThrottle(clock).ShouldShow(1, 300));
    }

    [Theory]
    [InlineData(0, 300, 0)]
    [InlineData(150, 300, 50)]
    [InlineData(300, 300, 100)]
    [InlineData(5, 0, -1)]
    public void Percent_is_known_only_with_a_total(int done, int total, int expected)
    {
        Assert.Equal(expected, ProgressThrottle.Percent(done, total));
    }
}

/// <summary>Error text leads with the meaning; the Cloudflare code, request and cf-ray follow on their own lines.</summary>
public class ErrorMeaningTests
{
    private const string Url = "https://api.cloudflare.com/client/v4/accounts/699d98642c564d2e855e9661899b7252/access/organizations";

    [Fact]
    public void An_api_error_says_its_meaning_first_then_code_then_request_and_ray()
    {
        var failure = new ZtApiException(HttpStatusCode.BadRequest, new[] { new ZtApiError(7003, "Could not route to /client/v4/accounts/x") }, "GET", Url, "8c4f2a9b1d3e5f60-AMS");

        ZtErrorInfo info = ZtErrorInfo.Describe(failure);
        string[] lines = info.Message.Split(Environment.NewLine);

        Assert.Equal("Cloudflare does not know that account or zone.", lines[0]);
        Assert.Equal("Cloudflare error 7003: Could not route to /client/v4/accounts/x", lines[1]);
        Assert.Equal($"GET {Url} -> 400 BadRequest, cf-ray 8c4f2a9b1d3e5f60-AMS", lines[2]);
        Assert.DoesNotContain("Cloudflare", info.RecommendedAction.Split('.')[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, 1000, "Cloudflare did not accept the credential.")]
    [InlineData(403, 10000, "The token lacks the permission for this call.")]
    [InlineData(429, 971, "The credential is over Cloudflare's rate limit.")]
    [InlineData(503, 0, "Cloudflare had a server-side problem.")]
    public void Each_meaning_is_one_short_sentence(int status, int code, string meaning)
    {
        var errors = code == 0 ? Array.Empty<ZtApiError>() : new[] { new ZtApiError(code, "x") };
        ZtErrorInfo info = ZtErrorInfo.Describe(new ZtApiException((HttpStatusCode)status, errors, "GET", Url, null));
        Assert.Equal(meaning, info.Meaning);
        Assert.True(info.Meaning.Length < 72, "the meaning fits the first line at 80 columns");
    }

    [Fact]
    public void An_input_error_is_its_own_message_with_no_detail_lines()
    {
        ZtErrorInfo info = ZtErrorInfo.Describe(new ZtValidationException("Email", "-Email 'x' is not an email address.", "Fix it."));
        Assert.Equal("-Email 'x' is not an email address.", info.Message);
        Assert.Empty(info.Details);
    }

    [Fact]
    public void A_transport_failure_gives_its_meaning_then_the_request()
    {
        ZtErrorInfo info = ZtErrorInfo.Describe(new ZtTransportException("GET", Url, timedOut: true, attempts: 3, inner: null));
        Assert.Equal("Cloudflare did not answer in time.", info.Meaning);
        Assert.StartsWith("GET " + Url, info.Details[0], StringComparison.Ordinal);
    }
}

/// <summary>Set-ZtDohSetting compares before it writes.</summary>
public class DohChangeTests
{
    private static readonly ZtDohSetting Current = new() { Id = "5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24", DohJwtDuration = "24h" };

    [Fact]
    public void The_same_values_are_no_change()
    {
        Assert.Empty(new DohSettingChange("24h", "5F3C8A2E-9D41-4B7A-A6E2-3C1D0B9F7E24").DifferencesFrom(Current));
    }

    [Fact]
    public void The_same_length_of_time_written_differently_is_no_change()
    {
        Assert.Empty(new DohSettingChange("1440m", null).DifferencesFrom(Current));
    }

    [Fact]
    public void A_new_duration_shows_old_and_new()
    {
        var difference = Assert.Single(new DohSettingChange("36h", null).DifferencesFrom(Current));
        Assert.Equal("DohJwtDuration: 24h -> 36h", difference.ToString());
    }

    [Fact]
    public void Without_current_settings_everything_given_is_a_change()
    {
        var differences = new DohSettingChange("24h", "5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24").DifferencesFrom(null);
        Assert.Equal(new[] { "DohJwtDuration: (not set) -> 24h", "ServiceTokenId: (not set) -> 5f3c8a2e-9d41-4b7a-a6e2-3c1d0b9f7e24" }, differences.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Reading_DoH_that_is_set_up_gives_the_settings_and_not_configured_is_recognised()
    {
        // The seed links a DoH service token; an emulator seeded without one answers doh_not_configured.
        using var harness = new Harness();
        ZtScope scope = ZtScope.Account(harness.Engine.Options.AccountId);
        Assert.NotNull(await harness.Client.TryGetDohSettingAsync(scope));
        var failure = new ZtApiException(HttpStatusCode.NotFound, new[] { new ZtApiError(12133, "access.api.error.doh_not_configured: no service token") }, "GET", "x", null);
        Assert.Equal("ZtDohNotConfigured", ZtErrorInfo.Describe(failure).ErrorId);
    }
}

/// <summary>The manifest admits 7.0 to 7.3 because it admits 5.1; those get a warning.</summary>
public class SupportedPowerShellTests
{
    [Theory]
    [InlineData("7.0.3")]
    [InlineData("7.2.24")]
    [InlineData("7.3.12")]
    public void PowerShell_7_before_7_4_gets_a_warning(string version)
    {
        string? warning = SupportedPowerShell.Warning(Version.Parse(version));
        Assert.NotNull(warning);
        Assert.Contains("not supported", warning, StringComparison.Ordinal);
        Assert.Contains("7.4", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5.1.22621")]
    [InlineData("7.4.0")]
    [InlineData("7.6.9")]
    public void Supported_versions_get_none(string version)
    {
        Assert.Null(SupportedPowerShell.Warning(Version.Parse(version)));
    }
}
