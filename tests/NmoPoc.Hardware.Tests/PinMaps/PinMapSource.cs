using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NmoPoc.Hardware.Tests.PinMaps;

/// <summary>Reads the constants of a pin-map source file with Roslyn, the way the compiler would.</summary>
internal sealed class PinMapSource
{
    private PinMapSource(CompilationUnitSyntax root, IReadOnlyDictionary<string, object> constants, IReadOnlyList<string> problems)
    {
        Root = root;
        Constants = constants;
        Problems = problems;
    }

    public CompilationUnitSyntax Root { get; }

    /// <summary>Constant name to value (int or bool).</summary>
    public IReadOnlyDictionary<string, object> Constants { get; }

    /// <summary>Compile errors and members that are not public constants.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static PinMapSource Parse(string source)
    {
        // Parse as C# 9, the language version nanoFramework builds with.
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9));
        var compilation = CSharpCompilation.Create("PinMap", [tree],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();

        var constants = new Dictionary<string, object>(StringComparer.Ordinal);
        var root = tree.GetCompilationUnitRoot();
        foreach (var member in root.DescendantNodes().OfType<MemberDeclarationSyntax>()
                     .Where(m => m is not BaseNamespaceDeclarationSyntax and not TypeDeclarationSyntax))
        {
            if (member is not FieldDeclarationSyntax field
                || !field.Modifiers.Any(SyntaxKind.ConstKeyword)
                || !field.Modifiers.Any(SyntaxKind.PublicKeyword))
            {
                problems.Add($"not a public constant: {member.ToString().Split('\n')[^1].Trim()}");
                continue;
            }
            foreach (var variable in field.Declaration.Variables)
            {
                var value = variable.Initializer is { } init ? model.GetConstantValue(init.Value) : default;
                if (value is { HasValue: true, Value: int or bool })
                {
                    constants[variable.Identifier.Text] = value.Value;
                }
                else
                {
                    problems.Add($"{variable.Identifier.Text}: not an int or bool constant");
                }
            }
        }
        return new PinMapSource(root, constants, problems);
    }
}
