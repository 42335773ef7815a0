using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core.Transport;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Bench
{
    /// <summary>The users and the connection every benchmark shares, so ours and the peer do the same work.</summary>
    public static class Workload
    {
        public static readonly string Token = EmulatorDefaults.ApiToken;
        public static readonly string AccountId = EmulatorDefaults.AccountId;
        public static readonly ZtScope Scope = ZtScope.Account(EmulatorDefaults.AccountId);

        /// <summary>The same addresses as bench/node/peer.mjs.</summary>
        public static string Email(int i) => $"user{i:D6}@example.com";

        /// <summary>Our client as Connect-ZtAccount builds it: the default HttpClientHandler, pacing at the given budget.</summary>
        public static ZtClient OurClient(Uri baseUri, int rateLimitRequests, TimeSpan rateLimitWindow)
        {
            var settings = new TransportSettings { RateLimitRequests = rateLimitRequests, RateLimitWindow = rateLimitWindow };
            ZtCredential credential = ZtCredential.FromToken(ZtCredential.ToSecureString(Token));

            // A pacer of its own, so one run's budget never leaks into the next (the shared one is keyed by credential and host).
            return ZtClient.Create(credential, baseUri, settings, inner: null, clock: null, pacer: new RequestPacer(rateLimitRequests, rateLimitWindow));
        }

        /// <summary>
        /// Exactly what Revoke-ZtUser does with piped users: at most <paramref name="window"/> in flight through
        /// <see cref="OrderedWorkQueue{T}"/>, each through <see cref="BulkRevoke.RevokeOneAsync"/>, results taken in input order.
        /// </summary>
        public static async Task RevokeAllAsync(ZtClient client, IEnumerable<string> emails, int window, Action<ZtRevokeResult> onResult, CancellationToken cancellationToken = default)
        {
            var queue = new OrderedWorkQueue<ZtRevokeResult>(window);
            foreach (string email in emails)
            {
                var request = new RevokeUserRequest(email);
                while (queue.IsFull)
                {
                    await queue.WhenOldestCompleted().ConfigureAwait(false);
                    Drain(queue, onResult);
                }

                queue.Start(() => BulkRevoke.RevokeOneAsync(client, Scope, request, NullZtLog.Instance, cancellationToken));
                Drain(queue, onResult);
            }

            while (queue.Count > 0)
            {
                await queue.WhenOldestCompleted().ConfigureAwait(false);
                Drain(queue, onResult);
            }
        }

        public static IEnumerable<string> Emails(int from, int count) => Enumerable.Range(from, count).Select(Email);

        private static void Drain(OrderedWorkQueue<ZtRevokeResult> queue, Action<ZtRevokeResult> onResult)
        {
            while (queue.TryTakeCompleted(out ZtRevokeResult result))
            {
                onResult(result);
            }
        }
    }
}
