using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustOrg.Core.Organization
{
    internal enum FieldKind
    {
        Text,
        Hostname,
        Uuid,
        Boolean,
        Duration,
        TextList,
        Integer,
        IntegerList,
        Object,

        /// <summary>An instant, ISO 8601 text in answers (created_at, expires_at).</summary>
        Timestamp,

        /// <summary>A field Cloudflare returns that this module does not model yet: passed on as it is.</summary>
        Unmodelled,
    }

    [Flags]
    internal enum ScopeSet
    {
        None = 0,
        Account = 1,
        Zone = 2,
        Both = Account | Zone,
    }

    /// <summary>One field of the organization object and the rules Cloudflare applies to it.</summary>
    internal sealed class FieldSpec
    {
        public FieldSpec(string jsonName, string displayName, FieldKind kind)
        {
            JsonName = jsonName;
            DisplayName = displayName;
            Kind = kind;
        }

        public string JsonName { get; }

        /// <summary>The PascalCase name: the cmdlet parameter and the model property.</summary>
        public string DisplayName { get; }

        public FieldKind Kind { get; }

        public ScopeSet Writable { get; init; } = ScopeSet.Both;

        public ScopeSet Creatable { get; init; } = ScopeSet.Both;

        public bool RequiredOnCreate { get; init; }

        public bool ReadOnly { get; init; }

        /// <summary>A list whose order means nothing: two lists with the same members are equal (docs/cloudflare-api.md#live-answers-and-the-reference).</summary>
        public bool Unordered { get; init; }

        /// <summary>For durations: the only units allowed (null = any Go unit).</summary>
        public string[]? DurationUnits { get; init; }

        public TimeSpan? Minimum { get; init; }

        public TimeSpan? Maximum { get; init; }

        public long? MinimumNumber { get; init; }

        public long? MaximumNumber { get; init; }

        /// <summary>Allowed values for text, text lists and integer lists.</summary>
        public string[]? AllowedValues { get; init; }

        /// <summary>Old spellings accepted on input and rewritten to the current value.</summary>
        public IReadOnlyDictionary<string, string>? LegacyValues { get; init; }

        public IReadOnlyList<FieldSpec>? Children { get; init; }

        /// <summary>For objects: every child must be present when the object is set.</summary>
        public bool AllChildrenRequired { get; init; }

        /// <summary>Why a value was rejected is easier to act on with the rule in words.</summary>
        public string? RuleText { get; init; }

        public bool IsWritableAt(ZtScopeKind scope) => !ReadOnly && (Writable & ToSet(scope)) != 0;

        public bool IsCreatableAt(ZtScopeKind scope) => IsWritableAt(scope) && (Creatable & ToSet(scope)) != 0;

        public FieldSpec? FindChild(string name) => Children?.FirstOrDefault(c => OrganizationFields.NamesMatch(c, name));

        internal static ScopeSet ToSet(ZtScopeKind scope) => scope == ZtScopeKind.Account ? ScopeSet.Account : ScopeSet.Zone;
    }
}
