using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>What one organization write asks for.</summary>
    internal sealed class OrganizationWrite
    {
        public bool Zone { get; init; }
        public bool Create { get; init; }
        public JsonObject? Stored { get; init; }
        public JsonObject Body { get; init; } = new JsonObject();
        public PutMode Mode { get; init; }
        public bool Strict { get; init; }
        public EmulatorShape Shape { get; init; }
        public DateTimeOffset Now { get; init; }
    }

    /// <summary>
    /// The organization object's fields per scope, their validation, and how a write turns the stored
    /// organization into the next one (docs/cloudflare-api.md#account-organization-fields, docs/cloudflare-api.md#update).
    /// </summary>
    internal static class OrganizationRules
    {
        private delegate void Validator(JsonNode value, string pointer);

        private sealed class Field
        {
            public Field(string name, bool writableInZone, Validator validate, bool allowedOnCreate = true)
            {
                Name = name;
                WritableInZone = writableInZone;
                Validate = validate;
                AllowedOnCreate = allowedOnCreate;
            }

            public string Name { get; }
            public bool WritableInZone { get; }
            public Validator Validate { get; }
            public bool AllowedOnCreate { get; }
        }

        private const string LegacyPivKeyField = "mfa_ssh_piv_key_requirements";
        private const string PivKeyField = "mfa_piv_key_requirements";

        // docs/cloudflare-api.md#account-organization-fields: withdrawn from the spec; clients built on TF v5.22 still send it.
        private const string WithdrawnField = "mfa_configuration_allowed";

        // docs/cloudflare-api.md#account-organization-fields: organizations created from this day on cannot turn strict service-token auth off.
        private static readonly DateTimeOffset StrictServiceTokenAuthForcedFrom = new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero);

        private static readonly string[] RequiredFields = { "name", "auth_domain" };

        // docs/cloudflare-api.md#account-organization-fields, docs/cloudflare-api.md#behaviour-notes: server-set or GET-only fields.
        private static readonly HashSet<string> ReadOnlyFields = new HashSet<string> { "trusted_accounts", "created_at", "updated_at" };

        // docs/cloudflare-api.md#live-answers-and-the-reference: the fields only live answers carry; the live shape refuses them in a write.
        private static readonly HashSet<string> ResponseOnlyFields = new HashSet<string>
        {
            "created_at", "updated_at", "cache_device_posture", "has_migrated_private_apps", "trusted_accounts",
        };

        // docs/cloudflare-api.md#live-answers-and-the-reference: the members a live answer fills in while the object is stored without them.
        private static readonly (string Name, JsonNode Value)[] ServiceTokenInactivityDefaults =
        {
            ("action", JsonValue.Create("disable")!),
            ("inactivity_threshold_days", JsonValue.Create(90)!),
        };

        private static readonly string[] AuthenticatorNames = { "totp", "biometrics", "security_key", "piv_key", "ssh_fido2_key", "ssh_piv_key" };

        private static readonly IReadOnlyDictionary<string, long[]> KeySizesByKeyType = new Dictionary<string, long[]>
        {
            ["ecdsa"] = new long[] { 256, 384, 521 },
            ["ed25519"] = new long[0],
            ["rsa"] = new long[] { 2048, 3072, 4096 },
        };

        private static readonly Regex EmailShape = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant);

        // docs/cloudflare-api.md#account-organization-fields (account) and #zone-organization-fields (zone): the table order, which is also the response order.
        private static readonly Field[] WritableFields =
        {
            new Field("name", true, MustBeNonEmptyString),
            new Field("auth_domain", true, MustBeNonEmptyString),
            new Field("allow_authenticate_via_warp", false, MustBeBoolean),
            new Field("auto_redirect_to_identity", false, MustBeBoolean),
            new Field("custom_pages", false, ObjectOf(("forbidden", MustBeString), ("identity_denied", MustBeString)), allowedOnCreate: false),
            new Field("deny_unmatched_requests", false, MustBeBoolean),
            new Field("deny_unmatched_requests_exempted_zone_names", false, ArrayOf(MustBeString)),
            new Field("is_ui_read_only", true, MustBeBoolean),
            new Field("ui_read_only_toggle_reason", true, MustBeString),
            new Field("login_design", true, ObjectOf(
                ("background_color", MustBeString), ("text_color", MustBeString), ("logo_path", MustBeString), ("header_text", MustBeString), ("footer_text", MustBeString))),
            new Field("session_duration", false, Duration(minutesOrHoursOnly: false)),
            // docs/cloudflare-api.md#account-organization-fields, docs/cloudflare-api.md#durations: one month to one year.
            new Field("user_seat_expiration_inactive_time", true, Duration(minutesOrHoursOnly: false, minimum: "730h", maximum: "8760h")),
            new Field("warp_auth_session_duration", false, Duration(minutesOrHoursOnly: true)),
            new Field("warp_auth_non_browser_401", false, MustBeBoolean),
            // docs/cloudflare-api.md#nested-objects
            new Field("mfa_config", false, ObjectOf(
                ("allowed_authenticators", ArrayOf(OneOf(AuthenticatorNames))),
                ("session_duration", Duration(minutesOrHoursOnly: true, minimum: "0m", maximum: "720h")),
                ("amr_matching_session_duration", Duration(minutesOrHoursOnly: true, minimum: "0m", maximum: "720h")),
                ("required_aaguids", MustBeUuid))),
            new Field("mfa_required_for_all_apps", false, MustBeBoolean),
            new Field(PivKeyField, false, PivKeyRequirements),
            // docs/cloudflare-api.md#account-organization-fields: all three sub-fields are required when the object is present.
            new Field("service_token_inactivity", false, ObjectOf(
                required: true,
                ("action", OneOf("disable", "delete")),
                ("enabled", MustBeBoolean),
                ("inactivity_threshold_days", IntegerBetween(30, 365)))),
            new Field("strict_service_token_auth", false, MustBeBoolean),
        };

        private static readonly string[] ResponseOrder =
            WritableFields.Select(f => f.Name).Concat(new[] { "trusted_accounts", "created_at", "updated_at" }).ToArray();

        /// <summary>Validates <see cref="OrganizationWrite.Body"/> and returns the organization to store.</summary>
        /// <exception cref="ApiErrorException">A field is invalid for this scope or this write.</exception>
        public static JsonObject Apply(OrganizationWrite write)
        {
            var incoming = ReadBody(write);
            bool replacesWholeObject = write.Create || write.Mode == PutMode.Replace;
            foreach (string required in RequiredFields)
            {
                int sent = incoming.FindIndex(f => f.Name == required);
                if (sent < 0 ? replacesWholeObject : incoming[sent].Value is null)
                {
                    throw ApiErrors.InvalidRequest("/" + required, required + " is required");
                }
            }

            var next = new JsonObject();
            if (!write.Create && write.Stored != null)
            {
                foreach (var property in write.Stored)
                {
                    if (property.Key == "created_at" || property.Key == "updated_at")
                    {
                        continue;
                    }
                    // docs/cloudflare-api.md#update: replace mode resets every field the caller could have written.
                    if (write.Mode == PutMode.Replace && IsWritable(property.Key, write.Zone, write.Shape))
                    {
                        continue;
                    }

                    next[property.Key] = property.Value?.DeepClone();
                }
            }
            foreach (var (name, value) in incoming)
            {
                // docs/cloudflare-api.md#update: null clears; a nested object replaces the stored one whole.
                if (value is null)
                {
                    next.Remove(name);
                }
                else
                {
                    next[name] = JsonNodes.WithoutNulls(value);
                }
            }

            var createdAt = JsonNodes.ParseTimestamp(write.Stored?["created_at"]) ?? write.Now;
            if (!write.Zone)
            {
                CheckAccountInvariants(next, incoming, createdAt);
            }

            next["created_at"] = write.Stored?["created_at"]?.DeepClone() ?? JsonNodes.FormatTimestamp(createdAt, write.Shape);
            // docs/cloudflare-api.md#behaviour-notes: every successful write moves updated_at.
            next["updated_at"] = JsonNodes.FormatTimestamp(write.Now, write.Shape);
            return InResponseOrder(next);
        }

        /// <summary>The organization as the API shows it, with the quirks of docs/cloudflare-api.md#behaviour-notes.</summary>
        public static JsonObject ToResponse(JsonObject stored, bool zone, bool includeTrustedAccounts, EmulatorShape shape = EmulatorShape.Reference)
        {
            if (shape == EmulatorShape.Live)
            {
                return ToLiveResponse(stored, zone, includeTrustedAccounts);
            }

            var view = (JsonObject)stored.DeepClone();
            if (JsonNodes.IsFalse(view["auto_redirect_to_identity"]))
            {
                view.Remove("auto_redirect_to_identity");
            }
            // docs/cloudflare-api.md#zone-organization-fields: zone responses carry the deny-unmatched fields too, read-only.
            if (!view.ContainsKey("deny_unmatched_requests"))
            {
                view["deny_unmatched_requests"] = false;
            }

            if (!view.ContainsKey("deny_unmatched_requests_exempted_zone_names"))
            {
                view["deny_unmatched_requests_exempted_zone_names"] = new JsonArray();
            }

            if (!view.ContainsKey("login_design"))
            {
                view["login_design"] = new JsonObject();
            }
            // docs/cloudflare-api.md#account-organization-fields notes: trusted_accounts is in the GET result only, and never at zone scope.
            if (zone || !includeTrustedAccounts)
            {
                view.Remove("trusted_accounts");
            }
            else if (!view.ContainsKey("trusted_accounts"))
            {
                view["trusted_accounts"] = new JsonArray();
            }

            return InResponseOrder(view);
        }

        /// <summary>
        /// docs/cloudflare-api.md#live-answers-and-the-reference: false auto-redirect, empty custom pages, toggle reason, key lists and
        /// trusted accounts are left out; no deny-unmatched default is invented; members come in ordinal order.
        /// </summary>
        private static JsonObject ToLiveResponse(JsonObject stored, bool zone, bool includeTrustedAccounts)
        {
            var view = (JsonObject)stored.DeepClone();
            if (JsonNodes.IsFalse(view["auto_redirect_to_identity"]))
            {
                view.Remove("auto_redirect_to_identity");
            }

            if (view["custom_pages"] is JsonObject pages && pages.All(p => IsEmpty(p.Value)))
            {
                view.Remove("custom_pages");
            }

            if (JsonNodes.AsString(view["ui_read_only_toggle_reason"]) == "")
            {
                view.Remove("ui_read_only_toggle_reason");
            }

            if (view["mfa_piv_key_requirements"] is JsonObject pivKey)
            {
                if (pivKey["ssh_key_type"] is JsonArray { Count: 0 })
                {
                    pivKey.Remove("ssh_key_type");
                }

                if (pivKey["ssh_key_size"] is JsonArray { Count: 0 })
                {
                    pivKey.Remove("ssh_key_size");
                }
            }
            if (view["service_token_inactivity"] is JsonObject inactivity)
            {
                foreach (var (name, value) in ServiceTokenInactivityDefaults)
                {
                    if (!inactivity.ContainsKey(name))
                    {
                        inactivity[name] = value.DeepClone();
                    }
                }
            }

            if (!view.ContainsKey("login_design"))
            {
                view["login_design"] = new JsonObject();
            }

            if (zone || !includeTrustedAccounts || view["trusted_accounts"] is JsonArray { Count: 0 })
            {
                view.Remove("trusted_accounts");
            }

            return (JsonObject)JsonNodes.Sorted(view)!;
        }

        private static bool IsEmpty(JsonNode? node) => node is null || JsonNodes.AsString(node) == "";

        public static bool LooksLikeEmail(string text) => EmailShape.IsMatch(text);

        public static bool IsUuid(string text) => Guid.TryParseExact(text, "D", out _);

        /// <summary>Validates the body fields one by one, in body order, and returns what the write may change.</summary>
        private static List<(string Name, JsonNode? Value)> ReadBody(OrganizationWrite write)
        {
            var incoming = new List<(string Name, JsonNode? Value)>();
            bool sendsNewPivKeyName = write.Body.ContainsKey(PivKeyField);
            foreach (var property in write.Body)
            {
                string name = property.Key;
                if (name == LegacyPivKeyField)
                {
                    // docs/cloudflare-api.md#account-organization-fields: the old name is an alias; the new one wins when both come.
                    if (sendsNewPivKeyName)
                    {
                        continue;
                    }

                    name = PivKeyField;
                }
                if (write.Shape == EmulatorShape.Live && ResponseOnlyFields.Contains(property.Key))
                {
                    throw ApiErrors.InvalidRequest("/" + EscapePointerSegment(property.Key), property.Key + " is read-only and cannot be set");
                }

                if (ReadOnlyFields.Contains(name) || name == WithdrawnField)
                {
                    continue;
                }

                string pointer = "/" + EscapePointerSegment(property.Key);
                var field = WritableFields.FirstOrDefault(f => f.Name == name);
                if (field is null)
                {
                    // Unknown fields round-trip, so clients that keep them can be tested (docs/cloudflare-api.md#sources-and-api-lag).
                    incoming.Add((name, property.Value));
                    continue;
                }
                if (write.Zone && !field.WritableInZone)
                {
                    // docs/cloudflare-api.md#zone-organization-fields: unknown what the real API does; ignore, or refuse when strict.
                    if (write.Strict)
                    {
                        throw ApiErrors.InvalidRequest(pointer, property.Key + " is not supported for zone-level organizations");
                    }

                    continue;
                }
                if (write.Create && !field.AllowedOnCreate)
                {
                    // docs/cloudflare-api.md#create: custom_pages is only in the PUT schema.
                    if (write.Strict)
                    {
                        throw ApiErrors.InvalidRequest(pointer, property.Key + " cannot be set when creating an organization; set it with PUT");
                    }

                    continue;
                }
                if (property.Value != null)
                {
                    field.Validate(property.Value, pointer);
                }

                incoming.Add((name, property.Value));
            }
            return incoming;
        }

        private static bool IsWritable(string name, bool zone, EmulatorShape shape)
        {
            if (ReadOnlyFields.Contains(name))
            {
                return false;
            }

            if (shape == EmulatorShape.Live && ResponseOnlyFields.Contains(name))
            {
                return false;
            }

            var field = WritableFields.FirstOrDefault(f => f.Name == name);
            return field is null || !zone || field.WritableInZone;
        }

        private static void CheckAccountInvariants(JsonObject next, List<(string Name, JsonNode? Value)> incoming, DateTimeOffset createdAt)
        {
            // docs/cloudflare-api.md#server-side-validations
            if (JsonNodes.IsTrue(next["allow_authenticate_via_warp"]) && next["warp_auth_session_duration"] is null)
            {
                throw ApiErrors.InvalidRequest("/allow_authenticate_via_warp",
                    "allow_authenticate_via_warp cannot be set if the Warp Auth Session Duration is not set for the account");
            }

            // docs/cloudflare-api.md#account-organization-fields, docs/cloudflare-api.md#server-side-validations
            if (JsonNodes.IsTrue(next["mfa_required_for_all_apps"]))
            {
                var mfa = next["mfa_config"] as JsonObject;
                bool hasAuthenticator = mfa?["allowed_authenticators"] is JsonArray authenticators && authenticators.Count > 0;
                if (!hasAuthenticator || mfa?["session_duration"] is null)
                {
                    throw ApiErrors.InvalidRequest("/mfa_required_for_all_apps",
                        "mfa_required_for_all_apps requires mfa_config with at least one allowed authenticator and a session_duration");
                }
            }

            // docs/cloudflare-api.md#account-organization-fields: forced on for organizations created on or after 2026-10-05.
            if (createdAt >= StrictServiceTokenAuthForcedFrom)
            {
                int sent = incoming.FindIndex(f => f.Name == "strict_service_token_auth");
                if (sent >= 0 && !JsonNodes.IsTrue(incoming[sent].Value))
                {
                    throw ApiErrors.InvalidRequest("/strict_service_token_auth",
                        "strict_service_token_auth cannot be disabled for organizations created on or after 2026-10-05");
                }

                next["strict_service_token_auth"] = true;
            }
        }

        private static JsonObject InResponseOrder(JsonObject source)
        {
            var ordered = new JsonObject();
            foreach (string name in ResponseOrder)
            {
                if (source.TryGetPropertyValue(name, out var value))
                {
                    ordered[name] = value?.DeepClone();
                }
            }

            foreach (var property in source)
            {
                if (!ordered.ContainsKey(property.Key))
                {
                    ordered[property.Key] = property.Value?.DeepClone();
                }
            }

            return ordered;
        }

        private static void MustBeString(JsonNode value, string pointer)
        {
            if (JsonNodes.Kind(value) != JsonValueKind.String)
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be a string");
            }
        }

        private static void MustBeNonEmptyString(JsonNode value, string pointer)
        {
            MustBeString(value, pointer);
            if (JsonNodes.AsString(value)!.Trim().Length == 0)
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must not be empty");
            }
        }

        private static void MustBeBoolean(JsonNode value, string pointer)
        {
            var kind = JsonNodes.Kind(value);
            if (kind != JsonValueKind.True && kind != JsonValueKind.False)
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be true or false");
            }
        }

        private static void MustBeUuid(JsonNode value, string pointer)
        {
            MustBeString(value, pointer);
            if (!IsUuid(JsonNodes.AsString(value)!))
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be a UUID");
            }
        }

        private static Validator OneOf(params string[] allowed) => (value, pointer) =>
        {
            MustBeString(value, pointer);
            string text = JsonNodes.AsString(value)!;
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must be one of {string.Join(", ", allowed)}, not \"{text}\"");
            }
        };

        private static Validator IntegerBetween(long minimum, long maximum) => (value, pointer) =>
        {
            if (!JsonNodes.TryGetInteger(value, out long number))
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be a whole number");
            }

            if (number < minimum || number > maximum)
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must be between {minimum} and {maximum}");
            }
        };

        private static Validator ArrayOf(Validator item) => (value, pointer) =>
        {
            if (!(value is JsonArray array))
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be an array");
            }

            for (int i = 0; i < array.Count; i++)
            {
                string itemPointer = pointer + "/" + i;
                if (array[i] is null)
                {
                    throw ApiErrors.InvalidRequest(itemPointer, Describe(itemPointer) + " must not be null");
                }

                item(array[i]!, itemPointer);
            }
        };

        private static Validator ObjectOf(params (string Name, Validator Validate)[] members) => ObjectOf(false, members);

        /// <summary>Checks the known members; unknown members are kept, null members count as absent.</summary>
        private static Validator ObjectOf(bool required, params (string Name, Validator Validate)[] members) => (value, pointer) =>
        {
            if (!(value is JsonObject obj))
            {
                throw ApiErrors.InvalidRequest(pointer, Describe(pointer) + " must be an object");
            }

            foreach (var (name, validate) in members)
            {
                string memberPointer = pointer + "/" + name;
                var member = obj[name];
                if (member is null)
                {
                    if (required)
                    {
                        throw ApiErrors.InvalidRequest(memberPointer, Describe(memberPointer) + " is required");
                    }

                    continue;
                }
                validate(member, memberPointer);
            }
        };

        /// <summary>Go duration grammar (docs/cloudflare-api.md#durations), optionally only m/h, within an optional range.</summary>
        private static Validator Duration(bool minutesOrHoursOnly, string? minimum = null, string? maximum = null) => (value, pointer) =>
        {
            MustBeString(value, pointer);
            string text = JsonNodes.AsString(value)!;
            if (!GoDuration.TryParse(text, out var duration, out string? error))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} is not a valid duration ({error})");
            }

            if (minutesOrHoursOnly && duration.Units.Any(unit => unit != "m" && unit != "h"))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must use only the units m and h, not \"{text}\"");
            }

            if (duration.Nanoseconds < 0)
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must not be negative");
            }

            if (minimum != null && duration.Nanoseconds < Nanoseconds(minimum))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must be at least {minimum}, not \"{text}\"");
            }

            if (maximum != null && duration.Nanoseconds > Nanoseconds(maximum))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must be at most {maximum}, not \"{text}\"");
            }
        };

        /// <summary>docs/cloudflare-api.md#nested-objects: enums, and key sizes that fit the chosen key types.</summary>
        private static void PivKeyRequirements(JsonNode value, string pointer)
        {
            ObjectOf(
                ("pin_policy", OneOf("never", "once", "always")),
                ("touch_policy", OneOf("never", "always", "cached")),
                ("require_fips_device", MustBeBoolean),
                ("ssh_key_type", ArrayOf(OneOf(KeySizesByKeyType.Keys.ToArray()))),
                ("ssh_key_size", ArrayOf(IntegerIn(KeySizesByKeyType.Values.SelectMany(sizes => sizes).ToArray()))))(value, pointer);

            var obj = (JsonObject)value;
            if (!(obj["ssh_key_type"] is JsonArray types) || !(obj["ssh_key_size"] is JsonArray sizes))
            {
                return;
            }

            long[] fittingSizes = types.Select(t => KeySizesByKeyType[JsonNodes.AsString(t)!]).SelectMany(s => s).ToArray();
            for (int i = 0; i < sizes.Count; i++)
            {
                JsonNodes.TryGetInteger(sizes[i], out long size);
                if (!fittingSizes.Contains(size))
                {
                    string sizePointer = pointer + "/ssh_key_size/" + i;
                    throw ApiErrors.InvalidRequest(sizePointer,
                        $"{Describe(sizePointer)} {size} does not fit the key types {string.Join(", ", types.Select(t => JsonNodes.AsString(t)))}");
                }
            }
        }

        private static Validator IntegerIn(long[] allowed) => (value, pointer) =>
        {
            if (!JsonNodes.TryGetInteger(value, out long number) || !allowed.Contains(number))
            {
                throw ApiErrors.InvalidRequest(pointer, $"{Describe(pointer)} must be one of {string.Join(", ", allowed)}");
            }
        };

        private static long Nanoseconds(string goDuration)
        {
            GoDuration.TryParse(goDuration, out var duration, out _);
            return duration.Nanoseconds;
        }

        /// <summary>"/mfa_config/allowed_authenticators/0" reads as "mfa_config.allowed_authenticators[0]" in messages.</summary>
        private static string Describe(string pointer)
        {
            string text = "";
            foreach (string? segment in pointer.Split('/').Skip(1).Select(UnescapePointerSegment))
            {
                text += segment.All(char.IsDigit) && text.Length > 0 ? "[" + segment + "]" : (text.Length > 0 ? "." : "") + segment;
            }

            return text;
        }

        private static string EscapePointerSegment(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        private static string UnescapePointerSegment(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
    }
}
