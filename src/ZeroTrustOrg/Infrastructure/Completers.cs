using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Completes from a fixed list, matching what was typed as a prefix (case-insensitive).</summary>
    public abstract class FixedListCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<(string Value, string Tooltip)> Values { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            var matches = Values.Where(v => pattern.IsMatch(v.Value))
                .Select(v => new CompletionResult(v.Value.Contains(" ") ? "'" + v.Value + "'" : v.Value, v.Value, CompletionResultType.ParameterValue, v.Tooltip))
                .ToList();
            return matches.Count > 0 ? matches : NoSuggestion.For(wordToComplete, Hint);
        }

        /// <summary>Shown when nothing in the list matches what was typed.</summary>
        protected abstract string Hint { get; }
    }

    /// <summary>
    /// PowerShell offers file paths when a completer returns nothing, which is never right for an id or a rate.
    /// This keeps what was typed (or an empty string) and shows what the parameter wants instead.
    /// </summary>
    internal static class NoSuggestion
    {
        public static IEnumerable<CompletionResult> For(string? wordToComplete, string hint)
        {
            string typed = string.IsNullOrEmpty(wordToComplete) ? "''" : wordToComplete!;
            return new[] { new CompletionResult(typed, hint, CompletionResultType.ParameterValue, hint) };
        }
    }

    /// <summary>Budgets for -RateLimit: Cloudflare's own limit, and shares that leave room for other tools.</summary>
    public sealed class RateLimitCompleter : FixedListCompleter
    {
        protected override string Hint => "requests/window, e.g. 600/300s";

        protected override IEnumerable<(string Value, string Tooltip)> Values => new[]
        {
            ("1200/300s", "Cloudflare's limit: 1200 requests per 5 minutes per credential"),
            ("600/300s", "Half the limit, leaving room for the dashboard and other tools"),
            ("300/300s", "A quarter of the limit, for a credential shared by many jobs"),
        };
    }

    /// <summary>
    /// -ServiceTokenId takes a service token's id. The one linked to DoH, as last read in this session, is the only
    /// id the module knows without a request; otherwise the hint says where to find one.
    /// </summary>
    public sealed class ServiceTokenIdCompleter : IArgumentCompleter
    {
        private static string? _lastSeen;

        internal static void Remember(ZtDohSetting setting)
        {
            if (!string.IsNullOrEmpty(setting.Id))
            {
                _lastSeen = setting.Id;
            }
        }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            string? known = _lastSeen;
            if (known != null && known.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase))
            {
                return new[] { new CompletionResult(known, known, CompletionResultType.ParameterValue, "The service token DoH used when last read (Get-ZtDohSetting)") };
            }

            return NoSuggestion.For(wordToComplete, "The service token's id (a UUID, not its Client ID): Zero Trust > Access > Service credentials");
        }
    }

    /// <summary>docs/cloudflare-api.md#nested-objects: the MFA authenticator enum.</summary>
    public sealed class AuthenticatorCompleter : FixedListCompleter
    {
        protected override string Hint => "totp, biometrics, security_key, piv_key or ssh_fido2_key";

        protected override IEnumerable<(string Value, string Tooltip)> Values => new[]
        {
            ("totp", "Authenticator app codes (TOTP)"),
            ("biometrics", "Platform biometrics (Touch ID, Windows Hello)"),
            ("security_key", "FIDO2 security key"),
            ("piv_key", "Hardware PIV key (infrastructure apps only)"),
            ("ssh_fido2_key", "FIDO2 SSH key (infrastructure apps only)"),
        };
    }

    /// <summary>Common Go durations, so users see the syntax as they type.</summary>
    public sealed class DurationCompleter : FixedListCompleter
    {
        protected override string Hint => "A Go duration such as 30m, 12h or 720h";

        protected override IEnumerable<(string Value, string Tooltip)> Values => new[]
        {
            ("30m", "30 minutes"), ("1h", "1 hour"), ("8h", "8 hours"), ("12h", "12 hours"), ("24h", "1 day"),
            ("168h", "1 week"), ("720h", "30 days"), ("730h", "1 month (minimum seat expiry)"), ("8760h", "1 year"),
        };
    }

    /// <summary>Offers the ids the session's default context knows; Cloudflare ids are hard to type.</summary>
    public sealed class ScopeIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            ZtContext? context = ZtCmdlet.DefaultContext;
            string? id = parameterName == "ZoneId" ? context?.ZoneId : context?.AccountId;
            if (id != null && id.StartsWith((wordToComplete ?? string.Empty).Trim('\'', '"'), System.StringComparison.OrdinalIgnoreCase))
            {
                return new[] { new CompletionResult(id, id, CompletionResultType.ParameterValue, parameterName + " of the current context") };
            }

            return NoSuggestion.For(wordToComplete, $"The {(parameterName == "ZoneId" ? "zone" : "account")} id: 32 hex characters from the Cloudflare dashboard");
        }
    }
}
