using System;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>One accepted revoke_user call (docs/cloudflare-api.md#revoking-a-user).</summary>
    internal sealed class RevocationRecord
    {
        /// <summary>"account" or "zone".</summary>
        public string ScopeKind { get; init; } = "";

        public string ScopeId { get; init; } = "";
        public string Email { get; init; } = "";
        public string? UserUid { get; init; }

        /// <summary>The body's <c>devices</c> flag, when sent.</summary>
        public bool? Devices { get; init; }

        /// <summary>The <c>?devices=</c> query parameter, when sent.</summary>
        public bool? DevicesQuery { get; init; }

        public bool? WarpSessionReauth { get; init; }
        public DateTimeOffset Time { get; init; }

        /// <summary>Whether the user's devices were revoked too: the body flag wins over the query.</summary>
        public bool RevokesDevices => Devices ?? DevicesQuery ?? false;
    }
}
