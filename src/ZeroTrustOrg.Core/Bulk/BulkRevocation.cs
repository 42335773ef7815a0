using System;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg.Core.Bulk
{
    /// <summary>
    /// One run of Revoke-ZtUser over many users: a bounded window of revocations in flight, results handed back in input
    /// order (exactly one per row), a line per user, progress, and the closing count. The caller drives it from the one
    /// thread that may write (the pipeline thread), and every output reaches the caller there, through the two callbacks:
    /// messages (the transport's, each user's line, progress with its percentage) and results.
    /// </summary>
    internal sealed class BulkRevocation
    {
        private readonly OrderedWorkQueue<ZtRevokeResult> _queue;
        private readonly ZtMessagePump _pump;
        private readonly Action<ZtMessage> _write;
        private readonly Action<ZtRevokeResult> _writeResult;
        private readonly ProgressThrottle _progress;
        private int _expected;
        private bool _finalProgressShown;
        private bool _warnedAboutUserPrincipalName;

        /// <param name="maxInFlight">How many revocations may be in flight at once.</param>
        /// <param name="expected">How many users there are, when known up front (-Email); 0 for piped input.</param>
        /// <param name="pump">Carries the transport's messages of work in flight to the calling thread.</param>
        /// <param name="write">Writes a message on the calling thread.</param>
        /// <param name="writeResult">Writes a user's result on the calling thread (with an error record when it failed).</param>
        /// <param name="progress">When progress is shown; by default a few times a second, after a quiet start.</param>
        public BulkRevocation(int maxInFlight, int expected, ZtMessagePump pump, Action<ZtMessage> write, Action<ZtRevokeResult> writeResult, ProgressThrottle? progress = null)
        {
            _queue = new OrderedWorkQueue<ZtRevokeResult>(maxInFlight);
            _expected = expected;
            _pump = pump ?? throw new ArgumentNullException(nameof(pump));
            _write = write ?? throw new ArgumentNullException(nameof(write));
            _writeResult = writeResult ?? throw new ArgumentNullException(nameof(writeResult));
            _progress = progress ?? new ProgressThrottle();
        }

        /// <summary>Input rows seen so far.</summary>
        public int Received { get; private set; }

        /// <summary>Results handed back so far.</summary>
        public int Done { get; private set; }

        public int Failed { get; private set; }

        /// <summary>Rows whose prompt was declined: a choice, not a failure.</summary>
        public int Skipped { get; private set; }

        /// <summary>Counts a new input row and returns its number, from 1.</summary>
        public int NextRow() => ++Received;

        /// <summary>
        /// The first address taken from UserPrincipalName gets a warning (a UPN is not always the mail address); one is
        /// enough for a run.
        /// </summary>
        public void Note(UserAddress address)
        {
            if (address.IsUserPrincipalName && !_warnedAboutUserPrincipalName)
            {
                _warnedAboutUserPrincipalName = true;
                _write(new ZtMessage(ZtMessageLevel.Warning, UserAddress.UserPrincipalNameWarning(address.Address)));
            }
        }

        /// <summary>A row without an address: it fails with a reason that names the row, and nothing is sent for it.</summary>
        public void AddWithoutAddress(int row, ZtScope scope, bool isEmulator) =>
            Add(ZtRevokeResult.NotSent(string.Empty, scope, null, UserAddress.Missing($"input row {row}"), isEmulator));

        /// <summary>
        /// A row settled without a request (bad input, a declined prompt). It queues behind the work in flight, so results
        /// stay in input order.
        /// </summary>
        public void Add(ZtRevokeResult settled) => Add(() => Task.FromResult(settled));

        /// <summary>Starts revoking one user, waiting first for room in the window (writing what completes meanwhile).</summary>
        public void AddRevocation(ZtClient client, ZtScope scope, RevokeUserRequest request, string emailSource, CancellationToken cancellationToken) =>
            Add(async () =>
            {
                ZtRevokeResult result = await BulkRevoke.RevokeOneAsync(client, scope, request, _pump, cancellationToken).ConfigureAwait(false);
                result.EmailSource = emailSource;
                return result;
            });

        /// <summary>Waits for every revocation in flight, writing each result as it completes.</summary>
        public void FinishInFlight()
        {
            while (_queue.Count > 0)
            {
                _pump.Run(_queue.WhenOldestCompleted(), _write);
                WriteCompleted();
            }
        }

        /// <summary>The input has ended: finish the work in flight, and show progress at 100% when a long run has not yet.</summary>
        public void Complete()
        {
            _expected = Received;
            FinishInFlight();

            // Piped input has a total only now. When every result was already written while input arrived (a fast
            // server), the final update has not been shown yet; show it, so a long run still ends at 100%.
            if (Done > 0 && !_finalProgressShown)
            {
                ReportProgress();
            }
        }

        /// <summary>The closing count, or null when no row was handled.</summary>
        public string? Summary =>
            Done == 0 ? null : $"Revoke-ZtUser: {Done} user(s): {Done - Failed - Skipped} revoked, {Failed} failed, {Skipped} skipped.";

        /// <summary>One user's line: the address (and the property it came from, when not given as text) and the outcome.</summary>
        public static string Describe(ZtRevokeResult result)
        {
            string who = result.Email.Length == 0 ? "(no address)" : result.EmailSource == null || result.EmailSource == UserAddress.GivenAsText
                ? result.Email
                : $"{result.Email} (from {result.EmailSource})";
            return $"{who}: {result.Status.ToLowerInvariant()}{(result.Revoked ? string.Empty : ": " + result.Error)}";
        }

        private void Add(Func<Task<ZtRevokeResult>> work)
        {
            while (_queue.IsFull)
            {
                _pump.Run(_queue.WhenOldestCompleted(), _write);
                WriteCompleted();
            }

            _queue.Start(work);
            WriteCompleted();
        }

        private void WriteCompleted()
        {
            _pump.Drain(_write);
            while (_queue.TryTakeCompleted(out ZtRevokeResult result))
            {
                Done++;
                _write(new ZtMessage(ZtMessageLevel.Verbose, Describe(result)));
                if (result.IsFailure)
                {
                    Failed++;
                }
                else if (!result.Revoked)
                {
                    Skipped++;
                }

                _writeResult(result);
                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            bool last = _expected > 0 && Done >= _expected;
            if (!_progress.ShouldShow(Done, _expected, last))
            {
                return;
            }

            _finalProgressShown = last;
            string of = _expected > 0 ? $" of {_expected}" : string.Empty;
            _write(new ZtMessage(ZtMessageLevel.Progress, $"{Done}{of} user(s) processed, {Failed} failed", ProgressThrottle.Percent(Done, _expected)));
        }
    }
}
