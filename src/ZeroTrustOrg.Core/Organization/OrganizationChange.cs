using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>
    /// What the user asked to change, and nothing else. Fields the user did not name never appear here,
    /// so a write built from it can never change them (docs/cloudflare-api.md#update).
    /// </summary>
    internal sealed class OrganizationChange
    {
        private readonly List<Edit> _edits = new List<Edit>();

        internal enum EditKind
        {
            SetField,
            ClearField,
            SetChild,
            ClearChild,
        }

        public bool IsEmpty => _edits.Count == 0;

        internal IReadOnlyList<Edit> Edits => _edits;

        /// <summary>Sets a top-level field; a null value clears it.</summary>
        public void Set(string field, object? value, string parameter)
        {
            FieldSpec spec = OrganizationFields.Find(field) ?? throw new ArgumentException($"'{field}' is not an organization field.", nameof(field));
            if (spec.Kind == FieldKind.Object && value != null)
            {
                MergeObject(field, value, parameter);
                return;
            }

            _edits.Add(new Edit(spec, spec.JsonName, null, JsonValues.FromClr(value), value == null ? EditKind.ClearField : EditKind.SetField, parameter, explicitParameter: true));
        }

        /// <summary>Merges into a nested object key by key; a key with a null value is cleared.</summary>
        public void MergeObject(string field, object entries, string parameter)
        {
            FieldSpec spec = OrganizationFields.Find(field) ?? throw new ArgumentException($"'{field}' is not an organization field.", nameof(field));
            AddObjectEdits(spec, JsonValues.FromClr(entries), parameter, explicitParameter: true);
        }

        /// <summary>
        /// Applies a desired-state object (a hashtable, or JSON from a file): every field it carries is set,
        /// nested objects merge key by key, explicit nulls clear. Fields the object leaves out are kept.
        /// Fields the scope cannot write, and read-only fields, are skipped with a note rather than an error.
        /// Names this module does not know are kept here and checked against the organization as read
        /// (<see cref="OrganizationPlanner.PlanUpdate"/>): only a field Cloudflare returns today may pass.
        /// </summary>
        public void AddDesiredState(JsonObject desired, string parameter = "InputObject")
        {
            desired = WithUnmodelledInPlace(desired, parameter);
            int depth = Depth(desired);
            if (depth > OrganizationFields.MaxDepth)
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} nests {depth} levels deep, and an organization nests at most {OrganizationFields.MaxDepth} (a field holding an object of lists); nothing was sent.",
                    "Pass only organization fields, for example @{ LoginDesign = @{ HeaderText = 'Sign in' } }.");
            }

            foreach (var property in desired)
            {
                if (OrganizationFields.ModuleOnlyProperties.Contains(property.Key) || OrganizationFields.WithdrawnFields.Contains(property.Key))
                {
                    continue;
                }

                FieldSpec? spec = OrganizationFields.Find(property.Key);
                string label = parameter + "." + property.Key;
                JsonNode? value = property.Value?.DeepClone();
                if (spec == null)
                {
                    _edits.Add(new Edit(null, property.Key, null, value, value == null ? EditKind.ClearField : EditKind.SetField, label, explicitParameter: false));
                }
                else if (spec.Kind == FieldKind.Object && value != null)
                {
                    AddObjectEdits(spec, value, label, explicitParameter: false);
                }
                else
                {
                    _edits.Add(new Edit(spec, spec.JsonName, null, value, value == null ? EditKind.ClearField : EditKind.SetField, label, explicitParameter: false));
                }
            }
        }

        /// <summary>
        /// Applies a typed organization (from Get-ZtOrganization) as desired state. One that was read from
        /// Cloudflare carries what it looked like then, and only what was changed on it since is applied
        /// (the Set-ADUser -Instance pattern): a stale copy never writes back fields someone else changed.
        /// </summary>
        public void AddDesiredState(ZtOrganization desired, string parameter = "InputObject")
        {
            JsonObject now = Serialize(desired);
            if (desired.ReadState == null)
            {
                AddDesiredState(now, parameter);
                return;
            }

            AddDesiredState(ChangesSince(Serialize(ZeroTrustOrg.Core.Reading.AnswerReader.Organization(desired.ReadState)), now), parameter);
        }

        /// <summary>
        /// An export keeps the fields this module does not model under <see cref="DesiredStateFile.UnmodelledProperty"/>;
        /// they are put back where Cloudflare has them, and are then checked like any unknown name (only a field
        /// Cloudflare returns today may pass).
        /// </summary>
        private static JsonObject WithUnmodelledInPlace(JsonObject desired, string parameter)
        {
            JsonNode? extra = desired[DesiredStateFile.UnmodelledProperty];
            if (!desired.ContainsKey(DesiredStateFile.UnmodelledProperty))
            {
                return desired;
            }

            if (extra != null && extra is not JsonObject)
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter}: '{DesiredStateFile.UnmodelledProperty}' must be an object of fields, as Export-ZtOrganization writes it; nothing was sent.",
                    "Export the organization again, or remove the property.");
            }

            var merged = new JsonObject();
            foreach (var property in desired.Where(p => p.Key != DesiredStateFile.UnmodelledProperty))
            {
                merged[property.Key] = property.Value?.DeepClone();
            }

            foreach (var property in (JsonObject?)extra ?? new JsonObject())
            {
                FieldSpec? spec = OrganizationFields.Find(property.Key);
                if (spec?.Kind == FieldKind.Object && property.Value is JsonObject keys)
                {
                    var nested = merged[spec.JsonName] is JsonObject known ? (JsonObject)known.DeepClone() : new JsonObject();
                    foreach (var key in keys)
                    {
                        nested[key.Key] = key.Value?.DeepClone();
                    }

                    merged[spec.JsonName] = nested;
                }
                else
                {
                    merged[property.Key] = property.Value?.DeepClone();
                }
            }

            return merged;
        }

        /// <summary>What differs from <paramref name="before"/> in <paramref name="after"/>, with explicit nulls for what was removed; objects compare key by key.</summary>
        internal static JsonObject ChangesSince(JsonObject before, JsonObject after)
        {
            var changed = new JsonObject();
            foreach (string key in before.Select(p => p.Key).Union(after.Select(p => p.Key)).ToList())
            {
                JsonNode? was = before[key];
                JsonNode? now = after[key];
                if (JsonNode.DeepEquals(was, now))
                {
                    continue;
                }

                if (was is JsonObject wasObject && now is JsonObject nowObject)
                {
                    changed[key] = ChangesSince(wasObject, nowObject);
                }
                else
                {
                    changed[key] = now?.DeepClone();
                }
            }

            return changed;
        }

        private static JsonObject Serialize(ZtOrganization organization) =>
            (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(organization, ZeroTrustOrg.Core.ZtJsonContext.Default.ZtOrganization)!;

        /// <summary>Levels of nesting below <paramref name="node"/>: a value is 0, an object of values 1.</summary>
        internal static int Depth(JsonNode? node) => node switch
        {
            JsonObject obj => 1 + (obj.Count == 0 ? 0 : obj.Max(p => Depth(p.Value))),
            JsonArray array => 1 + (array.Count == 0 ? 0 : array.Max(Depth)),
            _ => 0,
        };

        private void AddObjectEdits(FieldSpec spec, JsonNode? value, string parameter, bool explicitParameter)
        {
            if (spec.Kind != FieldKind.Object)
            {
                throw new ArgumentException($"'{spec.DisplayName}' is not an object field.", nameof(spec));
            }

            if (value is not JsonObject obj)
            {
                throw new ZtValidationException(parameter,
                    $"-{parameter} must be a hashtable or object with keys {string.Join(", ", spec.Children!.Select(c => c.DisplayName))}.",
                    $"For example: -{spec.DisplayName} @{{ {spec.Children![0].DisplayName} = '...' }}");
            }

            foreach (var property in obj)
            {
                FieldSpec? child = spec.FindChild(property.Key);
                if (child == null)
                {
                    if (!explicitParameter)
                    {
                        if (OrganizationFields.ModuleOnlyProperties.Contains(property.Key))
                        {
                            continue;
                        }

                        // Checked against the organization as read: a key Cloudflare returns today may pass.
                        child = new FieldSpec(property.Key, property.Key, FieldKind.Unmodelled);
                    }
                    else
                    {
                        string? suggestion = NameSuggestion.ForField(property.Key, spec.Children!);
                        throw new ZtValidationException(parameter,
                            $"-{parameter} has an unknown key '{property.Key}'.{(suggestion == null ? string.Empty : $" Did you mean '{suggestion}'?")} Valid keys: {string.Join(", ", spec.Children!.Select(c => c.DisplayName))}.",
                            "Use one of the listed keys (PascalCase or the API's snake_case both work).");
                    }
                }

                JsonNode? childValue = property.Value?.DeepClone();
                _edits.Add(new Edit(spec, spec.JsonName, child, childValue, childValue == null ? EditKind.ClearChild : EditKind.SetChild, parameter, explicitParameter));
            }
        }

        internal sealed class Edit
        {
            public Edit(FieldSpec? spec, string name, FieldSpec? child, JsonNode? value, EditKind kind, string parameter, bool explicitParameter)
            {
                Spec = spec;
                Name = name;
                Child = child;
                Value = value;
                Kind = kind;
                Parameter = parameter;
                ExplicitParameter = explicitParameter;
            }

            public FieldSpec? Spec { get; }

            public string Name { get; }

            public FieldSpec? Child { get; }

            public JsonNode? Value { get; }

            public EditKind Kind { get; }

            public string Parameter { get; }

            /// <summary>True for a cmdlet parameter (errors are strict); false for desired-state input (inapplicable fields are skipped).</summary>
            public bool ExplicitParameter { get; }

            public FieldSpec? ValueSpec => Child ?? Spec;

            /// <summary>A name this module does not model: valid only if the organization as read has it.</summary>
            public bool IsUnmodelled => Spec == null || Child?.Kind == FieldKind.Unmodelled;
        }
    }
}
