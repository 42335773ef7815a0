using System;
using System.Globalization;
using System.Management.Automation;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    /// <summary>Lets a duration parameter take a TimeSpan (New-TimeSpan -Hours 12) as well as Go syntax ('12h').</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class GoDurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value is TimeSpan span ? GoDuration.Format(span) : inputData;
        }
    }

    /// <summary>Lets -RequestTimeout and -MaxBudgetWait take seconds (30), a TimeSpan, or Go syntax ('90s'); each parameter checks its own range.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case int or long or double or float or decimal:
                    return Seconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), inputData);
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                    return Seconds(seconds, inputData);
                case string text when GoDuration.TryParse(text, out TimeSpan parsed):
                    return parsed;
                case string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsedSpan):
                    return parsedSpan;
                default:
                    throw NotATimeout(inputData, "give seconds (30), a duration ('90s') or a TimeSpan");
            }
        }

        // NaN, infinities and 1e30 would throw inside TimeSpan; anything past a day is out of range for every
        // timeout parameter anyway (each one's own range is checked when the connection is set up).
        private static TimeSpan Seconds(double seconds, object? inputData) =>
            !double.IsNaN(seconds) && seconds >= 0 && seconds <= TimeSpan.FromDays(1).TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw NotATimeout(inputData, "give a number of seconds from 1 to 86400 (one day)");

        private static ArgumentTransformationMetadataException NotATimeout(object? inputData, string fix) =>
            new ArgumentTransformationMetadataException($"'{InputText.Glimpse(Convert.ToString(inputData, CultureInfo.InvariantCulture))}' is not a timeout: {fix}.");
    }
}

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// A plain string given to a SecureString parameter gets a hint instead of PowerShell's bare conversion error,
    /// and the error never repeats the value (it is a secret).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecretTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value is string)
            {
                throw new ArgumentTransformationMetadataException(
                    "The secret must be a SecureString, not plain text. Use: -ApiToken (Read-Host -AsSecureString), or in a runbook " +
                    "-ApiToken ($text | ConvertTo-SecureString -AsPlainText -Force), or set CLOUDFLARE_API_TOKEN and pass no token.");
            }

            return inputData;
        }
    }
}
