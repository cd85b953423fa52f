using Microsoft.CodeAnalysis;
using static NmoPoc.Firmware.Tests.NanoSubset.NanoSymbols;

namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>How the guard names symbols, so bound .NET members can be compared with <see cref="NanoApi"/>'s tables.</summary>
internal static class NanoSymbols
{
    /// <summary>Display of a type the way <see cref="NanoApi.Members"/> writes it: <c>int</c>, <c>char[]</c>, <c>Array</c>.</summary>
    internal static readonly SymbolDisplayFormat TypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Namespace-qualified name without keywords or type arguments: System.String, System.Collections.Generic.List.</summary>
    internal static string FullName(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (definition.ContainingType != null)
        {
            return FullName(definition.ContainingType) + "." + definition.Name;
        }

        var ns = definition.ContainingNamespace;
        return ns == null || ns.IsGlobalNamespace ? definition.Name : ns.ToDisplayString() + "." + definition.Name;
    }

    internal static string MemberKey(ISymbol member) => member switch
    {
        IMethodSymbol m => $"{m.Name}({string.Join(", ", m.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type.ToDisplayString(TypeFormat)))})",
        IPropertySymbol { IsIndexer: true } p => $"this[{string.Join(", ", p.Parameters.Select(x => x.Type.ToDisplayString(TypeFormat)))}]",
        _ => member.Name,
    };
}

/// <summary><see cref="NanoApi.Members"/> resolved against one compilation.</summary>
internal sealed class ApiSurface
{
    private readonly Dictionary<string, TypeSurface> _types = new();

    public ApiSurface(Compilation compilation)
    {
        foreach (var (typeName, members) in NanoApi.Members)
        {
            _types[typeName] = new TypeSurface(compilation, members);
        }
    }

    public TypeSurface? For(INamedTypeSymbol? type) =>
        type != null && _types.TryGetValue(FullName(type), out var s) ? s : null;
}

internal sealed class TypeSurface
{
    public readonly HashSet<string> ExactKeys = new(StringComparer.Ordinal);
    public readonly HashSet<string> Names = new(StringComparer.Ordinal);
    public readonly List<Overload> Overloads = new();

    public TypeSurface(Compilation compilation, IEnumerable<string> members)
    {
        foreach (var member in members)
        {
            var open = member.IndexOf('(');
            if (open < 0 || member.StartsWith("this[", StringComparison.Ordinal))
            {
                ExactKeys.Add(member);
                Names.Add(open < 0 ? member : "this[]");
                continue;
            }

            var name = member[..open];
            var parameters = member[(open + 1)..^1]
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => Parameter.Parse(compilation, p))
                .ToArray();
            Names.Add(name);
            ExactKeys.Add(member.Replace("=", "", StringComparison.Ordinal));
            Overloads.Add(new Overload(name, parameters));
        }
    }
}

internal sealed record Overload(string Name, Parameter[] Parameters)
{
    public int Required => Parameters.Count(p => !p.Optional && !p.IsParams);
}

internal sealed record Parameter(ITypeSymbol Type, bool IsParams, bool Optional)
{
    public static Parameter Parse(Compilation compilation, string text)
    {
        var isParams = text.StartsWith("params ", StringComparison.Ordinal);
        var optional = text.EndsWith('=');
        var typeText = text.Replace("params ", "", StringComparison.Ordinal).TrimEnd('=');
        return new Parameter(ResolveType(compilation, typeText), isParams, optional);
    }

    private static ITypeSymbol ResolveType(Compilation compilation, string text)
    {
        if (text.EndsWith("[]", StringComparison.Ordinal))
        {
            return compilation.CreateArrayTypeSymbol(ResolveType(compilation, text[..^2]));
        }

        var special = text switch
        {
            "string" => SpecialType.System_String,
            "object" => SpecialType.System_Object,
            "char" => SpecialType.System_Char,
            "int" => SpecialType.System_Int32,
            "double" => SpecialType.System_Double,
            "float" => SpecialType.System_Single,
            "Array" => SpecialType.System_Array,
            "Enum" => SpecialType.System_Enum,
            _ => SpecialType.None,
        };
        if (special != SpecialType.None)
        {
            return compilation.GetSpecialType(special);
        }

        return compilation.GetTypeByMetadataName("System.Collections." + text)
            ?? compilation.GetTypeByMetadataName("System." + text)
            ?? throw new InvalidOperationException($"NanoApi names unknown type '{text}'.");
    }
}
