using System;
using System.Globalization;
using System.Linq;

namespace ZeroTrustOrg.Core
{
    /// <summary>The names match System.Management.Automation.ErrorCategory; the cmdlet layer converts by name.</summary>
    internal enum ZtErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        ResourceBusy,
        ResourceExists,
        LimitsExceeded,
        ConnectionError,
        OperationTimeout,
        ResourceUnavailable,
        InvalidResult,
        InvalidOperation,
        OperationStopped,
        ProtocolError,
        SecurityError,
    }

    /// <summary>
    /// What an error means to the user: a stable ErrorId, a category, one short sentence of meaning, the detail
    /// (Cloudflare code, cf-ray, URL) on later lines, and what to do about it. At 80 columns the first line is
    /// the meaning, not the transport.
    /// </summary>
    internal sealed class ZtErrorInfo
    {
        private ZtErrorInfo(string errorId, ZtErrorCategory category, string meaning, string recommendedAction)
        {
            ErrorId = errorId;
            Category = category;
            Meaning = meaning;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }

        public ZtErrorCategory Category { get; }

        /// <summary>One short sentence: what went wrong, in the user's terms.</summary>
        public string Meaning { get; }

        /// <summary>The Cloudflare code and message, the request and the cf-ray id; empty for input errors.</summary>
        public string[] Details { get; private set; } = Array.Empty<string>();

        public string RecommendedAction { get; }

        /// <summary>The meaning, then each detail on its own line.</summary>
        public string Message => Details.Length == 0 ? Meaning : Meaning + Environment.NewLine + string.Join(Environment.NewLine, Details);

        internal static bool IsNotEnabled(ZtApiException ex) => ex.HasCode(9999) || ex.HasMessageKey("access.api.error.not_enabled");

        /// <summary>Maps an exception to its story. Codes and meanings come from docs/cloudflare-api.md#envelope-and-errors, docs/cloudflare-api.md#endpoints, docs/cloudflare-api.md#authentication.</summary>
        public static ZtErrorInfo Describe(Exception exception)
        {
            ZtErrorInfo info = DescribeKind(exception);
            info.Details = DetailsOf(exception);
            return info;
        }

        private static ZtErrorInfo DescribeKind(Exception exception)
        {
            switch (exception)
            {
                case ZtValidationException v:
                    return new ZtErrorInfo("ZtInvalidArgument." + v.Parameter, ZtErrorCategory.InvalidArgument, v.Message, v.RecommendedAction);
                case ZtNotConnectedException n:
                    return new ZtErrorInfo("ZtNotConnected", ZtErrorCategory.AuthenticationError, n.Message,
                        "Run Connect-ZtAccount (or pass -Context with a connected context).");
                case ZtBudgetWaitException _:
                    return new ZtErrorInfo("ZtRateLimitBudgetWaitExceeded", ZtErrorCategory.LimitsExceeded,
                        "Nothing was sent: the module waited for rate-limit budget and none became free in time.",
                        "The credential's budget is spent (by this session, another tool or the dashboard). " +
                        "Try again after the window resets, send fewer requests, or raise -MaxBudgetWait on Connect-ZtAccount.");
                case ZtOrganizationChangedException changed:
                    return new ZtErrorInfo("ZtOrganizationChangedWhileConfirming", ZtErrorCategory.ResourceBusy,
                        $"{changed.Plan.Scope} changed after the change was confirmed, and nobody could be asked again; nothing was written.",
                        "Someone else is changing this organization. Look at it now (Get-ZtOrganization), then run the command again: it asks about the values as they are then.");
                case ZtRedirectRefusedException r:
                    return new ZtErrorInfo("ZtRedirectRefused", ZtErrorCategory.SecurityError,
                        $"The request was redirected to {r.TargetHost}; the module does not follow redirects.",
                        "The Cloudflare API does not redirect, so something between you and it answered instead. Check -BaseUri, -Proxy and CLOUDFLARE_BASE_URL; the credential was not sent to the redirect target.");
                case ZtTransportException t when t.TimedOut:
                    return new ZtErrorInfo("ZtRequestTimedOut", ZtErrorCategory.OperationTimeout, "Cloudflare did not answer in time.",
                        $"No answer came after {t.Attempts} attempt(s). Try again later, or raise -RequestTimeout on Connect-ZtAccount.");
                case ZtTransportException t when t.ResponseIncomplete:
                    return new ZtErrorInfo("ZtResponseIncomplete", ZtErrorCategory.ConnectionError, "The connection dropped while Cloudflare's answer was arriving.",
                        $"It happened {t.Attempts} time(s). A proxy or an unstable network usually causes this; try again, or raise -MaxRetries on Connect-ZtAccount.");
                case ZtTransportException t:
                    return new ZtErrorInfo("ZtConnectionFailed", ZtErrorCategory.ConnectionError, "Cloudflare could not be reached.",
                        $"No response after {t.Attempts} attempt(s). Check network access to the API host (proxy, firewall, DNS), then try again.");
                case ZtResultShapeException shape:
                    return new ZtErrorInfo(shape.ResultMissing ? "ZtResultMissing" : "ZtResultNotAnObject", ZtErrorCategory.InvalidResult,
                        shape.ResultMissing ? "Cloudflare's answer held no result to read." : $"Cloudflare's answer held {shape.Came} where an object should be.",
                        "Nothing was changed by this read. Try again; if it persists, report it with the cf-ray id.");
                case ZtProtocolException _:
                    return new ZtErrorInfo("ZtUnreadableResponse", ZtErrorCategory.InvalidResult, "Cloudflare's answer could not be read.",
                        "Try again; if it persists, report it with the cf-ray id.");
                case ZtApiException api:
                    return DescribeByCode(api) ?? DescribeByStatus(api);
                case OperationCanceledException _:
                    return new ZtErrorInfo("ZtOperationStopped", ZtErrorCategory.OperationStopped, "The operation was stopped before it finished.",
                        "Run the command again to finish it.");
                default:
                    return new ZtErrorInfo("ZtUnexpectedError", ZtErrorCategory.NotSpecified, exception.Message,
                        "This is unexpected; please report it with the full error (Get-Error) at the project's issue tracker.");
            }
        }

        /// <summary>The technical lines under the meaning: what Cloudflare said, and which request on which ray.</summary>
        private static string[] DetailsOf(Exception exception)
        {
            switch (exception)
            {
                case ZtApiException api:
                    var lines = api.Errors.Select(e => "Cloudflare error " + e).ToList();
                    if (api.Errors.Count == 0)
                    {
                        lines.Add(api.BodyExcerpt != null ? "The response was not a Cloudflare JSON envelope: " + api.BodyExcerpt : "Cloudflare returned no error details.");
                    }

                    lines.Add($"{api.Method} {api.Url} -> {(int)api.StatusCode} {api.StatusCode}{(api.CfRay == null ? string.Empty : ", cf-ray " + api.CfRay)}");
                    return lines.ToArray();
                case ZtTransportException _:
                case ZtProtocolException _:
                case ZtRedirectRefusedException _:
                case ZtBudgetWaitException _:
                    return new[] { exception.Message };
                case ZtOrganizationChangedException changed:
                    return changed.Changes.Select(c => "Since it was read: " + c).ToArray();
                default:
                    return Array.Empty<string>();
            }
        }

        private static ZtErrorInfo? DescribeByCode(ZtApiException api)
        {
            const string permissions = "'Access: Organizations Read/Write/Revoke' (or the older combined 'Access: Organizations, Identity Providers, and Groups')";

            if (api.HasCode(6003) || api.HasCode(6111) || api.HasCode(6103))
            {
                return new ZtErrorInfo("ZtMalformedCredential", ZtErrorCategory.AuthenticationError, "Cloudflare could not read the credential header.",
                    "Re-copy the token (no quotes, line breaks or 'Bearer ' prefix) and run Connect-ZtAccount again.");
            }

            if (api.HasCode(1000) || api.HasCode(9103) || api.HasCode(1007))
            {
                return InvalidCredential();
            }

            if (api.HasCode(10000) || api.HasCode(9109))
            {
                return new ZtErrorInfo("ZtPermissionDenied", ZtErrorCategory.PermissionDenied, "The token lacks the permission for this call.",
                    $"Give it {permissions} for this account (Write to change, Revoke or Write to revoke sessions).");
            }

            if (IsNotEnabled(api))
            {
                return new ZtErrorInfo("ZtOrganizationNotFound", ZtErrorCategory.ObjectNotFound, "This account or zone has no Zero Trust organization yet.",
                    "Create one with New-ZtOrganization, or finish Zero Trust onboarding in the dashboard.");
            }

            if (api.HasMessageKey("service_token_not_found"))
            {
                return new ZtErrorInfo("ZtServiceTokenNotFound", ZtErrorCategory.ObjectNotFound, "Cloudflare found no service token with that id.",
                    "-ServiceTokenId takes the token's id, not its Client ID (the value in CF-Access-Client-Id).");
            }

            if (api.HasMessageKey("doh_not_configured"))
            {
                return new ZtErrorInfo("ZtDohNotConfigured", ZtErrorCategory.ObjectNotFound, "DNS-over-HTTPS is not set up for this account yet.",
                    "Link a service token with Set-ZtDohSetting -ServiceTokenId <id> (the token's id, not its Client ID).");
            }

            if (api.HasCode(7003) || api.HasCode(7000))
            {
                return ScopeNotFound();
            }

            if (api.HasCode(12106) || api.HasMessageKey("auth_domain_cannot_be_updated_dash_sso"))
            {
                return new ZtErrorInfo("ZtAuthDomainLockedBySso", ZtErrorCategory.InvalidOperation, "The team domain cannot change while dashboard SSO is on.",
                    "Turn dashboard SSO off, change the domain, then turn it back on.");
            }

            // tf-migrate #132 (docs/cloudflare-api.md#what-users-of-other-tools-run-into): team domains are unique across all of Cloudflare.
            if (api.HasMessageKey("auth_domain_taken") || api.Errors.Any(e => e.Pointer == "/auth_domain" && (int)api.StatusCode == 409))
            {
                return new ZtErrorInfo("ZtAuthDomainTaken", ZtErrorCategory.ResourceExists, "That team domain is already used by another organization.",
                    "Team domains are unique across Cloudflare. Pick another -AuthDomain.");
            }

            if (api.HasMessageKey("already_exists"))
            {
                return OrganizationExists();
            }

            if (api.HasCode(971) || api.HasCode(10100))
            {
                return RateLimited(api);
            }

            return null;
        }

        private static ZtErrorInfo DescribeByStatus(ZtApiException api)
        {
            int status = (int)api.StatusCode;
            switch (status)
            {
                case 401:
                    return InvalidCredential();
                case 403:
                    return new ZtErrorInfo("ZtPermissionDenied", ZtErrorCategory.PermissionDenied, "Cloudflare refused the call.",
                        "Check that the token has the Access: Organizations permission for this account or zone.");
                case 404:
                    return ScopeNotFound();
                case 409:
                    return OrganizationExists();
                case 429:
                    return RateLimited(api);
                case 400:
                case 422:
                    return new ZtErrorInfo("ZtRequestRejected", ZtErrorCategory.InvalidArgument,
                        api.Errors.Count > 0 ? "Cloudflare rejected a value: " + api.Errors[0].Message : "Cloudflare rejected a value.",
                        "The error names the field (source.pointer); correct it and run the command again.");
            }

            if (status >= 500)
            {
                return new ZtErrorInfo("ZtServerError", ZtErrorCategory.ResourceUnavailable, "Cloudflare had a server-side problem.",
                    "Retries did not help. Try again in a few minutes; quote the cf-ray id if you contact support.");
            }

            if (status < 300)
            {
                return new ZtErrorInfo("ZtApiReportedFailure", ZtErrorCategory.InvalidResult, "Cloudflare reported that the call failed.",
                    "The Cloudflare errors below say why; nothing was changed unless they say otherwise.");
            }

            return new ZtErrorInfo("ZtApiError", ZtErrorCategory.InvalidOperation, "Cloudflare refused the request.", "See the Cloudflare error code and message below.");
        }

        private static ZtErrorInfo InvalidCredential() => new ZtErrorInfo("ZtInvalidCredential", ZtErrorCategory.AuthenticationError,
            "Cloudflare did not accept the credential.",
            "Check that the token is active and not expired (My Profile > API Tokens, or the account's API Tokens page for account-owned tokens) and run Connect-ZtAccount again.");

        private static ZtErrorInfo ScopeNotFound() => new ZtErrorInfo("ZtScopeNotFound", ZtErrorCategory.ObjectNotFound,
            "Cloudflare does not know that account or zone.",
            "Check the id (32 hex characters from the dashboard) and that the token covers it.");

        private static ZtErrorInfo OrganizationExists() => new ZtErrorInfo("ZtOrganizationExists", ZtErrorCategory.ResourceExists,
            "An organization already exists here.",
            "There is one per account or zone. Change it with Set-ZtOrganization.");

        private static ZtErrorInfo RateLimited(ZtApiException api)
        {
            string wait = api.RetryAfter.HasValue ? string.Format(CultureInfo.InvariantCulture, " Cloudflare asked to wait {0:0} s.", api.RetryAfter.Value.TotalSeconds) : string.Empty;
            return new ZtErrorInfo("ZtRateLimited", ZtErrorCategory.LimitsExceeded, "The credential is over Cloudflare's rate limit.",
                "It is locked out until the window ends (1200 requests per 5 minutes, shared with the dashboard)." + wait +
                " Lower -RateLimit on Connect-ZtAccount if other tools share this credential.");
        }
    }
}
