using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZeroTrustOrg.Core.Organization;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// The organization fields both New- and Set-ZtOrganization take. Each parameter is named after the API
    /// field in PascalCase, which is also how Core's field table names it, so binding is one loop.
    /// Name and AuthDomain live in the derived cmdlets (mandatory for New, optional for Set).
    /// </summary>
    public abstract class OrganizationFieldsCmdlet : ZtConnectedCmdlet
    {
        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.AccountSet)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string AccountId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ScopeParameters.ZoneSet)]
        [ArgumentCompleter(typeof(ScopeIdCompleter))]
        public string ZoneId { get; set; } = null!;

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [GoDurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public string? SessionDuration { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [GoDurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public string? UserSeatExpirationInactiveTime { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        [GoDurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public string? WarpAuthSessionDuration { get; set; }

        [Parameter]
        public SwitchParameter AllowAuthenticateViaWarp { get; set; }

        [Parameter]
        public SwitchParameter AutoRedirectToIdentity { get; set; }

        [Parameter]
        public SwitchParameter DenyUnmatchedRequests { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? DenyUnmatchedRequestsExemptedZoneNames { get; set; }

        [Parameter]
        public SwitchParameter IsUiReadOnly { get; set; }

        [Parameter]
        [AllowNull]
        [AllowEmptyString]
        public string? UiReadOnlyToggleReason { get; set; }

        [Parameter]
        public SwitchParameter WarpAuthNonBrowser401 { get; set; }

        [Parameter]
        public SwitchParameter StrictServiceTokenAuth { get; set; }

        [Parameter]
        public SwitchParameter MfaRequiredForAllApps { get; set; }

        /// <summary>Hashtable with BackgroundColor, TextColor, LogoPath, HeaderText, FooterText; merges key by key, $null clears a key.</summary>
        [Parameter]
        [AllowNull]
        public object? LoginDesign { get; set; }

        /// <summary>Hashtable with AllowedAuthenticators, SessionDuration, AmrMatchingSessionDuration, RequiredAaguids.</summary>
        [Parameter]
        [AllowNull]
        public object? MfaConfig { get; set; }

        /// <summary>Shorthand for MfaConfig.AllowedAuthenticators, with tab completion.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AuthenticatorCompleter))]
        public string[]? MfaAllowedAuthenticators { get; set; }

        /// <summary>Hashtable with PinPolicy, TouchPolicy, RequireFipsDevice, SshKeyType, SshKeySize.</summary>
        [Parameter]
        [AllowNull]
        public object? MfaPivKeyRequirements { get; set; }

        /// <summary>Hashtable with Action (disable|delete), Enabled, InactivityThresholdDays (30-365).</summary>
        [Parameter]
        [AllowNull]
        public object? ServiceTokenInactivity { get; set; }

        /// <summary>Turns the bound field parameters into a change, in the order the user gave them.</summary>
        private protected OrganizationChange AddBoundFields(OrganizationChange change)
        {
            foreach (KeyValuePair<string, object> bound in MyInvocation.BoundParameters.Where(p => IsFieldParameter(p.Key)))
            {
                change.Set(bound.Key, PsValues.ToPlain(bound.Value), bound.Key);
            }

            if (MfaAllowedAuthenticators != null)
            {
                change.MergeObject("mfa_config", new Dictionary<string, object?> { ["allowed_authenticators"] = MfaAllowedAuthenticators }, nameof(MfaAllowedAuthenticators));
            }

            return change;
        }

        private static bool IsFieldParameter(string name) =>
            name != nameof(AccountId) && name != nameof(ZoneId) && Core.Organization.OrganizationFields.Find(name) is { ReadOnly: false };
    }
}
