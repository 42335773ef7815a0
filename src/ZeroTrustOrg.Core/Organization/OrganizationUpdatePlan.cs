using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>A read-modify-write update worked out before anything is sent (docs/cloudflare-api.md#update).</summary>
    internal sealed class OrganizationUpdatePlan
    {
        internal OrganizationUpdatePlan(OrganizationChange change, ZtScope scope, JsonObject current, JsonObject body, IReadOnlyList<FieldDifference> differences, IReadOnlyList<string> warnings, IReadOnlyList<string> notes)
        {
            Change = change;
            Scope = scope;
            Current = current;
            Body = body;
            Differences = differences;
            Warnings = warnings;
            Notes = notes;
        }

        public ZtScope Scope { get; }

        /// <summary>True when the organization was read from the built-in emulator; results built from the plan say so.</summary>
        public bool IsEmulator { get; internal set; }

        /// <summary>What the user asked for; a retried write applies it again to a fresh read.</summary>
        internal OrganizationChange Change { get; }

        /// <summary>The organization as read just now.</summary>
        public JsonObject Current { get; }

        /// <summary>The organization's name as read just now (null when Cloudflare sent none or not as text).</summary>
        public string? Name => JsonValues.AsString(Current["name"]);

        /// <summary>
        /// When <see cref="Current"/> was read (the client's clock); null for a plan made from JSON the client did not read
        /// itself, which counts as old. A PUT from an older read than <see cref="Transport.TransportSettings.MaxReadAgeBeforeWrite"/> reads again first.
        /// </summary>
        public DateTimeOffset? ReadAt { get; internal set; }

        /// <summary>The complete writable object for the scope that the PUT will carry.</summary>
        public JsonObject Body { get; }

        public IReadOnlyList<FieldDifference> Differences { get; }

        /// <summary>Consequences the user should hear about before saying yes (sign-outs, protection turned off).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Input that was skipped on purpose (read-only fields, fields the scope does not have).</summary>
        public IReadOnlyList<string> Notes { get; }

        public bool HasChanges => Differences.Count > 0;

        /// <summary>
        /// The change can hurt people at once (every user signed out, protection turned off), so it is confirmed even
        /// when the preferences would not ask; the warnings say what happens.
        /// </summary>
        public bool NeedsConfirmation => Warnings.Count > 0;

        /// <summary>The organization as read just now, typed, for output when nothing needed writing.</summary>
        public ZtOrganization ReadOrganization()
        {
            ZtOrganization organization = Core.Reading.OrganizationAnswer.Read(Current, Scope);
            organization.IsEmulator = IsEmulator;
            return organization;
        }

        public string DescribeDifferences() => HasChanges ? string.Join(Environment.NewLine, Differences.Select(d => d.ToString())) : "no changes";
    }
}
