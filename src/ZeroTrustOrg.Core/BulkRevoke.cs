using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustOrg.Core
{
    /// <summary>Revokes users one by one for a bulk run; a failure becomes the user's result, never an exception.</summary>
    internal static class BulkRevoke
    {
        public static async Task<ZtRevokeResult> RevokeOneAsync(ZtClient client, ZtScope scope, RevokeUserRequest request, Core.Transport.IZtLog log, CancellationToken cancellationToken)
        {
            try
            {
                return await client.RevokeUserAsync(scope, request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ZtRevokeResult failed = ZtRevokeResult.For(request, scope);
                failed.IsEmulator = client.IsEmulator;
                failed.Error = ZtErrorInfo.Describe(ex).Meaning;
                failed.ErrorCode = ex is ZtApiException api && api.Errors.Count > 0 ? api.Errors[0].Code : (int?)null;
                failed.Exception = ex;
                return failed;
            }
        }
    }
}
