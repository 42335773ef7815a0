using System;
using System.Collections.Generic;

namespace ZeroTrustOrg.Emulator
{
    /// <summary>One failure the engine reports in the Cloudflare failure envelope (docs/cloudflare-api.md#envelope-and-errors).</summary>
    internal sealed class ApiError
    {
        public ApiError(int status, int code, string message, string? pointer = null, IReadOnlyList<ApiErrorChainLink>? chain = null)
        {
            Status = status;
            Code = code;
            Message = message;
            Pointer = pointer;
            Chain = chain;
        }

        public int Status { get; }
        public int Code { get; }
        public string Message { get; }

        /// <summary>A JSON pointer to the offending body field, sent as <c>source.pointer</c>.</summary>
        public string? Pointer { get; }

        /// <summary>The older services' <c>error_chain</c> (docs/cloudflare-api.md#envelope-and-errors).</summary>
        public IReadOnlyList<ApiErrorChainLink>? Chain { get; }
    }

    internal readonly struct ApiErrorChainLink
    {
        public ApiErrorChainLink(int code, string message)
        {
            Code = code;
            Message = message;
        }

        public int Code { get; }
        public string Message { get; }
    }

    /// <summary>Carries an <see cref="ApiError"/> out of deep validation code to the request pipeline.</summary>
    internal sealed class ApiErrorException : Exception
    {
        public ApiErrorException(ApiError error) : base(error.Message) => Error = error;

        public ApiError Error { get; }
    }

    /// <summary>The errors the emulator answers with, in one place so their codes stay consistent.</summary>
    internal static class ApiErrors
    {
        // docs/cloudflare-api.md#envelope-and-errors: Access validation failures are 400 with code 12130 and a dotted key.
        public const int InvalidRequestCode = 12130;
        public const int NotEnabledCode = 9999;
        public const int DashboardSsoCode = 12106;

        // Codes the contract leaves open; chosen next to 12130 so they read as Access errors.
        public const int OrganizationExistsCode = 12131;
        public const int AuthDomainTakenCode = 12132;
        public const int DohNotConfiguredCode = 12133;
        public const int ServiceTokenNotFoundCode = 12134;

        public const int RateLimitedCode = 971;
        public const int InternalErrorCode = 10001;

        public static ApiErrorException InvalidRequest(string pointer, string detail) =>
            new ApiErrorException(new ApiError(400, InvalidRequestCode, "access.api.error.invalid_request: " + detail, pointer));

        public static ApiErrorException InvalidRequestWithoutPointer(string detail) =>
            new ApiErrorException(new ApiError(400, InvalidRequestCode, "access.api.error.invalid_request: " + detail));

        public static ApiError NoRoute() => new ApiError(404, 7000, "No route for that URI");

        public static ApiError MethodNotAllowed(string method) => new ApiError(405, 7001, $"Method {method} not available for that URI.");

        // docs/cloudflare-api.md#envelope-and-errors: 7003 on a bad account/zone id; the table gives HTTP 400.
        public static ApiError CouldNotRoute(string path) =>
            new ApiError(400, 7003, $"Could not route to {path}, perhaps your object identifier is invalid?");

        // docs/cloudflare-api.md#server-side-validations, docs/cloudflare-api.md#behaviour-notes: a missing organization reads as "Access not enabled". 404 so that
        // clients that treat a 404 on GET as "gone" (Terraform) see the same thing here.
        public static ApiError NotEnabled(bool zone) =>
            new ApiError(404, NotEnabledCode, $"access.api.error.not_enabled: Access is not enabled for this {Routes.ScopeKindOf(zone)}");

        public static ApiError MalformedJson() => new ApiError(400, 6007, "Malformed JSON in request body");

        // docs/cloudflare-api.md#envelope-and-errors, docs/cloudflare-api.md#authentication: malformed credential headers.
        public static ApiError InvalidAuthorizationHeader() =>
            new ApiError(400, 6003, "Invalid request headers", chain: new[] { new ApiErrorChainLink(6111, "Invalid format for Authorization header") });

        public static ApiError InvalidAuthKeyHeader() =>
            new ApiError(400, 6003, "Invalid request headers", chain: new[] { new ApiErrorChainLink(6103, "Invalid format for X-Auth-Key header") });

        public static ApiError InvalidAuthEmailHeader() =>
            new ApiError(400, 6003, "Invalid request headers", chain: new[] { new ApiErrorChainLink(6102, "Invalid format for X-Auth-Email header") });

        // docs/cloudflare-api.md#envelope-and-errors: 1000 may come as 400, 401 or 403; 401 says "authentication failed" most plainly.
        public static ApiError InvalidApiToken() => new ApiError(401, 1000, "Invalid API Token");

        public static ApiError UnknownGlobalKey() => new ApiError(403, 9103, "Unknown X-Auth-Key or X-Auth-Email");

        // docs/cloudflare-api.md#envelope-and-errors, docs/cloudflare-api.md#authentication: a token without the permission group for the operation.
        public static ApiError MissingPermission() => new ApiError(403, 10000, "Authentication error");

        public static ApiError RateLimited() => new ApiError(429, RateLimitedCode, "Please wait and consider throttling your request speed");

        public static ApiError InternalError() => new ApiError(500, InternalErrorCode, "Internal Server Error");
    }
}
