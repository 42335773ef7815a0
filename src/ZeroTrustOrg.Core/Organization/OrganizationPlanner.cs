using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>Validates a change for a scope and turns it into a create body or an update plan.</summary>
    internal static class OrganizationPlanner
    {
        /// <summary>The POST body for a create: only what the user gave, checked against the create schema of the scope.</summary>
        public static JsonObject BuildCreateBody(OrganizationChange change, ZtScope scope, out IReadOnlyList<string> notes)
        {
            var skipped = new List<string>();
            var edits = Resolve(change, scope, create: true, skipped, current: null);
            var body = new JsonObject();
            Apply(body, edits);
            RemoveNulls(body);

            foreach (FieldSpec required in OrganizationFields.All.Where(f => f.RequiredOnCreate))
            {
                if (JsonValues.IsEffectivelyEmpty(body[required.JsonName]))
                {
                    throw new ZtValidationException(required.DisplayName,
                        $"-{required.DisplayName} is required to create an organization.",
                        $"Pass -{required.DisplayName}; Cloudflare requires name and auth_domain on create.");
                }
            }

            CheckCrossFieldRules(body, edits);
            notes = skipped;
            return body;
        }

        /// <summary>
        /// Checks every value against its field's rules and the scope, without the current organization, so bad
        /// input fails before the GET of a read-modify-write. Rules that depend on stored values run in PlanUpdate.
        /// </summary>
        public static void Validate(OrganizationChange change, ZtScope scope) => Resolve(change, scope, create: false, new List<string>(), current: null);

        /// <summary>GET result + change = the complete PUT body, the field diff and the warnings.</summary>
        public static OrganizationUpdatePlan PlanUpdate(OrganizationChange change, ZtScope scope, JsonObject current)
        {
            var skipped = new List<string>();
            var edits = Resolve(change, scope, create: false, skipped, current);

            JsonObject proposed = CanonicalCopy(current);
            Apply(proposed, WithoutEquivalents(edits, proposed, skipped));
            CheckCrossFieldRules(proposed, edits);

            JsonObject body = WritableBody(proposed, scope);
            JsonObject before = WritableBody(CanonicalCopy(current), scope);
            var differences = Diff(before, body);
            var warnings = Warn(current, body, scope);
            return new OrganizationUpdatePlan(change, scope, current, body, differences, warnings, skipped);
        }

        /// <summary>
        /// What a fresh plan changes about the plan the user was shown: for each field the user is changing, whether its
        /// current value is another now, or whether it no longer changes; any field the write now changes that it did not;
        /// any consequence that is new. Empty when the write is still the one the user saw. Edits to fields the change
        /// does not touch are not listed: the fresh read carries them and the write keeps them.
        /// </summary>
        public static IReadOnlyList<string> ChangesSince(OrganizationUpdatePlan shown, OrganizationUpdatePlan fresh)
        {
            var changes = new List<string>();
            foreach (FieldDifference before in shown.Differences)
            {
                FieldDifference? now = fresh.Differences.FirstOrDefault(d => d.Path == before.Path);
                if (now == null)
                {
                    changes.Add($"{before.Field} is already {before.After} now (it was {before.Before} when read)");
                }
                else if (!FieldEquality.SameAtPath(before.Path, before.Current, now.Current))
                {
                    changes.Add($"{before.Field} was {before.Before} when read and is {now.Before} now; the write would change it from {now.Before} to {now.After}");
                }
                else if (!FieldEquality.SameAtPath(before.Path, before.Desired, now.Desired))
                {
                    changes.Add($"{before.Field} would now be written as {now.After}, not {before.After}");
                }
            }

            foreach (FieldDifference added in fresh.Differences.Where(d => shown.Differences.All(s => s.Path != d.Path)))
            {
                changes.Add($"{added.Field} now changes too: {added.Before} -> {added.After}");
            }

            foreach (string warning in NewWarnings(shown, fresh))
            {
                changes.Add("new consequence: " + warning);
            }

            return changes;
        }

        /// <summary>Consequences the fresh plan has that the plan the user was shown did not.</summary>
        public static IReadOnlyList<string> NewWarnings(OrganizationUpdatePlan shown, OrganizationUpdatePlan fresh) =>
            fresh.Warnings.Where(w => !shown.Warnings.Contains(w, StringComparer.Ordinal)).ToList();

        /// <summary>
        /// Checks each edit. With <paramref name="current"/> (the organization as read), a name this module does not
        /// model must be one Cloudflare returns today (a newer API field); any other is a typo or a foreign object.
        /// </summary>
        private static List<OrganizationChange.Edit> Resolve(OrganizationChange change, ZtScope scope, bool create, List<string> skipped, JsonObject? current)
        {
            var resolved = new List<OrganizationChange.Edit>();
            var strangers = new List<string>();
            foreach (var edit in change.Edits)
            {
                if (edit.IsUnmodelled)
                {
                    OrganizationChange.Edit? known = current == null ? edit : AsReturnedField(edit, current);
                    if (known == null)
                    {
                        strangers.Add(Stranger(edit));
                    }
                    else
                    {
                        // A field Cloudflare has and this module does not know yet: pass it on untouched.
                        resolved.Add(known);
                    }

                    continue;
                }

                FieldSpec spec = edit.Spec!;
                if (spec.ReadOnly)
                {
                    if (edit.ExplicitParameter)
                    {
                        throw new ZtValidationException(edit.Parameter, $"{spec.DisplayName} is set by Cloudflare and cannot be written.", "Leave it out of the change.");
                    }

                    skipped.Add($"{edit.Parameter} was ignored: {spec.DisplayName} is set by Cloudflare and cannot be written.");
                    continue;
                }

                bool allowed = create ? spec.IsCreatableAt(scope.Kind) : spec.IsWritableAt(scope.Kind);
                if (!allowed)
                {
                    string why = !spec.IsWritableAt(scope.Kind)
                        ? $"{spec.DisplayName} applies to account organizations only; {scope} holds a zone organization"
                        : $"{spec.DisplayName} cannot be given when an organization is created";
                    if (edit.ExplicitParameter)
                    {
                        string fix = !spec.IsWritableAt(scope.Kind)
                            ? "Use -AccountId to target the account organization, or drop the parameter."
                            : "Create the organization first, then set it with Set-ZtOrganization.";
                        throw new ZtValidationException(edit.Parameter, $"-{edit.Parameter}: {why}.", fix);
                    }

                    skipped.Add(InputText.Escape($"{edit.Parameter} was skipped: {why}."));
                    continue;
                }

                FieldSpec valueSpec = edit.ValueSpec!;
                JsonNode? normalized = valueSpec.Kind == FieldKind.Object ? edit.Value : FieldValidator.Normalize(valueSpec, edit.Value, edit.Parameter, edit.ExplicitParameter);
                resolved.Add(new OrganizationChange.Edit(spec, spec.JsonName, edit.Child, normalized, edit.Kind, edit.Parameter, edit.ExplicitParameter));
            }

            if (strangers.Count > 0)
            {
                throw new ZtValidationException("InputObject",
                    $"The desired state has {(strangers.Count == 1 ? "a property that is" : strangers.Count + " properties that are")} not an organization field, so nothing was sent: {string.Join("; ", strangers)}.",
                    "Pass only organization fields, by API name (session_duration) or PowerShell name (SessionDuration): a Get-ZtOrganization object, a hashtable, or a file from Export-ZtOrganization.");
            }

            return resolved;
        }

        /// <summary>The edit renamed to the field as Cloudflare spells it, or null when the organization as read has no such field.</summary>
        private static OrganizationChange.Edit? AsReturnedField(OrganizationChange.Edit edit, JsonObject current)
        {
            if (edit.Spec == null)
            {
                string? name = current.Select(p => p.Key).FirstOrDefault(k => OrganizationFields.Normalize(k) == OrganizationFields.Normalize(edit.Name));
                return name == null ? null : new OrganizationChange.Edit(null, name, null, edit.Value, edit.Kind, edit.Parameter, edit.ExplicitParameter);
            }

            string? childName = (current[edit.Name] as JsonObject)?.Select(p => p.Key).FirstOrDefault(k => OrganizationFields.Normalize(k) == OrganizationFields.Normalize(edit.Child!.JsonName));
            return childName == null
                ? null
                : new OrganizationChange.Edit(edit.Spec, edit.Name, new FieldSpec(childName, childName, FieldKind.Unmodelled), edit.Value, edit.Kind, edit.Parameter, edit.ExplicitParameter);
        }

        private static string Stranger(OrganizationChange.Edit edit)
        {
            string typed = edit.Spec == null ? edit.Name : edit.Child!.JsonName;
            string? suggestion = edit.Spec == null
                ? NameSuggestion.ForField(typed, OrganizationFields.All)
                : NameSuggestion.ForField(typed, edit.Spec.Children!);
            string where = edit.Spec == null ? string.Empty : " in " + edit.Spec.JsonName;
            return $"'{typed}'{where}" + (suggestion == null ? string.Empty : $" (did you mean '{suggestion}'?)");
        }

        /// <summary>
        /// Drops the edits that would write a value equal to the one Cloudflare has (docs/cloudflare-api.md#when-two-values-are-equal),
        /// so the body keeps Cloudflare's own form (24h0m0s stays 24h0m0s) and an equal change sends nothing. Each one
        /// that is equal without being written alike is named in <paramref name="notes"/>, for -Verbose.
        /// </summary>
        private static List<OrganizationChange.Edit> WithoutEquivalents(IEnumerable<OrganizationChange.Edit> edits, JsonObject current, List<string> notes)
        {
            var kept = new List<OrganizationChange.Edit>();
            foreach (var edit in edits)
            {
                bool nested = edit.Kind == OrganizationChange.EditKind.SetChild || edit.Kind == OrganizationChange.EditKind.ClearChild;
                JsonNode? now = nested ? (current[edit.Name] as JsonObject)?[edit.Child!.JsonName] : current[edit.Name];
                FieldSpec? spec = nested ? (edit.Child!.Kind == FieldKind.Unmodelled ? null : edit.Child) : edit.Spec;
                if (nested && current[edit.Name] != null && current[edit.Name] is not JsonObject)
                {
                    // The answer held no object here (an odd form): setting a key writes a real object.
                    kept.Add(edit);
                    continue;
                }

                if (FieldEquality.Why(spec, now, edit.Value, out string? rule))
                {
                    if (rule != null)
                    {
                        string name = nested ? (edit.Spec?.DisplayName ?? edit.Name) + "." + (spec?.DisplayName ?? edit.Child!.JsonName) : spec?.DisplayName ?? edit.Name;
                        notes.Add(InputText.Escape($"{name} was not sent: {JsonValues.Display(edit.Value)} equals {JsonValues.Display(now)} on Cloudflare ({rule})."));
                    }

                    continue;
                }

                kept.Add(edit);
            }

            return kept;
        }

        private static void Apply(JsonObject target, IEnumerable<OrganizationChange.Edit> edits)
        {
            foreach (var edit in edits)
            {
                switch (edit.Kind)
                {
                    case OrganizationChange.EditKind.SetField:
                        target[edit.Name] = edit.Value?.DeepClone();
                        break;
                    case OrganizationChange.EditKind.ClearField:
                        // An explicit null clears on purpose under both merge and replace semantics (docs/cloudflare-api.md#update).
                        target[edit.Name] = null;
                        break;
                    case OrganizationChange.EditKind.SetChild:
                    case OrganizationChange.EditKind.ClearChild:
                        JsonObject nested = target[edit.Name] is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
                        if (edit.Kind == OrganizationChange.EditKind.SetChild && edit.Value != null)
                        {
                            nested[edit.Child!.JsonName] = edit.Value?.DeepClone();
                        }
                        else
                        {
                            nested.Remove(edit.Child!.JsonName);
                        }

                        target[edit.Name] = nested;
                        break;
                }
            }
        }

        private static void CheckCrossFieldRules(JsonObject result, IReadOnlyCollection<OrganizationChange.Edit> edits)
        {
            bool Touched(string field) => edits.Any(e => e.Name == field);
            string ParameterFor(string field, string fallback) => edits.FirstOrDefault(e => e.Name == field)?.Parameter ?? fallback;

            // docs/cloudflare-api.md#server-side-validations: WARP sign-in needs a WARP session duration on the account.
            if ((Touched("allow_authenticate_via_warp") || Touched("warp_auth_session_duration"))
                && JsonValues.IsTrue(result["allow_authenticate_via_warp"])
                && JsonValues.IsEffectivelyEmpty(result["warp_auth_session_duration"]))
            {
                throw new ZtValidationException(ParameterFor("allow_authenticate_via_warp", "WarpAuthSessionDuration"),
                    "AllowAuthenticateViaWarp cannot be turned on while the organization has no WarpAuthSessionDuration (Cloudflare rejects it).",
                    "Also pass -WarpAuthSessionDuration, for example 24h.");
            }

            // docs/cloudflare-api.md#account-organization-fields: MFA for all apps needs MFA enabled with at least one authenticator and a session duration.
            if ((Touched("mfa_required_for_all_apps") || Touched("mfa_config")) && JsonValues.IsTrue(result["mfa_required_for_all_apps"]))
            {
                var mfa = result["mfa_config"] as JsonObject;
                if (mfa == null || JsonValues.IsEffectivelyEmpty(mfa["allowed_authenticators"]) || JsonValues.IsEffectivelyEmpty(mfa["session_duration"]))
                {
                    throw new ZtValidationException(ParameterFor("mfa_required_for_all_apps", "MfaConfig"),
                        "MfaRequiredForAllApps needs MfaConfig with at least one AllowedAuthenticators entry and a SessionDuration.",
                        "Pass -MfaConfig @{ AllowedAuthenticators = 'totp','security_key'; SessionDuration = '24h' } as well.");
                }
            }

            // docs/cloudflare-api.md#account-organization-fields: when service_token_inactivity is present, all three sub-fields are required.
            if (Touched("service_token_inactivity") && result["service_token_inactivity"] is JsonObject inactivity)
            {
                FieldSpec spec = OrganizationFields.Get("service_token_inactivity");
                var missing = spec.Children!.Where(c => inactivity[c.JsonName] == null).Select(c => c.DisplayName).ToList();
                if (missing.Count > 0)
                {
                    throw new ZtValidationException(ParameterFor("service_token_inactivity", "ServiceTokenInactivity"),
                        $"ServiceTokenInactivity needs all of Action, Enabled and InactivityThresholdDays; missing: {string.Join(", ", missing)}.",
                        "For example: -ServiceTokenInactivity @{ Action = 'disable'; Enabled = $true; InactivityThresholdDays = 90 }");
                }
            }

            // docs/cloudflare-api.md#nested-objects: the key size must fit the key type; ed25519 takes no size.
            if (Touched("mfa_piv_key_requirements") && result["mfa_piv_key_requirements"] is JsonObject piv && piv["ssh_key_size"] is JsonArray sizes && sizes.Count > 0)
            {
                var types = (piv["ssh_key_type"] as JsonArray)?.Select(JsonValues.AsString).ToList() ?? new List<string?>();
                foreach (JsonNode? size in sizes)
                {
                    // Read tolerantly: an unchanged size may be Cloudflare's own odd form ("2048" as text).
                    if (!(ZeroTrustOrg.Core.Reading.ValueReader.Typed(FieldKind.Integer, size) is JsonValue typed))
                    {
                        continue;
                    }

                    long bits = typed.GetValue<int>();
                    string needs = bits <= 521 ? "ecdsa" : "rsa";
                    if (!types.Contains(needs))
                    {
                        throw new ZtValidationException(ParameterFor("mfa_piv_key_requirements", "MfaPivKeyRequirements"),
                            $"MfaPivKeyRequirements.SshKeySize {bits} needs SshKeyType '{needs}' (ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 no size).",
                            $"Add '{needs}' to SshKeyType, or drop that size.");
                    }
                }
            }
        }

        /// <summary>Drops nulls (absent and null mean the same in a GET) and moves legacy names to current ones.</summary>
        private static JsonObject CanonicalCopy(JsonObject source)
        {
            var copy = (JsonObject)source.DeepClone();
            OrganizationFields.RenameLegacyFields(copy);

            RemoveNulls(copy);
            return copy;
        }

        /// <summary>The complete writable object for the scope: never read-only fields, never fields of the other scope.</summary>
        private static JsonObject WritableBody(JsonObject proposed, ZtScope scope)
        {
            var body = new JsonObject();
            foreach (var property in proposed)
            {
                if (OrganizationFields.WithdrawnFields.Contains(property.Key))
                {
                    continue;
                }

                FieldSpec? spec = OrganizationFields.Find(property.Key);
                if (spec == null || spec.IsWritableAt(scope.Kind))
                {
                    body[property.Key] = property.Value?.DeepClone();
                }
            }

            return body;
        }

        private static List<FieldDifference> Diff(JsonObject before, JsonObject after)
        {
            var differences = new List<FieldDifference>();
            var keys = before.Select(p => p.Key).Union(after.Select(p => p.Key)).ToList();
            foreach (string key in keys)
            {
                FieldSpec? spec = OrganizationFields.Find(key);
                JsonNode? a = before[key];
                JsonNode? b = after[key];
                if (FieldEquality.Same(spec, a, b))
                {
                    continue;
                }

                string name = spec?.DisplayName ?? key;
                if (spec?.Kind == FieldKind.Object && (a is JsonObject || b is JsonObject))
                {
                    var ao = a as JsonObject ?? new JsonObject();
                    var bo = b as JsonObject ?? new JsonObject();
                    foreach (string child in ao.Select(p => p.Key).Union(bo.Select(p => p.Key)))
                    {
                        FieldSpec? childSpec = spec.Children?.FirstOrDefault(c => c.JsonName == child);
                        if (!FieldEquality.Same(childSpec, ao[child], bo[child]))
                        {
                            string childName = childSpec?.DisplayName ?? child;
                            differences.Add(new FieldDifference(name + "." + childName, key + "." + child, ao[child], bo[child]));
                        }
                    }

                    continue;
                }

                differences.Add(new FieldDifference(name, key, a, b));
            }

            return differences;
        }

        private static List<string> Warn(JsonObject current, JsonObject body, ZtScope scope)
        {
            var warnings = new List<string>();

            // docs/cloudflare-api.md#what-users-of-other-tools-run-into (SIRT finding #1): losing deny_unmatched_requests silently exposes unmatched hostnames.
            if (scope.IsAccount && JsonValues.IsTrue(current["deny_unmatched_requests"]) && !JsonValues.IsTrue(body["deny_unmatched_requests"]))
            {
                warnings.Add("This turns DenyUnmatchedRequests off: requests to protected hostnames that no Access application matches will no longer be blocked.");
            }

            // docs/cloudflare-api.md#account-organization-fields: a new team domain logs out every existing Access session.
            string? oldDomain = JsonValues.AsString(current["auth_domain"]);
            string? newDomain = JsonValues.AsString(body["auth_domain"]);
            if (oldDomain != null && newDomain != null && !string.Equals(oldDomain, newDomain, StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add(InputText.Escape($"This changes AuthDomain from {oldDomain} to {newDomain}: every user is signed out of every Access application, and links to the old team domain stop working."));
            }

            return warnings;
        }

        private static void RemoveNulls(JsonObject obj)
        {
            foreach (string key in obj.Where(p => p.Value == null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }
        }
    }
}
