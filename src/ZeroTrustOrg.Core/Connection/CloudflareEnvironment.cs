using System;
using System.Collections;

namespace ZeroTrustOrg.Core.Connection
{
    /// <summary>
    /// The connection settings a runbook or CI job can give through environment variables, named as the official SDKs
    /// name them (docs/cloudflare-api.md#authentication). A parameter the user gave always wins over a variable.
    /// </summary>
    internal sealed class CloudflareEnvironment
    {
        public const string ApiTokenVariable = "CLOUDFLARE_API_TOKEN";
        public const string ApiKeyVariable = "CLOUDFLARE_API_KEY";
        public const string EmailVariable = "CLOUDFLARE_EMAIL";
        public const string AccountIdVariable = "CLOUDFLARE_ACCOUNT_ID";
        public const string ZoneIdVariable = "CLOUDFLARE_ZONE_ID";
        public const string BaseUrlVariable = "CLOUDFLARE_BASE_URL";

        private readonly Func<string, string?> _lookup;

        /// <param name="lookup">A variable's value by its name, or null when it is not set.</param>
        public CloudflareEnvironment(Func<string, string?> lookup)
        {
            _lookup = lookup ?? throw new ArgumentNullException(nameof(lookup));
        }

        /// <param name="variables">Variables by name, as <see cref="Environment.GetEnvironmentVariables()"/> gives them.</param>
        public CloudflareEnvironment(IDictionary variables)
            : this(name => variables.Contains(name) ? variables[name]?.ToString() : null)
        {
        }

        /// <summary>This process's environment, read when a setting is asked for.</summary>
        public static CloudflareEnvironment OfProcess() => new CloudflareEnvironment(Environment.GetEnvironmentVariable);

        /// <summary>The account id given, else CLOUDFLARE_ACCOUNT_ID; trimmed, null when neither has one.</summary>
        public string? AccountId(string? given) => FirstNonEmpty(given, _lookup(AccountIdVariable));

        /// <summary>The zone id given, else CLOUDFLARE_ZONE_ID; trimmed, null when neither has one.</summary>
        public string? ZoneId(string? given) => FirstNonEmpty(given, _lookup(ZoneIdVariable));

        /// <summary>The API address given, else CLOUDFLARE_BASE_URL; trimmed, null for the default address.</summary>
        public string? BaseUri(string? given) => FirstNonEmpty(given, _lookup(BaseUrlVariable));

        /// <summary>
        /// The credential when no parameter gave one: CLOUDFLARE_API_TOKEN, else CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL.
        /// Without either, a validation error that names every way to give one: Connect-ZtAccount never prompts, so an
        /// unattended job fails fast instead of hanging. <paramref name="source"/> says where the credential came from.
        /// </summary>
        public ZtCredential Credential(out string source)
        {
            string? token = _lookup(ApiTokenVariable);
            if (!string.IsNullOrWhiteSpace(token))
            {
                source = $"Using the API token from {ApiTokenVariable}.";
                return ZtCredential.FromToken(ZtCredential.ToSecureString(token!), ApiTokenVariable);
            }

            string? key = _lookup(ApiKeyVariable);
            string? email = _lookup(EmailVariable);
            if (!string.IsNullOrWhiteSpace(key) && !string.IsNullOrWhiteSpace(email))
            {
                source = $"Using the global API key from {ApiKeyVariable} and {EmailVariable}.";
                return ZtCredential.FromGlobalKey(email!, ZtCredential.ToSecureString(key!), ApiKeyVariable, EmailVariable);
            }

            throw new ZtValidationException("ApiToken",
                "No Cloudflare credential was given: pass -ApiToken, -Credential, or -ApiKey with -Email, or set CLOUDFLARE_API_TOKEN " +
                "(or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL). Connect-ZtAccount never prompts, so unattended jobs fail fast instead of hanging.",
                "In a runbook: Connect-ZtAccount -ApiToken (Get-AutomationVariable -Name 'CloudflareToken' | ConvertTo-SecureString -AsPlainText -Force). " +
                "Try the module without an account: Connect-ZtAccount -Emulator.");
        }

        /// <summary>The first value that is not empty or white space, trimmed.</summary>
        private static string? FirstNonEmpty(params string?[] values)
        {
            foreach (string? value in values)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value!.Trim();
                }
            }

            return null;
        }
    }
}
