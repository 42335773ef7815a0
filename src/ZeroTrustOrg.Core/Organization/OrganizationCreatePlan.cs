using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ZeroTrustOrg.Core.Organization
{
    /// <summary>
    /// A create worked out before anything is sent (docs/cloudflare-api.md#create): the POST body, what was left out on
    /// purpose, and the fields as a prompt or -WhatIf shows them.
    /// </summary>
    internal sealed class OrganizationCreatePlan
    {
        private OrganizationCreatePlan(ZtScope scope, JsonObject body, IReadOnlyList<string> notes)
        {
            Scope = scope;
            Body = body;
            Notes = notes;
            Fields = body.Select(p => $"{p.Key}: {p.Value?.ToJsonString()}").ToList();
        }

        public ZtScope Scope { get; }

        /// <summary>What the POST carries: only what the user gave, checked against the create schema of the scope.</summary>
        public JsonObject Body { get; }

        /// <summary>Input that was skipped on purpose (fields the scope does not have at create).</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>One line per field of the body, as the API names it with its JSON value (name: "Contoso").</summary>
        public IReadOnlyList<string> Fields { get; }

        /// <summary>Validates <paramref name="change"/> for a create in <paramref name="scope"/>; bad input throws before anything is sent.</summary>
        public static OrganizationCreatePlan For(OrganizationChange change, ZtScope scope)
        {
            JsonObject body = OrganizationPlanner.BuildCreateBody(change, scope, out IReadOnlyList<string> notes);
            return new OrganizationCreatePlan(scope, body, notes);
        }
    }
}
