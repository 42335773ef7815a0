using System;
using System.Globalization;
using System.Text;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// How input is allowed onto the wire and back into messages. Header values must be plain ASCII with no
    /// control characters, or a value could add a header of its own (CR/LF) or fail every call after connecting.
    /// Text that echoes input is escaped, so input can never forge a log line or hide characters from a reader.
    /// </summary>
    internal static class InputText
    {
        private const int GlimpseLength = 6;

        /// <summary>
        /// Refuses a value that is to become (part of) an HTTP header: control characters and non-ASCII characters
        /// are named by code point and position, and the value itself is never repeated (it may be a secret).
        /// </summary>
        public static void RequireHeaderSafe(string? value, string parameter, string what)
        {
            RequireNoControlCharacters(value, parameter, what);
            string text = value ?? string.Empty;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > '\u007e')
                {
                    throw new ZtValidationException(parameter,
                        $"{what} contains the non-ASCII character {CodePoint(text[i])} at position {i + 1}; HTTP headers carry ASCII only.",
                        "Re-type the value in plain ASCII; copying from documents or chat can bring in invisible or look-alike characters (zero-width spaces, typographic quotes).");
                }
            }
        }

        /// <summary>Refuses control characters (line breaks, tabs, NUL, DEL) and invisible format characters (zero-width, direction marks).</summary>
        public static void RequireNoControlCharacters(string? value, string parameter, string what)
        {
            string text = value ?? string.Empty;
            for (int i = 0; i < text.Length; i++)
            {
                if (IsUnsafe(text[i]))
                {
                    throw new ZtValidationException(parameter,
                        $"{what} contains the {(char.IsControl(text[i]) ? "control" : "invisible")} character {CodePoint(text[i])} at position {i + 1}; line breaks, tabs, NUL and invisible characters are not allowed.",
                        "Remove the character; values read from files or variables often carry a trailing line break or an invisible character.");
                }
            }
        }

        /// <summary>Input made safe to show inside a one-line message: control and invisible characters become \r, \n, \t or \uXXXX.</summary>
        public static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            StringBuilder? escaped = null;
            for (int i = 0; i < text!.Length; i++)
            {
                char c = text[i];
                if (!IsUnsafe(c))
                {
                    escaped?.Append(c);
                    continue;
                }

                escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
                escaped.Append(c switch
                {
                    '\r' => "\\r",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }

            return escaped?.ToString() ?? text;
        }

        /// <summary>
        /// A value that failed validation, shown only in part: it may be a secret pasted into the wrong parameter
        /// (a token in -AccountId), so a long value shows its first characters and its length, never the whole.
        /// </summary>
        public static string Glimpse(string? text)
        {
            string value = text ?? string.Empty;
            if (value.Length <= GlimpseLength * 2)
            {
                return Escape(value);
            }

            return Escape(value.Substring(0, GlimpseLength)) + "..." + string.Format(CultureInfo.InvariantCulture, " ({0} characters)", value.Length);
        }

        private static bool IsUnsafe(char c) =>
            char.IsControl(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
            || c == '\u2028' || c == '\u2029';

        private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
    }
}
