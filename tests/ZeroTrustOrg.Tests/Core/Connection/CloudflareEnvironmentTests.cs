using System.Collections;
using Xunit;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Connection;

namespace ZeroTrustOrg.Tests.Core.Connection;

public class CloudflareEnvironmentTests
{
    private static CloudflareEnvironment With(params (string Name, string Value)[] variables)
    {
        var table = new Hashtable();
        foreach (var (name, value) in variables)
        {
            table[name] = value;
        }

        return new CloudflareEnvironment(table);
    }

    [Fact]
    public void A_given_id_wins_over_the_variable_and_both_are_trimmed()
    {
        CloudflareEnvironment environment = With(("CLOUDFLARE_ACCOUNT_ID", " from-env "), ("CLOUDFLARE_ZONE_ID", "zone-env"), ("CLOUDFLARE_BASE_URL", " http://127.0.0.1:8787/client/v4 "));

        Assert.Equal("given", environment.AccountId(" given "));
        Assert.Equal("from-env", environment.AccountId(null));
        Assert.Equal("from-env", environment.AccountId("   "));
        Assert.Equal("zone-env", environment.ZoneId(string.Empty));
        Assert.Equal("http://127.0.0.1:8787/client/v4", environment.BaseUri(null));
    }

    [Fact]
    public void Unset_or_blank_variables_give_nothing()
    {
        CloudflareEnvironment environment = With(("CLOUDFLARE_ZONE_ID", "  "));

        Assert.Null(environment.AccountId(null));
        Assert.Null(environment.ZoneId(null));
        Assert.Null(environment.BaseUri(null));
    }

    [Fact]
    public void The_token_wins_over_a_global_key()
    {
        CloudflareEnvironment environment = With(("CLOUDFLARE_API_TOKEN", "tok-123"), ("CLOUDFLARE_API_KEY", "key"), ("CLOUDFLARE_EMAIL", "admin@example.com"));

        using ZtCredential credential = environment.Credential(out string source);

        Assert.Equal(ZtAuthType.ApiToken, credential.AuthType);
        Assert.Equal("Using the API token from CLOUDFLARE_API_TOKEN.", source);
        Assert.DoesNotContain("tok-123", source);
    }

    [Fact]
    public void A_blank_token_falls_back_to_the_global_key_with_its_email()
    {
        CloudflareEnvironment environment = With(("CLOUDFLARE_API_TOKEN", " "), ("CLOUDFLARE_API_KEY", "key"), ("CLOUDFLARE_EMAIL", " admin@example.com "));

        using ZtCredential credential = environment.Credential(out string source);

        Assert.Equal(ZtAuthType.GlobalApiKey, credential.AuthType);
        Assert.Equal("admin@example.com", credential.Email);
        Assert.Equal("Using the global API key from CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL.", source);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("key", null)]
    [InlineData(null, "admin@example.com")]
    public void Without_a_complete_credential_the_error_names_every_way_to_give_one(string? key, string? email)
    {
        var variables = new Dictionary<string, string?> { ["CLOUDFLARE_API_KEY"] = key, ["CLOUDFLARE_EMAIL"] = email };
        var environment = new CloudflareEnvironment(name => variables.TryGetValue(name, out string? value) ? value : null);

        var error = Assert.Throws<ZtValidationException>(() => environment.Credential(out _));

        Assert.Equal("ApiToken", error.Parameter);
        foreach (string way in new[] { "-ApiToken", "-Credential", "-ApiKey", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL", "never prompts" })
        {
            Assert.Contains(way, error.Message);
        }

        Assert.Contains("Connect-ZtAccount -Emulator", error.RecommendedAction);
    }

    [Fact]
    public void A_bad_email_is_blamed_on_its_variable()
    {
        CloudflareEnvironment environment = With(("CLOUDFLARE_API_KEY", "key"), ("CLOUDFLARE_EMAIL", "not-an-address"));

        var error = Assert.Throws<ZtValidationException>(() => environment.Credential(out _));

        Assert.Equal("CLOUDFLARE_EMAIL", error.Parameter);
    }

    [Fact]
    public void The_process_environment_is_read_when_asked()
    {
        string name = "CLOUDFLARE_ZONE_ID";
        string? before = Environment.GetEnvironmentVariable(name);
        CloudflareEnvironment environment = CloudflareEnvironment.OfProcess();
        try
        {
            Environment.SetEnvironmentVariable(name, "zone-from-process");
            Assert.Equal("zone-from-process", environment.ZoneId(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, before);
        }
    }
}
