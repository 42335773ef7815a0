using System;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg
{
    /// <summary>
    /// The outcome of one revoke_user call. Revoked means Cloudflare accepted the revocation request; Cloudflare does
    /// not report whether the address matched a user (docs/cloudflare-api.md#revoking-a-user).
    /// </summary>
    public sealed class ZtRevokeResult
    {
        /// <summary>The Status of a user whose revocation Cloudflare accepted.</summary>
        public const string StatusRevoked = "Revoked";
        /// <summary>The Status of a user whose revocation failed or was refused.</summary>
        public const string StatusFailed = "Failed";
        /// <summary>The Status of a user not sent because the confirmation prompt was declined.</summary>
        public const string StatusSkipped = "Skipped";

        /// <summary>A result for <paramref name="email"/> in <paramref name="scope"/>; the outcome is filled in by the caller.</summary>
        /// <param name="email">The address to revoke.</param>
        /// <param name="scope">The account or zone, or null when none could be resolved.</param>
        public ZtRevokeResult(string email, ZtScope? scope)
        {
            Email = email;
            Scope = scope?.Kind.ToString();
            ScopeId = scope?.Id;
        }

        /// <summary>The address whose sessions were to be revoked.</summary>
        public string Email { get; }

        /// <summary>Where the address came from: Email, Mail, EmailAddress, UserPrincipalName, or Value (given as text).</summary>
        public string? EmailSource { get; internal set; }

        /// <summary>"Account" or "Zone" (text, so it converts to JSON as a word).</summary>
        public string? Scope { get; }

        /// <summary>The account or zone id the revocation was sent to.</summary>
        public string? ScopeId { get; }

        /// <summary>Revoked, Failed, or Skipped (the confirmation prompt was declined).</summary>
        public string Status => Revoked ? StatusRevoked : Skipped ? StatusSkipped : StatusFailed;

        /// <summary>True when Cloudflare accepted the revocation request (not proof that the address matched a user).</summary>
        public bool Revoked { get; internal set; }

        /// <summary>True when the confirmation prompt was declined, so nothing was sent for this user.</summary>
        internal bool Skipped { get; set; }

        /// <summary>Whether the user's WARP devices were revoked as well, as asked (account scope only).</summary>
        public bool? Devices { get; internal set; }

        /// <summary>Whether WARP sessions must authenticate again, as asked (account scope only).</summary>
        public bool? WarpSessionReauth { get; internal set; }

        /// <summary>The user's UID, when one was given.</summary>
        public string? UserUid { get; internal set; }

        /// <summary>Why the revocation failed or was skipped, or null.</summary>
        public string? Error { get; internal set; }

        /// <summary>The Cloudflare error code, when Cloudflare gave one.</summary>
        public int? ErrorCode { get; internal set; }

        /// <summary>True when the result came from the built-in emulator: nothing reached Cloudflare.</summary>
        public bool IsEmulator { get; internal set; }

        /// <summary>A result that echoes the request's options; the caller fills in the outcome.</summary>
        internal static ZtRevokeResult For(RevokeUserRequest request, ZtScope scope) =>
            new ZtRevokeResult(request.Email, scope) { Devices = request.Devices, WarpSessionReauth = request.WarpSessionReauth, UserUid = request.UserUid };

        /// <summary>A row that was not sent: bad input (with the error) or a declined prompt.</summary>
        public static ZtRevokeResult NotSent(string email, ZtScope? scope, string? emailSource, Exception? error, bool isEmulator)
        {
            return new ZtRevokeResult(email, scope)
            {
                EmailSource = emailSource,
                Skipped = error == null,
                Error = error?.Message ?? "Not sent: the confirmation prompt was declined.",
                Exception = error,
                IsEmulator = isEmulator,
            };
        }

        // Kept for the error record; not part of the object's public shape (ConvertTo-Json stays clean).
        internal Exception? Exception { get; set; }

        /// <summary>Whether this row needs an error record (skipped rows are a choice, not a failure).</summary>
        internal bool IsFailure => !Revoked && !Skipped;

        /// <summary>The exception behind a failed row (a generic one when Cloudflare answered false).</summary>
        internal Exception FailureException => Exception ?? new InvalidOperationException(Error ?? "The user's tokens were not revoked.");

        /// <summary>The address and how its revocation ended.</summary>
        public override string ToString() => Revoked ? $"{Email}: revoked" : $"{Email}: {Status.ToLowerInvariant()}: {Error ?? "not revoked"}";
    }
}
