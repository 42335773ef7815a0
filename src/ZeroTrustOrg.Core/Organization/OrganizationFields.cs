using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>The organization's fields per scope, from docs/cloudflare-api.md#account-organization-fields (account) and docs/cloudflare-api.md#zone-organization-fields (zone).</summary>
    internal static class OrganizationFields
    {
        private static readonly TimeSpan Hours720 = TimeSpan.FromHours(720);

        public static readonly string[] Authenticators = { "totp", "biometrics", "security_key", "piv_key", "ssh_fido2_key" };

        // docs/cloudflare-api.md#nested-objects: ssh_piv_key was renamed piv_key on 2026-06-17; Terraform v5.22 still sends the old name.
        private static readonly Dictionary<string, string> LegacyAuthenticators = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ssh_piv_key"] = "piv_key",
        };

        public static readonly IReadOnlyList<FieldSpec> All = new[]
        {
            new FieldSpec("name", "Name", FieldKind.Text) { RequiredOnCreate = true },
            new FieldSpec("auth_domain", "AuthDomain", FieldKind.Hostname) { RequiredOnCreate = true },
            new FieldSpec("session_duration", "SessionDuration", FieldKind.Duration) { Writable = ScopeSet.Account },

            // docs/cloudflare-api.md#account-organization-fields and docs/cloudflare-api.md#what-users-of-other-tools-run-into: at least one month (730h), at most one year (8760h).
            new FieldSpec("user_seat_expiration_inactive_time", "UserSeatExpirationInactiveTime", FieldKind.Duration)
            {
                Minimum = TimeSpan.FromHours(730),
                Maximum = TimeSpan.FromHours(8760),
                RuleText = "between 730h (one month) and 8760h (one year)",
            },

            // docs/cloudflare-api.md#account-organization-fields: units m and h only.
            new FieldSpec("warp_auth_session_duration", "WarpAuthSessionDuration", FieldKind.Duration)
            {
                Writable = ScopeSet.Account,
                DurationUnits = new[] { "m", "h" },
            },
            new FieldSpec("allow_authenticate_via_warp", "AllowAuthenticateViaWarp", FieldKind.Boolean) { Writable = ScopeSet.Account },
            new FieldSpec("auto_redirect_to_identity", "AutoRedirectToIdentity", FieldKind.Boolean) { Writable = ScopeSet.Account },

            // docs/cloudflare-api.md#zone-organization-fields: the zone shape returns these but does not accept them.
            new FieldSpec("deny_unmatched_requests", "DenyUnmatchedRequests", FieldKind.Boolean) { Writable = ScopeSet.Account },
            new FieldSpec("deny_unmatched_requests_exempted_zone_names", "DenyUnmatchedRequestsExemptedZoneNames", FieldKind.TextList) { Writable = ScopeSet.Account, Unordered = true },
            new FieldSpec("is_ui_read_only", "IsUiReadOnly", FieldKind.Boolean),
            new FieldSpec("ui_read_only_toggle_reason", "UiReadOnlyToggleReason", FieldKind.Text),
            new FieldSpec("warp_auth_non_browser_401", "WarpAuthNonBrowser401", FieldKind.Boolean) { Writable = ScopeSet.Account },
            new FieldSpec("strict_service_token_auth", "StrictServiceTokenAuth", FieldKind.Boolean) { Writable = ScopeSet.Account },
            new FieldSpec("mfa_required_for_all_apps", "MfaRequiredForAllApps", FieldKind.Boolean) { Writable = ScopeSet.Account },
            new FieldSpec("login_design", "LoginDesign", FieldKind.Object)
            {
                Children = new[]
                {
                    new FieldSpec("background_color", "BackgroundColor", FieldKind.Text),
                    new FieldSpec("text_color", "TextColor", FieldKind.Text),
                    new FieldSpec("logo_path", "LogoPath", FieldKind.Text),
                    new FieldSpec("header_text", "HeaderText", FieldKind.Text),
                    new FieldSpec("footer_text", "FooterText", FieldKind.Text),
                },
            },

            // docs/cloudflare-api.md#create: custom_pages is in the PUT schema only, never in create.
            new FieldSpec("custom_pages", "CustomPages", FieldKind.Object)
            {
                Writable = ScopeSet.Account,
                Creatable = ScopeSet.None,
                Children = new[]
                {
                    new FieldSpec("forbidden", "Forbidden", FieldKind.Text),
                    new FieldSpec("identity_denied", "IdentityDenied", FieldKind.Text),
                },
            },

            // docs/cloudflare-api.md#nested-objects.
            new FieldSpec("mfa_config", "MfaConfig", FieldKind.Object)
            {
                Writable = ScopeSet.Account,
                Children = new[]
                {
                    new FieldSpec("allowed_authenticators", "AllowedAuthenticators", FieldKind.TextList)
                    {
                        AllowedValues = Authenticators,
                        LegacyValues = LegacyAuthenticators,
                        Unordered = true,
                    },
                    new FieldSpec("session_duration", "SessionDuration", FieldKind.Duration)
                    {
                        DurationUnits = new[] { "m", "h" },
                        Minimum = TimeSpan.Zero,
                        Maximum = Hours720,
                        RuleText = "between 0m and 720h (30 days)",
                    },
                    new FieldSpec("amr_matching_session_duration", "AmrMatchingSessionDuration", FieldKind.Duration)
                    {
                        DurationUnits = new[] { "m", "h" },
                        Minimum = TimeSpan.Zero,
                        Maximum = Hours720,
                        RuleText = "between 0m and 720h (30 days)",
                    },
                    new FieldSpec("required_aaguids", "RequiredAaguids", FieldKind.Uuid),
                },
            },
            new FieldSpec("mfa_piv_key_requirements", "MfaPivKeyRequirements", FieldKind.Object)
            {
                Writable = ScopeSet.Account,
                Children = new[]
                {
                    new FieldSpec("pin_policy", "PinPolicy", FieldKind.Text) { AllowedValues = new[] { "never", "once", "always" } },
                    new FieldSpec("touch_policy", "TouchPolicy", FieldKind.Text) { AllowedValues = new[] { "never", "always", "cached" } },
                    new FieldSpec("require_fips_device", "RequireFipsDevice", FieldKind.Boolean),
                    new FieldSpec("ssh_key_type", "SshKeyType", FieldKind.TextList) { AllowedValues = new[] { "ecdsa", "ed25519", "rsa" }, Unordered = true },
                    new FieldSpec("ssh_key_size", "SshKeySize", FieldKind.IntegerList) { AllowedValues = new[] { "256", "384", "521", "2048", "3072", "4096" }, Unordered = true },
                },
            },
            new FieldSpec("service_token_inactivity", "ServiceTokenInactivity", FieldKind.Object)
            {
                Writable = ScopeSet.Account,
                AllChildrenRequired = true,
                Children = new[]
                {
                    new FieldSpec("action", "Action", FieldKind.Text) { AllowedValues = new[] { "disable", "delete" } },
                    new FieldSpec("enabled", "Enabled", FieldKind.Boolean),
                    new FieldSpec("inactivity_threshold_days", "InactivityThresholdDays", FieldKind.Integer)
                    {
                        MinimumNumber = 30,
                        MaximumNumber = 365,
                        RuleText = "between 30 and 365 days",
                    },
                },
            },

            // docs/cloudflare-api.md#live-answers-and-the-reference: fields only answers carry. Never exported, never written.
            new FieldSpec("trusted_accounts", "TrustedAccounts", FieldKind.TextList) { ReadOnly = true, Unordered = true },
            new FieldSpec("cache_device_posture", "CacheDevicePosture", FieldKind.Boolean) { ReadOnly = true },
            new FieldSpec("has_migrated_private_apps", "HasMigratedPrivateApps", FieldKind.Boolean) { ReadOnly = true },
            new FieldSpec("created_at", "CreatedAt", FieldKind.Timestamp) { ReadOnly = true },
            new FieldSpec("updated_at", "UpdatedAt", FieldKind.Timestamp) { ReadOnly = true },
        };

        /// <summary>docs/cloudflare-api.md#account-organization-fields: renamed 2026-06-17; accept the old name on input.</summary>
        public static readonly IReadOnlyDictionary<string, string> LegacyFieldNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mfa_ssh_piv_key_requirements"] = "mfa_piv_key_requirements",
        };

        /// <summary>Moves fields under old names to their current names; a value already under the current name wins.</summary>
        public static void RenameLegacyFields(JsonObject organization)
        {
            foreach (var legacy in LegacyFieldNames)
            {
                if (organization[legacy.Key] is JsonNode old)
                {
                    organization.Remove(legacy.Key);
                    organization[legacy.Value] ??= old.DeepClone();
                }
            }
        }

        /// <summary>docs/cloudflare-api.md#account-organization-fields: withdrawn from the spec; never send it.</summary>
        public static readonly ISet<string> WithdrawnFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "mfa_configuration_allowed" };

        /// <summary>Properties our own objects carry that are not API fields (a ZtOrganization piped back in).</summary>
        public static readonly ISet<string> ModuleOnlyProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AccountId", "ZoneId", "Scope", "UnknownFieldNames", "IsEmulator", "account_id", "zone_id", SchemaProperty,
        };

        /// <summary>The JSON Schema reference a desired-state file starts with.</summary>
        public const string SchemaProperty = "$schema";

        /// <summary>
        /// The deepest the organization nests: a field holding an object holding a list of values
        /// (mfa_config.allowed_authenticators), docs/cloudflare-api.md#nested-objects. Deeper input is not an organization.
        /// </summary>
        public const int MaxDepth = 3;

        public static FieldSpec? Find(string name)
        {
            string canonical = LegacyFieldNames.TryGetValue(name, out string? renamed) ? renamed : name;
            return All.FirstOrDefault(f => NamesMatch(f, canonical));
        }

        public static FieldSpec Get(string jsonName) =>
            All.First(f => f.JsonName == jsonName);

        /// <summary>Matches <c>login_design</c>, <c>LoginDesign</c> and <c>logindesign</c> alike.</summary>
        public static bool NamesMatch(FieldSpec field, string name)
        {
            string n = Normalize(name);
            return Normalize(field.JsonName) == n || Normalize(field.DisplayName) == n;
        }

        public static IEnumerable<FieldSpec> WritableAt(ZtScopeKind scope) => All.Where(f => f.IsWritableAt(scope));

        internal static string Normalize(string name) => name.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();
    }
}
