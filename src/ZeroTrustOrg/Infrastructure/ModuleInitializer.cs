using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Commands
{
    /// <summary>
    /// On Windows PowerShell 5.1 resolves System.Text.Json and its graph from the module's dependencies/
    /// folder, for requests from the module's own assemblies only. On PowerShell 7 the runtime's copy
    /// is always found first, so this handler never runs for them. The decision is Core's (unit tested).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
        private static readonly bool IsDesktop = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Whether the resolve handler is registered: PowerShell calls OnImport only on a public initializer, so tests
        /// read this (internal, by reflection from PowerShell) to prove the import still ran it.
        /// </summary>
        internal static bool IsResolving { get; private set; }

        public void OnImport()
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            IsResolving = true;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            IsResolving = false;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? path = DependencyResolution.Decide(new AssemblyName(args.Name), args.RequestingAssembly?.GetName().Name, IsDesktop, ModuleFolder, FileVersion);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        private static Version? FileVersion(string path)
        {
            try
            {
                return File.Exists(path) ? AssemblyName.GetAssemblyName(path).Version : null;
            }
            catch (BadImageFormatException)
            {
                return null;
            }
        }
    }
}
