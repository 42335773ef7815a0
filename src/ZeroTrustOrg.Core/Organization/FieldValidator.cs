using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>Checks one value against its field's rules and returns it in the form Cloudflare expects.</summary>
    internal static class FieldValidator
    {
        private static readonly Regex HostnamePattern = new Regex(
            @"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <param name="spec">The field whose rules apply.</param>
        /// <param name="value">The value as given.</param>
        /// <param name="parameter">The parameter or field that messages name.</param>
        /// <param name="explicitParameter">
        /// True for a cmdlet parameter: there only $null clears, and '' is refused as a mistake (an unset variable).
        /// Desired-state input (a file, a piped object) may carry "" for an unset field, which means clear.
        /// </param>
        public static JsonNode? Normalize(FieldSpec spec, JsonNode? value, string parameter, bool explicitParameter = false)
        {
            if (value == null)
            {
                return null;
            }

            // "" is a value for free text, but for a duration, host name or id it can only mean "clear it".
            if (spec.Kind != FieldKind.Text && value is JsonValue empty && empty.TryGetValue(out string? blank) && blank.Trim().Length == 0)
            {
                if (explicitParameter)
                {
                    throw new ZtValidationException(parameter,
                        $"-{parameter} is empty; to clear {spec.DisplayName}, pass $null.",
                        $"Give a value, or -{parameter} $null to clear the field.");
                }

                return null;
            }

            switch (spec.Kind)
            {
                case FieldKind.Text:
                    return NormalizeText(spec, RequireString(spec, value, parameter), parameter);
                case FieldKind.Hostname:
                    return JsonValue.Create(NormalizeHostname(RequireString(spec, value, parameter), parameter));
                case FieldKind.Uuid:
                    return JsonValue.Create(NormalizeUuid(RequireString(spec, value, parameter), parameter, spec.DisplayName));
                case FieldKind.Boolean:
                    return JsonValue.Create(RequireBoolean(value, parameter));
                case FieldKind.Duration:
                    return JsonValue.Create(NormalizeDuration(spec, RequireString(spec, value, parameter), parameter));
                case FieldKind.Integer:
                    return JsonValue.Create(NormalizeInteger(spec, value, parameter));
                case FieldKind.TextList:
                    return new JsonArray(Items(value).Select(i => (JsonNode?)NormalizeText(spec, RequireString(spec, i, parameter), parameter)).ToArray());
                case FieldKind.IntegerList:
                    return new JsonArray(Items(value).Select(i => (JsonNode?)JsonValue.Create(NormalizeInteger(spec, i, parameter))).ToArray());
                default:
                    throw new InvalidOperationException($"Objects are validated child by child ({spec.JsonName}).");
            }
        }

        public static string NormalizeEmail(string? email, string parameter)
        {
            string trimmed = (email ?? string.Empty).Trim();

            // The same rules as a header value: a zero-width space or NUL makes an address that matches no user.
            InputText.RequireHeaderSafe(trimmed, parameter, $"-{parameter} '{InputText.Glimpse(trimmed)}'");
            int at = trimmed.IndexOf('@');
            bool valid = trimmed.Length > 2 && trimmed.Length <= 320
                && at > 0 && at == trimmed.LastIndexOf('@') && at < trimmed.Length - 1
                && trimmed.IndexOfAny(new[] { ' ', '\t', '\r', '\n', ',', ';', '<', '>' }) < 0
                && trimmed.Substring(at + 1).Contains(".");
            if (!valid)
            {
                throw new ZtValidationException(parameter,
                    trimmed.Length == 0 ? $"-{parameter} is empty." : $"-{parameter} '{trimmed}' is not an email address.",
                    "Pass the user's email address as Cloudflare Access knows it, for example jane@example.com.");
            }

            return trimmed;
        }

        public static string NormalizeUuid(string? text, string parameter, string what)
        {
            if (!Guid.TryParse(text?.Trim(), out Guid id))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{InputText.Glimpse(text)}' is not a UUID.",
                    $"{what} takes a UUID such as 6d2a2a83-1d1b-4b1c-8b0a-3b0f6f4a2c11.");
            }

            return id.ToString("D");
        }

        public static string NormalizeDuration(FieldSpec spec, string text, string parameter)
        {
            string trimmed = text.Trim();
            if (!GoDuration.TryParse(trimmed, out TimeSpan span, out ISet<string> units, out string? error))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' is not a valid duration: {error}.",
                    $"Use Go duration syntax such as 30m, 24h or 2h45m{UnitHint(spec)}.");
            }

            if (spec.DurationUnits != null && units.Any(u => !spec.DurationUnits.Contains(u)))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' uses a unit Cloudflare does not accept here: only {string.Join(" and ", spec.DurationUnits)} are allowed.",
                    "Write it in minutes or hours, for example 90m or 24h.");
            }

            if (span < TimeSpan.Zero || (spec.Minimum.HasValue && span < spec.Minimum.Value) || (spec.Maximum.HasValue && span > spec.Maximum.Value))
            {
                string rule = spec.RuleText ?? "not negative";
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' is out of range: it must be {rule}.",
                    $"Pick a value {rule}.");
            }

            return trimmed;
        }

        private static JsonNode NormalizeText(FieldSpec spec, string text, string parameter)
        {
            if (spec.JsonName == "name" && text.Trim().Length == 0)
            {
                throw new ZtValidationException(parameter, $"-{parameter} is empty.", "Give the organization a display name.");
            }

            if (spec.AllowedValues == null)
            {
                return JsonValue.Create(text)!;
            }

            string candidate = text.Trim().ToLowerInvariant();
            if (spec.LegacyValues != null && spec.LegacyValues.TryGetValue(candidate, out string? current))
            {
                candidate = current;
            }

            if (!spec.AllowedValues.Contains(candidate))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' is not allowed for {spec.DisplayName}. Allowed: {string.Join(", ", spec.AllowedValues)}.",
                    $"Use one of: {string.Join(", ", spec.AllowedValues)}.");
            }

            return JsonValue.Create(candidate)!;
        }

        private static string NormalizeHostname(string text, string parameter)
        {
            string trimmed = text.Trim().TrimEnd('.');
            if (trimmed.IndexOf("://", StringComparison.Ordinal) >= 0 || trimmed.Contains("/"))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' looks like a URL; Cloudflare wants only the team domain host name.",
                    "Pass the host name alone, for example myteam.cloudflareaccess.com.");
            }

            if (!HostnamePattern.IsMatch(trimmed))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{text}' is not a valid host name.",
                    "Pass the team domain, for example myteam.cloudflareaccess.com.");
            }

            return trimmed.ToLowerInvariant();
        }

        private static long NormalizeInteger(FieldSpec spec, JsonNode value, string parameter)
        {
            long number;
            if (value is JsonValue v && v.TryGetValue(out long l))
            {
                number = l;
            }
            else if (value is JsonValue i && i.TryGetValue(out int small))
            {
                number = small;
            }
            else if (value is JsonValue d && d.TryGetValue(out decimal m) && m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue)
            {
                number = (long)m;
            }
            else if (value is JsonValue s && s.TryGetValue(out string? text) && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            {
                number = parsed;
            }
            else
            {
                string shown = value is JsonValue t && t.TryGetValue(out string? raw) ? raw : value.ToJsonString();
                throw new ZtValidationException(parameter,
                    $"-{parameter} '{InputText.Glimpse(shown)}' is not a whole number{(spec.RuleText == null ? string.Empty : " " + spec.RuleText)}.",
                    "Pass a whole number written with the digits 0-9.");
            }

            if (spec.AllowedValues != null && !spec.AllowedValues.Contains(number.ToString(CultureInfo.InvariantCulture)))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} {number} is not allowed for {spec.DisplayName}. Allowed: {string.Join(", ", spec.AllowedValues)}.",
                    $"Use one of: {string.Join(", ", spec.AllowedValues)}.");
            }

            if ((spec.MinimumNumber.HasValue && number < spec.MinimumNumber) || (spec.MaximumNumber.HasValue && number > spec.MaximumNumber))
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} {number} is out of range: it must be {spec.RuleText}.",
                    $"Pick a value {spec.RuleText}.");
            }

            return number;
        }

        private static string RequireString(FieldSpec spec, JsonNode value, string parameter)
        {
            if (value is JsonValue v && v.TryGetValue(out string? s))
            {
                return s;
            }

            throw new ZtValidationException(parameter,
                $"-{parameter} must be text for {spec.DisplayName}, not {Describe(value)}.",
                "Pass a string value.");
        }

        private static bool RequireBoolean(JsonNode value, string parameter)
        {
            if (value is JsonValue v)
            {
                if (v.TryGetValue(out bool b))
                {
                    return b;
                }

                if (v.TryGetValue(out string? s) && bool.TryParse(s.Trim(), out bool parsed))
                {
                    return parsed;
                }
            }

            throw new ZtValidationException(parameter, $"-{parameter} must be $true or $false, not {Describe(value)}.", "Pass $true or $false.");
        }

        private static IEnumerable<JsonNode> Items(JsonNode value)
        {
            if (value is JsonArray array)
            {
                return array.Where(i => i != null)!;
            }

            return new[] { value };
        }

        private static string Describe(JsonNode value) => value.GetValueKind() switch
        {
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "'" + value.ToJsonString() + "'",
        };

        private static string UnitHint(FieldSpec spec) =>
            spec.DurationUnits == null ? "; days are not a unit (write 168h for a week)" : $" (only {string.Join(" and ", spec.DurationUnits)} here)";
    }
}
