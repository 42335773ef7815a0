using System;
using System.Management.Automation;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    internal static class ErrorRecords
    {
        /// <summary>
        /// Builds a record whose id, category and recommended action come from Core's <see cref="ZtErrorInfo"/>. The
        /// details message leads with the meaning; the Cloudflare code, request and cf-ray follow on their own lines.
        /// </summary>
        public static ErrorRecord From(Exception exception, object? target)
        {
            ZtErrorInfo info = ZtErrorInfo.Describe(exception);
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), info.Category.ToString());
            var record = new ErrorRecord(exception, info.ErrorId, category, target)
            {
                ErrorDetails = new ErrorDetails(info.Message) { RecommendedAction = info.RecommendedAction },
            };
            return record;
        }
    }
}
