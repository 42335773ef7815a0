using System.Collections.ObjectModel;
using System.Reflection;
using ZeroTrustOrg.Core;

namespace ZeroTrustOrg.Tests.Surface;

/// <summary>One parameter set a parameter belongs to, with the binding rules it has there.</summary>
internal sealed record ParameterSetMembership(string SetName, int? Position, bool Mandatory, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>A cmdlet parameter as the [Parameter] attributes on its property declare it.</summary>
internal sealed record CmdletParameter(
    string Name,
    string TypeName,
    string DeclaringType,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterSetMembership> Sets,
    string? CompleterType)
{
    public bool IsSwitch => TypeName == "System.Management.Automation.SwitchParameter";

    public ParameterSetMembership? In(string setName) =>
        Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.FirstOrDefault(s => s.SetName == CmdletInfo.AllSets);
}

/// <summary>What a cmdlet class declares to PowerShell, read without running any of its code.</summary>
internal sealed record CmdletInfo(
    string Verb,
    string Noun,
    string ClassName,
    IReadOnlyList<string> BaseTypes,
    string? DefaultParameterSetName,
    bool SupportsShouldProcess,
    string ConfirmImpact,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<CmdletParameter> Parameters)
{
    /// <summary>The set name PowerShell gives parameters that name no set.</summary>
    public const string AllSets = "__AllParameterSets";

    public string Name => Verb + "-" + Noun;

    /// <summary>The sets Get-Command shows: every named set, plus the default set even when no parameter names it.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var names = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(n => n != AllSets).Distinct().ToList();
            if (DefaultParameterSetName != null && !names.Contains(DefaultParameterSetName))
            {
                names.Insert(0, DefaultParameterSetName);
            }

            return names.Count == 0 ? new[] { AllSets } : names;
        }
    }

    public CmdletParameter? Parameter(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<CmdletParameter> ParametersIn(string setName) =>
        Parameters.Where(p => p.Sets.Any(s => s.SetName == setName || s.SetName == AllSets));
}

/// <summary>
/// The public surface of ZeroTrustOrg.dll, read with MetadataLoadContext: the assembly is inspected as
/// metadata and never loaded for execution, so no System.Management.Automation runtime is needed.
/// </summary>
internal sealed class ModuleSurface
{
    private const string Sma = "System.Management.Automation.";
    private static readonly Lazy<ModuleSurface> Loaded = new(Load);

    private ModuleSurface(
        IReadOnlyList<CmdletInfo> cmdlets,
        IReadOnlyDictionary<string, IReadOnlyList<string>> verbGroups,
        IReadOnlyList<string> publicTypes,
        IReadOnlyList<(string FullName, bool IsPublic)> reflectedTypes)
    {
        Cmdlets = cmdlets;
        ApprovedVerbsByGroup = verbGroups;
        PublicTypes = publicTypes;
        ReflectedTypes = reflectedTypes;
    }

    /// <summary>
    /// The types of ZeroTrustOrg.dll that PowerShell itself finds and creates: the module initializer and cleanup, the
    /// argument completers and the transformation attributes. PowerShell uses them only when they are public.
    /// </summary>
    public IReadOnlyList<(string FullName, bool IsPublic)> ReflectedTypes { get; }

    /// <summary>Every public type the module ships ("Assembly: Namespace.Type"), sorted: what users can see and scripts can use.</summary>
    public IReadOnlyList<string> PublicTypes { get; }

    public static ModuleSurface Instance => Loaded.Value;

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    /// <summary>The Verbs* classes of the SMA reference assembly (VerbsCommon, VerbsSecurity, ...) and their constants.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ApprovedVerbsByGroup { get; }

    public CmdletInfo Cmdlet(string name) =>
        Cmdlets.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"ZeroTrustOrg.dll has no cmdlet named {name}.");

    public static string ReferenceFolder => Path.Combine(RepoFiles.OutputFolder, "surface-refs");

    private static ModuleSurface Load()
    {
        string smaPath = Path.Combine(ReferenceFolder, "System.Management.Automation.dll");
        if (!File.Exists(smaPath))
        {
            throw new FileNotFoundException("The SMA reference assembly was not copied to the test output; see the PowerShellStandard.Library item in the test project.", smaPath);
        }

        // One file per simple name: the runtime's own assemblies (with the netstandard facade), then the module's, then SMA.
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string file in Directory.GetFiles(runtimeFolder, "*.dll"))
        {
            files[Path.GetFileNameWithoutExtension(file)] = file;
        }

        foreach (string name in DependencyResolution.ModuleAssemblies)
        {
            files[name] = Path.Combine(RepoFiles.OutputFolder, name + ".dll");
        }

        files["System.Management.Automation"] = smaPath;

        using var context = new MetadataLoadContext(new PathAssemblyResolver(files.Values));
        Assembly module = context.LoadFromAssemblyPath(files["ZeroTrustOrg"]);
        Assembly sma = context.LoadFromAssemblyPath(smaPath);

        var cmdlets = module.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract)
            .Select(ReadCmdlet)
            .OfType<CmdletInfo>()
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var verbs = sma.GetTypes()
            .Where(t => t.IsPublic && t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .ToDictionary(
                t => t.Name,
                t => (IReadOnlyList<string>)t.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(f => f.IsLiteral)
                    .Select(f => (string)f.GetRawConstantValue()!)
                    .ToList());

        var publicTypes = DependencyResolution.ModuleAssemblies
            .Select(name => context.LoadFromAssemblyPath(files[name]))
            .SelectMany(assembly => assembly.GetTypes()
                .Where(t => t.IsPublic || (t.IsNestedPublic && t.DeclaringType!.IsPublic))
                .Select(t => assembly.GetName().Name + ": " + t.FullName))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        var reflectedTypes = module.GetTypes()
            .Where(t => !t.IsAbstract && IsFoundByPowerShell(t))
            .Select(t => (t.FullName!, t.IsPublic))
            .OrderBy(t => t.Item1, StringComparer.Ordinal)
            .ToList();

        return new ModuleSurface(cmdlets, verbs, publicTypes, reflectedTypes);
    }

    private static bool IsFoundByPowerShell(Type type)
    {
        string[] interfaces = { Sma + "IModuleAssemblyInitializer", Sma + "IModuleAssemblyCleanup", Sma + "IArgumentCompleter" };
        if (type.GetInterfaces().Any(i => interfaces.Contains(i.FullName)))
        {
            return true;
        }

        for (Type? b = type.BaseType; b != null; b = b.BaseType)
        {
            if (b.FullName == Sma + "ArgumentTransformationAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static CmdletInfo? ReadCmdlet(Type type)
    {
        CustomAttributeData? cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
        if (cmdlet == null)
        {
            return null;
        }

        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Flatten)
            .Select(v => v is Type t ? t.FullName! : (string)v!)
            .ToList();

        var baseTypes = new List<string>();
        for (Type? b = type.BaseType; b != null; b = b.BaseType)
        {
            baseTypes.Add(b.FullName!);
        }

        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .OfType<CmdletParameter>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        return new CmdletInfo(
            Verb: (string)cmdlet.ConstructorArguments[0].Value!,
            Noun: (string)cmdlet.ConstructorArguments[1].Value!,
            ClassName: type.FullName!,
            BaseTypes: baseTypes,
            DefaultParameterSetName: Named<string>(cmdlet, "DefaultParameterSetName"),
            SupportsShouldProcess: Named<bool?>(cmdlet, "SupportsShouldProcess") ?? false,
            ConfirmImpact: ConfirmImpactName(Named<int?>(cmdlet, "ConfirmImpact")),
            OutputTypes: outputTypes,
            Parameters: parameters);
    }

    private static CmdletParameter? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var sets = attributes
            .Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute")
            .Select(a =>
            {
                int? position = Named<int?>(a, "Position");
                return new ParameterSetMembership(
                    Named<string>(a, "ParameterSetName") ?? CmdletInfo.AllSets,
                    position == int.MinValue ? null : position,
                    Named<bool?>(a, "Mandatory") ?? false,
                    Named<bool?>(a, "ValueFromPipeline") ?? false,
                    Named<bool?>(a, "ValueFromPipelineByPropertyName") ?? false);
            })
            .ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var aliases = attributes
            .Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Flatten)
            .Select(v => (string)v!)
            .ToList();

        string? completer = attributes
            .Where(a => a.AttributeType.FullName == Sma + "ArgumentCompleterAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .Select(arg => arg.Value)
            .OfType<Type>()
            .Select(t => t.FullName)
            .FirstOrDefault();

        return new CmdletParameter(property.Name, property.PropertyType.FullName!, property.DeclaringType!.FullName!, aliases, sets, completer);
    }

    // A params array argument arrives as a collection of typed arguments; a single value as itself.
    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { argument.Value };

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }

    // System.Management.Automation.ConfirmImpact; the attribute defaults to Medium when the cmdlet names none.
    private static string ConfirmImpactName(int? value) => value switch
    {
        null => "Medium",
        0 => "None",
        1 => "Low",
        2 => "Medium",
        3 => "High",
        _ => value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
