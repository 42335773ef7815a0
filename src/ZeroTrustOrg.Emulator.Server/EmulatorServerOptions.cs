using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using ZeroTrustOrg.Emulator;

namespace ZeroTrustOrg.Emulator.Server
{
    /// <summary>The outcome of reading the command line: options, or one message that says what is wrong.</summary>
    internal sealed class EmulatorServerOptionsParseResult
    {
        private EmulatorServerOptionsParseResult(EmulatorServerOptions? options, string? error)
        {
            Options = options;
            Error = error;
        }

        public EmulatorServerOptions? Options { get; }
        public string? Error { get; }
        public bool Succeeded => Error is null;

        internal static EmulatorServerOptionsParseResult Success(EmulatorServerOptions options) => new EmulatorServerOptionsParseResult(options, null);

        internal static EmulatorServerOptionsParseResult Failure(string error) => new EmulatorServerOptionsParseResult(null, error);
    }

    /// <summary>zt-emulator's command line.</summary>
    internal sealed class EmulatorServerOptions
    {
        public const string Usage =
@"zt-emulator: a local Cloudflare API for Zero Trust (Access) organizations.

Usage: zt-emulator [options]

  --urls <urls>             Where to listen; ';' separates several (default http://127.0.0.1:8787).
                            Port 0 picks a free port. Only loopback hosts unless --allow-remote.
  --allow-remote            Allow non-loopback hosts in --urls. The dev credentials are public.
  --api-token <token>       A token to accept; repeat for several. Replaces the default dev token.
  --account-id <id>         The account to serve (32 hex characters).
  --zone-id <id>            The zone to serve (32 hex characters).
  --no-seed                 Start without organizations or DoH service token.
  --put-mode merge|replace  What PUT does with omitted fields (default merge).
  --shape reference|live    Answer as the API reference describes (default), or as the live API sends:
                            the recorded organization, false and empty fields left out, response-only
                            fields, whole-second timestamps, and writes of response-only fields refused.
  --strict                  Refuse, rather than ignore, fields the scope does not accept.
  --rate-limit <N/W>        Requests per window per credential, e.g. 1200/300s or 100/1m (default 1200/300s).
  --faults <spec>           Inject faults, e.g. rate=0.1,seed=42,kinds=429|500|502|503|reset|slow|badjson|false200,timing=before
  --help                    Show this text.

Emulator endpoints (not part of the Cloudflare API; no credential needed):
  GET    /__emulator/journal             What reached the emulator, oldest first (credentials redacted).
  DELETE /__emulator/journal             Forget the journal.
  POST   /__emulator/reset[?seed=false][&shape=reference|live]
                                         Start over from the seed (or empty), with a fresh rate-limit window,
                                         in the shape given (default: the one --shape set).
";

        private static readonly Regex RateLimitShape = new Regex(@"^(\d+)/(\d+)([sm])$", RegexOptions.CultureInvariant);

        public IReadOnlyList<string> Urls { get; private set; } = new[] { EmulatorDefaults.Urls };
        public bool AllowRemote { get; private set; }

        /// <summary>The tokens given with --api-token; empty means the default dev token.</summary>
        public IReadOnlyList<string> ApiTokens { get; private set; } = Array.Empty<string>();

        public string AccountId { get; private set; } = EmulatorDefaults.AccountId;
        public string ZoneId { get; private set; } = EmulatorDefaults.ZoneId;
        public bool Seed { get; private set; } = true;
        public PutMode PutMode { get; private set; } = PutMode.Merge;
        public EmulatorShape Shape { get; private set; } = EmulatorShape.Reference;
        public bool Strict { get; private set; }
        public int RateLimitRequests { get; private set; } = 1200;
        public TimeSpan RateLimitWindow { get; private set; } = TimeSpan.FromSeconds(300);
        public FaultSettings Faults { get; private set; } = FaultSettings.None;
        public string FaultSpec { get; private set; } = "none";
        public bool ShowHelp { get; private set; }

        /// <summary>Reads options in the form "--name value" or "--name=value".</summary>
        public static EmulatorServerOptionsParseResult Parse(IReadOnlyList<string> args)
        {
            if (args is null)
            {
                throw new ArgumentNullException(nameof(args));
            }

            var options = new EmulatorServerOptions();
            var tokens = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? urls = null;

            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                string name = arg, inlineValue = "";
                bool hasInlineValue = false;
                int equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
                {
                    name = arg.Substring(0, equals);
                    inlineValue = arg.Substring(equals + 1);
                    hasInlineValue = true;
                }

                string? Value()
                {
                    if (hasInlineValue)
                    {
                        return inlineValue;
                    }

                    if (i + 1 < args.Count)
                    {
                        return args[++i];
                    }

                    return null;
                }

                if (name != "--api-token" && name.StartsWith("--", StringComparison.Ordinal) && !seen.Add(name))
                {
                    return Fail($"Option {name} was given twice.");
                }

                switch (name)
                {
                    case "--help":
                    case "-h":
                    case "-?":
                        options.ShowHelp = true;
                        break;
                    case "--no-seed":
                    case "--strict":
                    case "--allow-remote":
                        if (hasInlineValue)
                        {
                            return Fail($"Option {name} takes no value.");
                        }

                        if (name == "--no-seed")
                        {
                            options.Seed = false;
                        }
                        else if (name == "--strict")
                        {
                            options.Strict = true;
                        }
                        else
                        {
                            options.AllowRemote = true;
                        }

                        break;
                    case "--urls":
                        urls = Value();
                        if (string.IsNullOrWhiteSpace(urls))
                        {
                            return Fail("Option --urls needs a value, e.g. --urls http://127.0.0.1:8787.");
                        }

                        break;
                    case "--api-token":
                    {
                            string? token = Value();
                        if (string.IsNullOrEmpty(token))
                            {
                                return Fail("Option --api-token needs a value.");
                            }

                            if (!token!.All(Authenticator.IsTokenCharacter))
                            {
                                return Fail("An --api-token may not contain spaces, quotes, commas, semicolons, backslashes or non-ASCII characters; no client could send it.");
                            }

                            tokens.Add(token);
                        break;
                    }
                    case "--account-id":
                    case "--zone-id":
                    {
                            string? id = Value();
                        if (id is null)
                            {
                                return Fail($"Option {name} needs a value (32 hex characters).");
                            }

                            if (!CloudflareIdentifier.IsValid(id))
                            {
                                return Fail($"{name} \"{id}\" is not a Cloudflare identifier: it must be 32 hex characters.");
                            }

                            if (name == "--account-id")
                            {
                                options.AccountId = id.ToLowerInvariant();
                            }
                            else
                            {
                                options.ZoneId = id.ToLowerInvariant();
                            }

                            break;
                    }
                    case "--put-mode":
                    {
                            string? mode = Value();
                        if (mode == "merge")
                            {
                                options.PutMode = PutMode.Merge;
                            }
                            else if (mode == "replace")
                            {
                                options.PutMode = PutMode.Replace;
                            }
                            else
                            {
                                return Fail($"--put-mode must be \"merge\" or \"replace\", not \"{mode}\".");
                            }

                            break;
                    }
                    case "--shape":
                    {
                            string? text = Value();
                        var shape = ParseShape(text);
                        if (shape is null)
                            {
                                return Fail(ShapeError("--shape", text));
                            }

                            options.Shape = shape.Value;
                        break;
                    }
                    case "--rate-limit":
                    {
                            string? limit = Value();
                        var match = limit is null ? Match.Empty : RateLimitShape.Match(limit);
                        if (!match.Success
                            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int requests) || requests < 1
                            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < 1)
                            {
                                return Fail($"--rate-limit must look like 1200/300s or 100/1m (requests per window, both at least 1), not \"{limit}\".");
                            }

                            options.RateLimitRequests = requests;
                        options.RateLimitWindow = match.Groups[3].Value == "m" ? TimeSpan.FromMinutes(length) : TimeSpan.FromSeconds(length);
                        break;
                    }
                    case "--faults":
                    {
                            string? spec = Value();
                        if (spec is null)
                            {
                                return Fail("Option --faults needs a value, e.g. --faults rate=0.1,seed=42.");
                            }

                            try
                        {
                            options.Faults = FaultSettings.Parse(spec);
                            options.FaultSpec = spec;
                        }
                        catch (ArgumentException e)
                        {
                            return Fail("--faults: " + FirstSentences(e.Message));
                        }
                        break;
                    }
                    default:
                        return Fail($"Unknown option \"{arg}\".");
                }
            }

            if (urls != null)
            {
                string[] list = urls.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(u => u.Trim()).Where(u => u.Length > 0).ToArray();
                foreach (string? url in list)
                {
                    string? problem = CheckUrl(url, options.AllowRemote);
                    if (problem != null)
                    {
                        return Fail(problem);
                    }
                }
                options.Urls = list;
            }
            options.ApiTokens = tokens;
            return EmulatorServerOptionsParseResult.Success(options);
        }

        public EmulatorOptions ToEngineOptions()
        {
            var engine = new EmulatorOptions
            {
                AccountId = AccountId,
                ZoneId = ZoneId,
                Seed = Seed,
                PutMode = PutMode,
                Shape = Shape,
                Strict = Strict,
                RateLimitRequests = RateLimitRequests,
                RateLimitWindow = RateLimitWindow,
                Faults = Faults,
            };
            if (ApiTokens.Count > 0)
            {
                engine.ApiTokens.Clear();
                foreach (string token in ApiTokens)
                {
                    engine.ApiTokens.Add(token);
                }
            }
            return engine;
        }

        /// <summary>"reference" or "live", lower case as the other option values; null for anything else.</summary>
        public static EmulatorShape? ParseShape(string? text) =>
            text == "reference" ? EmulatorShape.Reference : text == "live" ? EmulatorShape.Live : (EmulatorShape?)null;

        public static string ShapeError(string name, string? text) => $"{name} must be \"reference\" or \"live\", not \"{text}\".";

        private static EmulatorServerOptionsParseResult Fail(string error) => EmulatorServerOptionsParseResult.Failure(error);

        /// <summary>ArgumentException appends " (Parameter 'x')"; the user needs only the sentence.</summary>
        private static string FirstSentences(string message)
        {
            int parameterNote = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            return parameterNote < 0 ? message : message.Substring(0, parameterNote);
        }

        /// <summary>
        /// The emulator accepts a published dev token, so listening beyond this machine would open a
        /// writable API to the network; only loopback unless the user says otherwise.
        /// </summary>
        private static string? CheckUrl(string url, bool allowRemote)
        {
            const string scheme = "http://";
            if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return $"--urls \"{url}\" must start with http:// (the emulator serves plain HTTP).";
            }

            string authority = url.Substring(scheme.Length);
            int slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                if (authority.Substring(slash) != "/")
                {
                    return $"--urls \"{url}\" must not have a path; the API lives under {EmulatorDefaults.BasePath}.";
                }

                authority = authority.Substring(0, slash);
            }

            string host, port = "80";
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                int close = authority.IndexOf(']');
                if (close < 0)
                {
                    return $"--urls \"{url}\" has an unclosed IPv6 address.";
                }

                host = authority.Substring(1, close - 1);
                string after = authority.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (!after.StartsWith(":", StringComparison.Ordinal))
                    {
                        return $"--urls \"{url}\" is not host:port.";
                    }

                    port = after.Substring(1);
                }
            }
            else
            {
                int colon = authority.LastIndexOf(':');
                host = colon < 0 ? authority : authority.Substring(0, colon);
                if (colon >= 0)
                {
                    port = authority.Substring(colon + 1);
                }
            }
            if (host.Length == 0)
            {
                return $"--urls \"{url}\" has no host.";
            }

            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber) || portNumber > 65535)
            {
                return $"--urls \"{url}\" has an invalid port \"{port}\" (0 to 65535; 0 picks a free one).";
            }

            bool loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
            if (!loopback && !allowRemote)
            {
                return $"Refusing to listen on \"{url}\": it is not a loopback address, and the emulator accepts a public dev token. "
                    + "Use 127.0.0.1 or localhost, or pass --allow-remote if you really mean it.";
            }

            return null;
        }
    }
}
