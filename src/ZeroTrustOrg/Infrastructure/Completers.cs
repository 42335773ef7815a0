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
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return Values.Where(v => pattern.IsMatch(v.Value))
                .Select(v => new CompletionResult(v.Value.Contains(" ") ? "'" + v.Value + "'" : v.Value, v.Value, CompletionResultType.ParameterValue, v.Tooltip));
        }
    }

    /// <summary>api-contract §1.3: the MFA authenticator enum.</summary>
    public sealed class AuthenticatorCompleter : FixedListCompleter
    {
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
                yield return new CompletionResult(id, id, CompletionResultType.ParameterValue, parameterName + " of the current context");
            }
        }
    }
}
