using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ZeroTrustOrg.HelpBuilder;

/// <summary>Writes the MAML that Get-Help reads (ZeroTrustOrg.dll-Help.xml), in the shape PlatyPS produces.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CommandHelpPage> pages) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                pages.Select(CommandElement)));

    private static XElement CommandElement(CommandHelpPage page)
    {
        string[] verbNoun = page.Title.Split('-', 2);
        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", page.Title),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : string.Empty),
                Description(page.Synopsis)),
            Description(page.Description),
            new XElement(Command + "syntax", SyntaxSets(page).Select(set => SyntaxItem(page, set))),
            new XElement(Command + "parameters", page.Parameters.Select(p => ParameterElement(p, p.Sets.FirstOrDefault()))),
            new XElement(Command + "inputTypes", page.InputDetails.Select(t => TypeElement(Command + "inputType", t))),
            new XElement(Command + "returnValues", page.OutputDetails.Select(t => TypeElement(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"--------- {e.Title} ---------"),
                new XElement(Dev + "code", string.Join("\n\n", e.Code.Where(c => c.Language != "yaml").Select(c => c.Code))),
                new XElement(Dev + "remarks", Paragraphs(e.Remarks))))),
            new XElement(Command + "relatedLinks", page.Links.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? l.Uri : string.Empty)))));
    }

    private static IEnumerable<string> SyntaxSets(CommandHelpPage page) =>
        page.Syntax.Count > 0 ? page.Syntax.Select(s => s.SetName) : page.Parameters.SelectMany(p => p.Sets).Select(s => s.Name).Where(n => n != "(All)").DefaultIfEmpty("(All)").Distinct();

    private static XElement SyntaxItem(CommandHelpPage page, string setName)
    {
        var members = page.Parameters
            .Select(p => (Parameter: p, Set: p.Sets.FirstOrDefault(s => s.Name == setName) ?? p.Sets.FirstOrDefault(s => s.Name is "(All)" or "__AllParameterSets")))
            .Where(m => m.Set != null)
            .OrderBy(m => int.TryParse(m.Set!.Position, out int position) ? position : int.MaxValue)
            .ThenBy(m => m.Set!.IsRequired ? 0 : 1);
        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", page.Title),
            members.Select(m => ParameterElement(m.Parameter, m.Set, inSyntax: true)));
    }

    private static XElement ParameterElement(DocumentedParameter parameter, DocumentedParameterSet? set, bool inSyntax = false)
    {
        string pipeline = set == null ? "False" : (set.ValueFromPipeline, set.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var element = new XElement(Command + "parameter",
            new XAttribute("required", (set?.IsRequired ?? false) ? "true" : "false"),
            new XAttribute("variableLength", parameter.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", set?.Position is { } position && int.TryParse(position, out _) ? position : "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (parameter.AcceptedValues.Count > 0 && inSyntax)
        {
            element.Add(new XElement(Command + "parameterValueGroup", parameter.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }
        else if (!IsSwitch(parameter))
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), ShortType(parameter.TypeName)));
        }

        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeName), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", IsSwitch(parameter) && parameter.DefaultValue == "None" ? "False" : parameter.DefaultValue));
        return element;
    }

    private static bool IsSwitch(DocumentedParameter parameter) => parameter.TypeName.EndsWith("SwitchParameter", StringComparison.Ordinal);

    private static XElement TypeElement(XName name, (string Type, string Description) type) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", type.Type), new XElement(Maml + "uri")), Description(type.Description));

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    /// <summary>Markdown paragraphs as plain-text MAML paragraphs (Get-Help prints text, not markdown).</summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Trim(), @"\n\s*\n")
            .Select(p => Regex.Replace(p, @"\s*\n\s*", " ").Replace("**", string.Empty).Replace("`", string.Empty).Trim())
            .Where(p => p.Length > 0)
            .Select(p => new XElement(Maml + "para", p));

    private static string ShortType(string type)
    {
        string name = type.Substring(type.LastIndexOf('.') + 1);
        return name switch { "String" => "string", "String[]" => "string[]", "Int32" => "int", "Object" => "Object", _ => name };
    }
}
