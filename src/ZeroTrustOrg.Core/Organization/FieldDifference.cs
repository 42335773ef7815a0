using System.Text.Json.Nodes;
using ZeroTrustOrg.Core;

// The Format.ps1xml view selects this type by its full name, so it stays in ZeroTrustOrg outside the folder's namespace.
namespace ZeroTrustOrg
{
    using ZeroTrustOrg.Core.Organization;

    /// <summary>One field whose value a write would change.</summary>
    internal sealed class FieldDifference
    {
        public FieldDifference(string field, string before, string after)
            : this(field, field, null, null)
        {
            Before = InputText.Escape(before);
            After = InputText.Escape(after);
        }

        /// <remarks>
        /// The shown forms (Field, Before, After) are escaped here, once: differences appear in -WhatIf, prompts,
        /// views and verbose lines, and their names and values are input that must not start a line of its own.
        /// </remarks>
        internal FieldDifference(string field, string path, JsonNode? current, JsonNode? desired)
        {
            Field = InputText.Escape(field);
            Path = path;
            Current = current?.DeepClone();
            Desired = desired?.DeepClone();
            Before = InputText.Escape(JsonValues.Display(current));
            After = InputText.Escape(JsonValues.Display(desired));
        }

        /// <summary>The field as the cmdlet parameters name it, with a dot for nested keys (LoginDesign.HeaderText).</summary>
        public string Field { get; }

        /// <summary>The field as the API names it, with a dot for nested keys (login_design.header_text).</summary>
        public string Path { get; }

        internal JsonNode? Current { get; }

        internal JsonNode? Desired { get; }

        public string Before { get; }

        public string After { get; }

        public override string ToString() => $"{Field}: {Before} -> {After}";
    }
}
