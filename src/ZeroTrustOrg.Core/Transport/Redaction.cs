using System;
using System.Text.RegularExpressions;

namespace ZeroTrustOrg.Core.Transport
{
    /// <summary>Removes what must never be shown from URLs, bodies and messages.</summary>
    internal static class Redaction
    {
        private const string Mask = "***";

        private static readonly Regex SensitiveQuery = new Regex(
            @"(?<=[?&](?:[^=&]*(?:token|key|secret|password|auth)[^=&]*)=)[^&]*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        // JSON members whose names suggest a secret: "client_secret": "...", "token": "...", "api_key": "...".
        // Names ending in _id are identifiers (service_token_id), which troubleshooting needs to see.
        private static readonly Regex SensitiveJson = new Regex(
            "(\"(?![^\"]*_id\")[^\"]*(?:secret|token|password|api_key|apikey|x-auth-key|authorization)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex BearerValue = new Regex(@"(?i)(bearer\s+)[^\s""',;]+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        public static string Url(Uri? uri)
        {
            if (uri == null)
            {
                return "(no url)";
            }

            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
            string text = builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
            return SensitiveQuery.Replace(text, Mask);
        }

        public static string Body(string body, int maxLength, ZtCredential? credential = null)
        {
            // A body is text plus JSON members named like secrets.
            string masked = Text(SensitiveJson.Replace(body, m => m.Groups[1].Value + "\"" + Mask + "\""), credential);
            return masked.Length <= maxLength ? masked : masked.Substring(0, maxLength) + $"... ({masked.Length - maxLength} more characters)";
        }

        /// <summary>
        /// Text from a server or an exception, made fit for a message: the connection's own secrets masked by value
        /// (a proxy or WAF may echo the bare token or key), any Bearer value masked, control characters escaped.
        /// </summary>
        public static string Text(string message, ZtCredential? credential = null)
        {
            string masked = credential == null ? message : credential.MaskSecretIn(message, Mask);
            return InputText.Escape(BearerValue.Replace(masked, "$1" + Mask));
        }
    }
}
