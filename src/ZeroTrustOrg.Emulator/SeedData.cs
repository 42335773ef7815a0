using System;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>The example organizations a seeded emulator starts with: every field of its scope filled in.</summary>
    internal static class SeedData
    {
        private static readonly DateTimeOffset CreatedAt = new DateTimeOffset(2024, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_930);
        private static readonly DateTimeOffset UpdatedAt = new DateTimeOffset(2026, 6, 2, 16, 4, 11, TimeSpan.Zero).AddTicks(1_234_560);

        private static JsonObject LoginDesign(string headerText) => new JsonObject
        {
            ["background_color"] = "#1f2937",
            ["text_color"] = "#f9fafb",
            ["logo_path"] = "https://example.com/logo.png",
            ["header_text"] = headerText,
            ["footer_text"] = "Protected by Cloudflare Access",
        };

        /// <summary>docs/cloudflare-api.md#account-organization-fields, every account field.</summary>
        public static JsonObject AccountOrganization() => new JsonObject
        {
            ["name"] = "Example Team",
            ["auth_domain"] = "example-team.cloudflareaccess.com",
            ["allow_authenticate_via_warp"] = false,
            ["auto_redirect_to_identity"] = false,
            ["custom_pages"] = new JsonObject(),
            ["deny_unmatched_requests"] = true,
            ["deny_unmatched_requests_exempted_zone_names"] = new JsonArray(),
            ["is_ui_read_only"] = false,
            ["ui_read_only_toggle_reason"] = "",
            ["login_design"] = LoginDesign("Welcome to Example Team"),
            ["session_duration"] = "24h",
            ["user_seat_expiration_inactive_time"] = "730h",
            ["warp_auth_session_duration"] = "24h",
            ["warp_auth_non_browser_401"] = false,
            ["mfa_config"] = new JsonObject
            {
                ["allowed_authenticators"] = new JsonArray("totp", "biometrics", "security_key"),
                ["session_duration"] = "24h",
                ["amr_matching_session_duration"] = "12h",
                ["required_aaguids"] = "2fc0579f-8113-47ea-b116-bb5a8db9202a",
            },
            ["mfa_required_for_all_apps"] = false,
            ["mfa_piv_key_requirements"] = new JsonObject
            {
                ["pin_policy"] = "once",
                ["touch_policy"] = "cached",
                ["require_fips_device"] = false,
                ["ssh_key_type"] = new JsonArray("ecdsa", "ed25519"),
                ["ssh_key_size"] = new JsonArray(256, 384),
            },
            ["service_token_inactivity"] = new JsonObject
            {
                ["action"] = "disable",
                ["enabled"] = false,
                ["inactivity_threshold_days"] = 90,
            },
            ["strict_service_token_auth"] = false,
            ["trusted_accounts"] = new JsonArray(),
            ["created_at"] = JsonNodes.FormatTimestamp(CreatedAt),
            ["updated_at"] = JsonNodes.FormatTimestamp(UpdatedAt),
        };

        /// <summary>docs/cloudflare-api.md#zone-organization-fields, every zone field.</summary>
        public static JsonObject ZoneOrganization() => new JsonObject
        {
            ["name"] = "Example Zone Team",
            ["auth_domain"] = "example-zone.cloudflareaccess.com",
            ["is_ui_read_only"] = false,
            ["ui_read_only_toggle_reason"] = "",
            ["login_design"] = LoginDesign("Welcome to Example Zone"),
            ["user_seat_expiration_inactive_time"] = "730h",
            ["created_at"] = JsonNodes.FormatTimestamp(CreatedAt),
            ["updated_at"] = JsonNodes.FormatTimestamp(UpdatedAt),
        };

        /// <summary>
        /// docs/cloudflare-api.md#live-answers-and-the-reference: the account organization of the recorded live GET, with its
        /// response-only booleans and whole-second timestamps, and nothing the recording left out.
        /// </summary>
        public static JsonObject LiveAccountOrganization() => new JsonObject
        {
            ["allow_authenticate_via_warp"] = false,
            ["auth_domain"] = "lklfsevdnw-terraform-cfapi.cloudflareaccess.com",
            ["cache_device_posture"] = true,
            ["created_at"] = "2024-09-05T03:00:41Z",
            ["has_migrated_private_apps"] = true,
            ["is_ui_read_only"] = false,
            ["login_design"] = new JsonObject
            {
                ["background_color"] = "#FFFFFF",
                ["footer_text"] = "My footer text",
                ["header_text"] = "My header text updated",
                ["logo_path"] = "https://example.com/logo.png",
                ["text_color"] = "#000000",
            },
            ["name"] = "terraform-cfapi.cloudflareaccess.com",
            ["session_duration"] = "12h",
            ["updated_at"] = "2025-01-23T22:25:57Z",
            ["user_seat_expiration_inactive_time"] = "1460h",
            ["warp_auth_session_duration"] = "36h",
        };

        /// <summary>The reference zone organization with whole-second timestamps; no live zone answer is public.</summary>
        public static JsonObject LiveZoneOrganization()
        {
            var zone = ZoneOrganization();
            zone["created_at"] = JsonNodes.FormatTimestamp(CreatedAt, EmulatorShape.Live);
            zone["updated_at"] = JsonNodes.FormatTimestamp(UpdatedAt, EmulatorShape.Live);
            return zone;
        }

        public static ServiceToken DohServiceToken() => new ServiceToken
        {
            Id = EmulatorDefaults.DohServiceTokenId,
            ClientId = EmulatorDefaults.DohServiceTokenClientId,
            Name = EmulatorDefaults.DohServiceTokenName,
            CreatedAt = UpdatedAt,
            UpdatedAt = UpdatedAt,
            ExpiresAt = UpdatedAt.AddHours(8760),
            LastSeenAt = UpdatedAt,
        };
    }
}
