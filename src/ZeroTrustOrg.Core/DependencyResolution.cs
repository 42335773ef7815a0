using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ZeroTrustOrg.Core
{
    /// <summary>
    /// Which assembly file, if any, the module should load when the runtime cannot find one. Windows
    /// PowerShell 5.1 has no System.Text.Json and no binding redirects for modules, so the module ships the
    /// graph in dependencies/ and resolves it itself, only for requests from its own assemblies (the
    /// the PSResourceGet/AWS Tools pattern). On PowerShell 7 the runtime's copy always wins.
    /// </summary>
    internal static class DependencyResolution
    {
        public const string DependencyFolder = "dependencies";

        /// <summary>System.Text.Json 8.0.x for netstandard2.0 and everything it pulls in.</summary>
        public static readonly string[] ShippedDependencies =
        {
            "System.Text.Json",
            "System.Text.Encodings.Web",
            "System.Memory",
            "System.Buffers",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Threading.Tasks.Extensions",
            "Microsoft.Bcl.AsyncInterfaces",
        };

        public static readonly string[] ModuleAssemblies = { "ZeroTrustOrg", "ZeroTrustOrg.Core", "ZeroTrustOrg.Emulator" };

        /// <summary>
        /// Returns the file to load, or null to let the runtime (or another handler) decide.
        /// </summary>
        /// <param name="requested">The assembly the runtime failed to find.</param>
        /// <param name="requestingAssembly">Who asked, when the runtime says (it often does not on .NET Framework).</param>
        /// <param name="isDesktop">True on Windows PowerShell 5.1 (.NET Framework).</param>
        /// <param name="moduleFolder">The folder holding ZeroTrustOrg.dll.</param>
        /// <param name="fileVersion">Reads the assembly version of a file, or null when the file does not exist.</param>
        public static string? Decide(AssemblyName requested, string? requestingAssembly, bool isDesktop, string moduleFolder, Func<string, Version?> fileVersion)
        {
            string? name = requested.Name;
            if (name == null)
            {
                return null;
            }

            if (ModuleAssemblies.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                string own = Path.Combine(moduleFolder, name + ".dll");
                return fileVersion(own) != null ? own : null;
            }

            if (!isDesktop || !ShippedDependencies.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            // Stay out of other modules' business: only our assemblies and our shipped graph may be served.
            if (requestingAssembly != null
                && !ModuleAssemblies.Contains(requestingAssembly, StringComparer.OrdinalIgnoreCase)
                && !ShippedDependencies.Contains(requestingAssembly, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            string candidate = Path.Combine(moduleFolder, DependencyFolder, name + ".dll");
            Version? available = fileVersion(candidate);
            if (available == null)
            {
                return null;
            }

            return requested.Version == null || available >= requested.Version ? candidate : null;
        }
    }
}
