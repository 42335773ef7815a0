using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Organization;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Tests.Support;

namespace ZeroTrustOrg.Tests.Core;

/// <summary>What input may reach a header, a request or a message, and how numbers from users and servers are read.</summary>
public class InputRulesTests
{
    private const string Token = "tokenValue0123456789abcdefABCDEF0123456789";

    [Theory]
    [InlineData("a@b.com\r\nX-Evil: 1", "U+000D")]
    [InlineData("a@b.com\nX-Evil: 1", "U+000A")]
    [InlineData("a\0@b.com", "U+0000")]
    [InlineData("a\u200B@b.com", "U+200B")]
    [InlineData("jürgen@example.com", "U+00FC")]
    public void Header_values_refuse_control_and_non_ascii_characters_by_code_point(string value, string codePoint)
    {
        var ex = Assert.Throws<ZtValidationException>(() => InputText.RequireHeaderSafe(value, "Email", "-Email"));

        Assert.Equal("Email", ex.Parameter);
        Assert.Contains(codePoint, ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_global_key_email_from_the_environment_is_checked_under_the_variable_name()
    {
        var ex = Assert.Throws<ZtValidationException>(() =>
            ZtCredential.FromGlobalKey("a@b.com\nX-Evil: 1", ZtCredential.ToSecureString(Token), "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"));

        Assert.Equal("CLOUDFLARE_EMAIL", ex.Parameter);
    }

    [Fact]
    public void A_token_with_a_non_ascii_character_is_refused_without_repeating_it()
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtCredential.FromToken(ZtCredential.ToSecureString(Token + "é")));

        Assert.Contains("non-ASCII", ex.Message);
        Assert.DoesNotContain(Token, ex.Message);
    }

    [Theory]
    [InlineData("jane\u200B@example.com")]
    [InlineData("jane\0@example.com")]
    [InlineData("jane@exämple.com")]
    public void Emails_to_revoke_follow_the_header_character_rules(string email)
    {
        var ex = Assert.Throws<ZtValidationException>(() => new RevokeUserRequest(email));

        Assert.Equal("Email", ex.Parameter);
    }

    [Fact]
    public void Validation_messages_escape_line_breaks_from_input()
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtScope.Account("abc\r\nWARNING: forged"));

        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("abc\\r\\nW", ex.Message);
    }

    [Fact]
    public void A_token_pasted_into_an_id_is_shown_only_in_part()
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtScope.Account(Token));

        Assert.DoesNotContain(Token, ex.Message);
        Assert.Contains($"({Token.Length} characters)", ex.Message);
    }

    [Theory]
    [InlineData("http://admin:hunter2secret@10.0.0.5/client/v4")]
    [InlineData("https://admin:hunter2secret@api.example.com/client/v4")]
    public void A_password_in_the_base_uri_is_never_repeated(string uri)
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtConnectionSettings.ValidateBaseUri(uri));

        Assert.DoesNotContain("hunter2secret", ex.Message);
        Assert.Contains("user name or password", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8787/client\r\n/v4")]
    [InlineData("http://127.0.0.1:8787/client/v4\n")]
    public void A_base_uri_with_a_line_break_is_refused(string uri)
    {
        var ex = Assert.Throws<ZtValidationException>(() => ZtConnectionSettings.ValidateBaseUri(uri));

        Assert.Equal("BaseUri", ex.Parameter);
    }

    [Theory]
    [InlineData("http://10.0.0.5:3128", "http://127.0.0.1:8787/client/v4", false, false)]
    [InlineData("http://10.0.0.5:3128", "http://127.0.0.1:8787/client/v4", true, true)]
    [InlineData("http://127.0.0.1:3128", "http://127.0.0.1:8787/client/v4", false, true)]
    [InlineData("http://10.0.0.5:3128", "https://api.cloudflare.com/client/v4", false, true)]
    [InlineData("https://proxy.example.com:3129", "http://127.0.0.1:8787/client/v4", false, true)]
    [InlineData("http://user:pw@127.0.0.1:3128", "https://api.cloudflare.com/client/v4", true, false)]
    [InlineData("ftp://proxy.example.com", "https://api.cloudflare.com/client/v4", true, false)]
    public void A_proxy_may_not_carry_the_credential_in_clear_across_a_network_without_opt_in(string proxy, string baseUri, bool allowInsecure, bool accepted)
    {
        Exception? ex = Record.Exception(() => ZtConnectionSettings.ValidateProxy(proxy, new Uri(baseUri), allowInsecure));

        if (accepted)
        {
            Assert.Null(ex);
        }
        else
        {
            Assert.Equal("Proxy", Assert.IsType<ZtValidationException>(ex).Parameter);
            Assert.DoesNotContain(":pw@", ex!.Message);
        }
    }

    [Theory]
    [InlineData("１２h")]
    [InlineData("٣h")]
    [InlineData("1٣h")]
    [InlineData("1h٣m")]
    public void Durations_with_non_ascii_digits_are_refused_not_thrown(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _, out _, out string? error));
        Assert.Contains("non-ASCII digit", error);

        var ex = Assert.Throws<ZtValidationException>(() => OrganizationPlanner.Validate(Changes.Set(("SessionDuration", text)), Harness.Account));
        Assert.Equal("SessionDuration", ex.Parameter);
    }

    [Theory]
    [InlineData("100/١٠s")]
    [InlineData("１００/10s")]
    [InlineData("+100/10s")]
    [InlineData("99999999999/10s")]
    [InlineData("100/9999h")]
    [InlineData("100/0s")]
    public void Rate_limits_are_ascii_numbers_in_range(string text)
    {
        var ex = Assert.Throws<ZtValidationException>(() => TransportSettings.ParseRateLimit(text));

        Assert.Equal("RateLimit", ex.Parameter);
    }

    [Fact]
    public void A_rate_limit_in_range_still_parses()
    {
        Assert.Equal((600, TimeSpan.FromMinutes(5)), TransportSettings.ParseRateLimit(" 600/5m "));
    }

    [Theory]
    [InlineData(1e30)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e20)]
    [InlineData(90.5)]
    public void An_absurd_inactivity_threshold_is_a_validation_error(double days)
    {
        var change = new OrganizationChange();
        change.Set("ServiceTokenInactivity", new Dictionary<string, object?> { ["Action"] = "disable", ["Enabled"] = true, ["InactivityThresholdDays"] = days }, "ServiceTokenInactivity");

        var ex = Assert.Throws<ZtValidationException>(() => OrganizationPlanner.Validate(change, Harness.Account));

        Assert.Equal("ServiceTokenInactivity", ex.Parameter);
    }

    [Fact]
    public void An_empty_duration_parameter_is_refused_and_only_null_clears()
    {
        var ex = Assert.Throws<ZtValidationException>(() => OrganizationPlanner.Validate(Changes.Set(("SessionDuration", "")), Harness.Account));
        Assert.Contains("$null", ex.Message);

        OrganizationPlanner.Validate(Changes.Set(("SessionDuration", null)), Harness.Account);
    }

    [Fact]
    public void An_empty_duration_in_desired_state_still_means_clear()
    {
        var change = new OrganizationChange();
        change.AddDesiredState(new JsonObject { ["session_duration"] = "" });
        var current = new JsonObject { ["name"] = "Team", ["auth_domain"] = "team.cloudflareaccess.com", ["session_duration"] = "24h" };

        OrganizationUpdatePlan plan = OrganizationPlanner.PlanUpdate(change, Harness.Account, current);

        Assert.Contains(plan.Differences, d => d.Field == "SessionDuration");
    }

    [Theory]
    [InlineData("Ratelimit", "\"default\";r=5;t=1e13")]
    [InlineData("Ratelimit", "\"default\";r=-5;t=-Infinity")]
    [InlineData("Ratelimit", "\"default\";r=5;t=NaN")]
    [InlineData("x-ratelimit-reset", "1e300")]
    public void Hostile_budget_headers_are_clamped_never_thrown(string name, string value)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(name, value);
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining", "3");

        ServerBudget? budget = RateLimitHeaders.ReadBudget(response, DateTimeOffset.UtcNow);

        Assert.NotNull(budget);
        Assert.InRange(budget!.Value.ResetIn, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.True(budget.Value.Remaining >= 0);
    }

    [Theory]
    [InlineData("Retry-After-Ms", "Infinity")]
    [InlineData("Retry-After-Ms", "1e300")]
    [InlineData("Retry-After", "1e300")]
    [InlineData("Retry-After-Ms", "-Infinity")]
    public void Hostile_retry_after_headers_are_clamped_never_thrown(string name, string value)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.TryAddWithoutValidation(name, value);

        TimeSpan? wait = RateLimitHeaders.ReadRetryAfter(response, DateTimeOffset.UtcNow);

        Assert.NotNull(wait);
        Assert.InRange(wait!.Value, TimeSpan.Zero, TimeSpan.FromDays(1));
    }

    [Fact]
    public void The_connection_secret_is_masked_by_value_in_server_text()
    {
        using var credential = ZtCredential.FromToken(ZtCredential.ToSecureString(Token));

        string text = Redaction.Text($"token {Token} rejected\r\nX-Forged: 1", credential);

        Assert.DoesNotContain(Token, text);
        Assert.Contains("token *** rejected\\r\\nX-Forged: 1", text);
    }

    [Fact]
    public void The_global_key_is_masked_by_value_in_debug_bodies()
    {
        using var credential = ZtCredential.FromGlobalKey("admin@example.com", ZtCredential.ToSecureString(Token));

        string body = Redaction.Body($"{{\"message\":\"X-Auth-Key: {Token}\"}}", 4096, credential);

        Assert.DoesNotContain(Token, body);
    }
}

public class EchoEscapingTests
{
    [Fact]
    public void Differences_escape_line_breaks_in_names_and_values()
    {
        var difference = new FieldDifference("Login\nDesign", "Evil\r\nWARNING: forged", "Hi\u202Eoops");

        Assert.Equal("Login\\nDesign: Evil\\r\\nWARNING: forged -> Hi\\u202eoops", difference.ToString());
    }

    [Fact]
    public void A_token_pasted_as_a_uuid_is_shown_only_in_part()
    {
        const string token = "tokenValue0123456789abcdefABCDEF0123456789";

        var ex = Assert.Throws<ZtValidationException>(() => new RevokeUserRequest("jane@example.com").WithUserUid(token));

        Assert.DoesNotContain(token, ex.Message);
    }
}
