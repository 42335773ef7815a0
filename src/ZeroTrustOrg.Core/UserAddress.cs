using System;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// Picks the address to revoke from a user object. PowerShell's by-property-name binding takes the first
    /// matching property and never falls back, so a blank Email column hid a filled Mail column; this reads
    /// them all and takes the first that holds text.
    /// </summary>
    internal sealed class UserAddress
    {
        /// <summary>The properties read, in order. The user principal name comes last: in hybrid directories it is often not the sign-in address.</summary>
        public static readonly string[] PropertyOrder = { "Email", "Mail", "EmailAddress", "UserPrincipalName" };

        /// <summary>What the source is called when the address was given as text (-Email, or a piped string).</summary>
        public const string GivenAsText = "Value";

        private UserAddress(string address, string source)
        {
            Address = address;
            Source = source;
        }

        public string Address { get; }

        /// <summary>The property the address came from (Email, Mail, EmailAddress, UserPrincipalName), or "Value".</summary>
        public string Source { get; }

        public bool IsUserPrincipalName => Source == "UserPrincipalName";

        public static UserAddress FromText(string address) => new UserAddress(address.Trim(), GivenAsText);

        /// <summary>The first property in <see cref="PropertyOrder"/> with non-blank text, or null when none has any.</summary>
        /// <param name="readProperty">Returns a property's value, or null when the object has no such property.</param>
        public static UserAddress? Pick(Func<string, object?> readProperty)
        {
            foreach (string name in PropertyOrder)
            {
                string? text = readProperty(name)?.ToString();
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return new UserAddress(text!.Trim(), name);
                }
            }

            return null;
        }

        /// <summary>The error for a row that has no address at all; its result says the same.</summary>
        public static ZtValidationException Missing(string describedInput) => new ZtValidationException("Email",
            $"No address to revoke: {describedInput} has no non-empty Email, Mail, EmailAddress or UserPrincipalName.",
            "Fill one of those columns for this user, or pass the address with -Email. The other users were still processed.");

        /// <summary>Written once per run: a UPN can differ from the address the user signs in with.</summary>
        // What result true proves: docs/cloudflare-api.md#revoking-a-user

        public static string UserPrincipalNameWarning(string address) =>
            $"Using UserPrincipalName '{address}' because the input had no Email, Mail or EmailAddress. In hybrid directories the UPN is often not the address users sign in with; " +
            "Cloudflare does not report whether an address matched a user. Check the EmailSource property of the results (this warning is shown once per run).";

        public override string ToString() => $"{Address} (from {Source})";
    }
}
