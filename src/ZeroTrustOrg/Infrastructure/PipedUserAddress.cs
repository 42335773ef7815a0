using System;
using System.Collections;
using System.Management.Automation;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Finds the address in what a user pipes to Revoke-ZtUser: text, a hashtable, or any object (Import-Csv, Get-ADUser, Get-MgUser).</summary>
    internal static class PipedUserAddress
    {
        /// <summary>Text is the address; an object gives the first non-empty of Email, Mail, EmailAddress, UserPrincipalName.</summary>
        public static UserAddress? Read(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return string.IsNullOrWhiteSpace(text) ? null : UserAddress.FromText(text);
                case IDictionary dictionary:
                    return UserAddress.Pick(name => Lookup(dictionary, name));
            }

            PSObject properties = input as PSObject ?? PSObject.AsPSObject(value);
            return UserAddress.Pick(name => properties.Properties[name]?.Value);
        }

        private static object? Lookup(IDictionary dictionary, string name)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }
}
