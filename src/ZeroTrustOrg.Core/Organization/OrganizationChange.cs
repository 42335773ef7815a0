using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>
    /// What the user asked to change, and nothing else. Fields the user did not name never appear here,
    /// so a write built from it can never change them (api-contract §2.2).
    /// </summary>
    public sealed class OrganizationChange
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
        /// Applies a desired-state object (a ZtOrganization, or JSON from a file): every field it carries is set,
        /// nested objects merge key by key, explicit nulls clear. Fields the object leaves out are kept.
        /// Fields the scope cannot write, and read-only fields, are skipped with a note rather than an error.
        /// </summary>
        public void AddDesiredState(JsonObject desired, string parameter = "InputObject")
        {
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

        /// <summary>Applies a typed organization (from Get-ZtOrganization) as desired state.</summary>
        public void AddDesiredState(ZtOrganization desired, string parameter = "InputObject")
        {
            var json = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(desired, ZeroTrustOrg.Core.ZtJsonContext.Default.ZtOrganization)!;
            AddDesiredState(json, parameter);
        }

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
                    if (!explicitParameter && OrganizationFields.ModuleOnlyProperties.Contains(property.Key))
                    {
                        continue;
                    }

                    throw new ZtValidationException(parameter,
                        $"-{parameter} has an unknown key '{property.Key}'. Valid keys: {string.Join(", ", spec.Children!.Select(c => c.DisplayName))}.",
                        "Use one of the listed keys (PascalCase or the API's snake_case both work).");
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
        }
    }
}
