using System;
using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    public enum JournalOperation
    {
        GetOrganization,
        CreateOrganization,
        UpdateOrganization,
        RevokeUser,
        GetDoh,
        UpdateDoh,
        VerifyToken,
        Unknown,
    }

    /// <summary>What the emulator saw and did for one request. Holds no secret: credentials appear only as labels.</summary>
    public sealed class JournalEntry
    {
        public long Sequence { get; init; }
        public DateTimeOffset Time { get; init; }
        public string Method { get; init; } = "";

        /// <summary>The path without the query string.</summary>
        public string Path { get; init; } = "";

        public string Query { get; init; } = "";

        /// <summary>The status the client saw; 0 when the connection was reset.</summary>
        public int StatusCode { get; init; }

        public JournalOperation Operation { get; init; }

        /// <summary>The state changed, or a revocation was recorded, whatever the client finally saw.</summary>
        public bool Applied { get; init; }

        /// <summary>"account" or "zone".</summary>
        public string? ScopeKind { get; init; }

        public string? ScopeId { get; init; }

        /// <summary>The revoked user's email, for revoke_user.</summary>
        public string? Email { get; init; }

        public string? RequestBody { get; init; }
        public FaultKind? Fault { get; init; }

        /// <summary>A label such as "token#1" or "key:admin@example.com"; "anonymous" when the credential was not recognised.</summary>
        public string CredentialId { get; init; } = "anonymous";

        /// <summary>The request headers, with Authorization and X-Auth-Key values replaced by "[redacted]".</summary>
        public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

        /// <summary>The cf-ray id sent with the response.</summary>
        public string RayId { get; init; } = "";

        /// <summary>The first error code of a failure envelope, when there was one.</summary>
        public int? ErrorCode { get; init; }
    }
}
