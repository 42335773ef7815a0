using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using ZeroTrustOrg.Core;
using ZeroTrustOrg.Core.Transport;

namespace ZeroTrustOrg
{
    /// <summary>Bad input caught before any request is sent.</summary>
    public class ZtValidationException : ArgumentException
    {
        /// <remarks>The message is escaped here, once for every rule: it often repeats input, and input must not forge a log line.</remarks>
        public ZtValidationException(string parameterName, string message, string recommendedAction)
            : base(InputText.Escape(message))
        {
            Parameter = parameterName;
            RecommendedAction = recommendedAction;
        }

        /// <summary>The cmdlet parameter (or input property) the problem is in.</summary>
        public string Parameter { get; }

        public string RecommendedAction { get; }
    }

    /// <summary>One item of a Cloudflare failure envelope's <c>errors[]</c> (docs/cloudflare-api.md#envelope-and-errors).</summary>
    public sealed class ZtApiError
    {
        public ZtApiError(int code, string message, string? documentationUrl = null, string? pointer = null)
        {
            Code = code;
            Message = message;
            DocumentationUrl = documentationUrl;
            Pointer = pointer;
        }

        public int Code { get; }

        public string Message { get; }

        public string? DocumentationUrl { get; }

        /// <summary>JSON pointer to the offending field (<c>source.pointer</c>), when Cloudflare names one.</summary>
        public string? Pointer { get; }

        public override string ToString() => Pointer == null ? $"{Code}: {Message}" : $"{Code}: {Message} (at {Pointer})";
    }

    /// <summary>Cloudflare answered, and the answer was a failure.</summary>
    public class ZtApiException : Exception
    {
        public ZtApiException(
            HttpStatusCode statusCode,
            IReadOnlyList<ZtApiError> errors,
            string method,
            string redactedUrl,
            string? cfRay,
            string? bodyExcerpt = null,
            TimeSpan? retryAfter = null)
            : base(BuildMessage(statusCode, errors, method, redactedUrl, cfRay, bodyExcerpt))
        {
            StatusCode = statusCode;
            Errors = errors;
            Method = method;
            Url = redactedUrl;
            CfRay = cfRay;
            BodyExcerpt = bodyExcerpt;
            RetryAfter = retryAfter;
        }

        public HttpStatusCode StatusCode { get; }

        public IReadOnlyList<ZtApiError> Errors { get; }

        public string Method { get; }

        /// <summary>The request URL with credentials and sensitive query values removed.</summary>
        public string Url { get; }

        public string? CfRay { get; }

        /// <summary>The start of a body that was not a Cloudflare envelope (an HTML page from the edge, say).</summary>
        public string? BodyExcerpt { get; }

        public TimeSpan? RetryAfter { get; }

        public bool HasCode(int code) => Errors.Any(e => e.Code == code);

        public bool HasMessageKey(string key) =>
            Errors.Any(e => e.Message.IndexOf(key, StringComparison.OrdinalIgnoreCase) >= 0);

        private static string BuildMessage(HttpStatusCode status, IReadOnlyList<ZtApiError> errors, string method, string url, string? ray, string? excerpt)
        {
            string what = errors.Count > 0
                ? string.Join("; ", errors.Select(e => e.ToString()))
                : excerpt != null ? "the response was not a Cloudflare JSON envelope: " + excerpt : "no error details were returned";
            string rayText = ray == null ? string.Empty : $", cf-ray {ray}";
            return $"Cloudflare returned {(int)status} {status} for {method} {url}{rayText}: {what}";
        }
    }

    /// <summary>No usable answer arrived: the connection failed, the attempt timed out, or the body was cut off.</summary>
    public class ZtTransportException : Exception
    {
        public ZtTransportException(string method, string redactedUrl, bool timedOut, int attempts, Exception? inner, bool responseIncomplete = false)
            : base(timedOut
                ? $"{method} {redactedUrl} timed out after {attempts} attempt(s); {(responseIncomplete ? "the response body did not arrive in time" : "no response arrived")}."
                : responseIncomplete
                    ? $"{method} {redactedUrl} failed after {attempts} attempt(s): the response body was cut off ({Redaction.Text(inner?.GetBaseException().Message ?? "connection closed")})."
                    : $"{method} {redactedUrl} failed after {attempts} attempt(s): {Redaction.Text(inner?.GetBaseException().Message ?? "no response arrived")}", inner)
        {
            Method = method;
            Url = redactedUrl;
            TimedOut = timedOut;
            Attempts = attempts;
            ResponseIncomplete = responseIncomplete;
        }

        /// <summary>The status and headers arrived, the body did not (whole).</summary>
        public bool ResponseIncomplete { get; }

        public string Method { get; }

        public string Url { get; }

        public bool TimedOut { get; }

        public int Attempts { get; }
    }

    /// <summary>
    /// The request never left: the credential's rate-limit budget did not allow it within the budget-wait limit.
    /// Not a timeout of Cloudflare, which never saw the request.
    /// </summary>
    public class ZtBudgetWaitException : Exception
    {
        public ZtBudgetWaitException(string method, string redactedUrl, TimeSpan waited, int limit, TimeSpan window)
            : base($"{method} {redactedUrl} was not sent: the module waited {waited.TotalSeconds:0.#} s for rate-limit budget " +
                   $"({limit} requests per {window.TotalSeconds:0.#} s on this credential) and none became free.")
        {
            Method = method;
            Url = redactedUrl;
            Waited = waited;
        }

        public string Method { get; }

        public string Url { get; }

        public TimeSpan Waited { get; }
    }

    /// <summary>A 2xx answer whose body could not be understood.</summary>
    public class ZtProtocolException : Exception
    {
        public ZtProtocolException(string message, string method, string redactedUrl, string? cfRay, Exception? inner = null)
            : base($"{message} ({method} {redactedUrl}{(cfRay == null ? string.Empty : ", cf-ray " + cfRay)})", inner)
        {
            Method = method;
            Url = redactedUrl;
            CfRay = cfRay;
        }

        public string Method { get; }

        public string Url { get; }

        public string? CfRay { get; }

        /// <summary>The 2xx status Cloudflare answered with, when known: a write with such an answer was applied.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>What the answer held instead of an envelope, in a few words ("a body that is not JSON").</summary>
        public string? Answer { get; internal set; }
    }

    /// <summary>
    /// A read whose answer cannot serve at all: it holds no result, or a result that is not an object
    /// (docs/cloudflare-api.md#live-answers-and-the-reference). Odd values inside a result never fail a read.
    /// </summary>
    public sealed class ZtResultShapeException : ZtProtocolException
    {
        public ZtResultShapeException(string what, string came, string method, string redactedUrl, string? cfRay)
            : base($"Cloudflare's answer held {came} where {what} should be", method, redactedUrl, cfRay)
        {
            Came = came;
            ResultMissing = came == "no result";
        }

        /// <summary>What the result was instead: "no result", "null", "a list", "text", ...</summary>
        public string Came { get; }

        /// <summary>True when the answer had no result at all (or null); false when it had one of another type.</summary>
        public bool ResultMissing { get; }
    }

    /// <summary>The context can no longer be used (Disconnect-ZtAccount was called on it).</summary>
    public sealed class ZtNotConnectedException : InvalidOperationException
    {
        public ZtNotConnectedException(string message, Exception? inner = null) : base(message, inner)
        {
        }
    }

    /// <summary>
    /// The server answered with a redirect. The Cloudflare API never redirects (docs/cloudflare-api.md#redirects),
    /// and a followed redirect would carry the credential headers and the body to whatever host it names.
    /// </summary>
    public sealed class ZtRedirectRefusedException : Exception
    {
        public ZtRedirectRefusedException(string method, string redactedUrl, int status, string targetHost)
            : base($"{method} {redactedUrl} answered {status} redirecting to {targetHost}; redirects are never followed, so nothing was sent there.")
        {
            Method = method;
            Url = redactedUrl;
            Status = status;
            TargetHost = targetHost;
        }

        public string Method { get; }

        public string Url { get; }

        public int Status { get; }

        /// <summary>The host (and port) the redirect pointed at, or a note that it named none.</summary>
        public string TargetHost { get; }
    }
}
