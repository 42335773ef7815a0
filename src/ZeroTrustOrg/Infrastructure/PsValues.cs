using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Unwraps what PowerShell hands a cmdlet (PSObject, PSCustomObject, switches) into plain values Core understands.</summary>
    internal static class PsValues
    {
        public static object? ToPlain(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case SwitchParameter s:
                    return s.IsPresent;
                case PSObject ps when ps.BaseObject is PSCustomObject:
                    var properties = new Dictionary<string, object?>();
                    foreach (PSPropertyInfo property in ps.Properties)
                    {
                        properties[property.Name] = ToPlain(property.Value);
                    }

                    return properties;
                case PSObject ps:
                    return ToPlain(ps.BaseObject);
                case string _:
                    return value;
                case IDictionary dictionary:
                    var copy = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        copy[entry.Key?.ToString() ?? string.Empty] = ToPlain(entry.Value);
                    }

                    return copy;
                case IEnumerable sequence:
                    return sequence.Cast<object?>().Select(ToPlain).ToArray();
                case object model when model.GetType().Namespace == typeof(ZtOrganization).Namespace:
                    // A typed nested object (-LoginDesign $org.LoginDesign): its set properties are the keys;
                    // null means "not set" there, so it must not clear anything.
                    var set = new Dictionary<string, object?>();
                    foreach (PSPropertyInfo property in PSObject.AsPSObject(model).Properties)
                    {
                        object? propertyValue = property.Value;
                        if (propertyValue != null)
                        {
                            set[property.Name] = ToPlain(propertyValue);
                        }
                    }

                    return set;
                default:
                    return value;
            }
        }
    }
}
