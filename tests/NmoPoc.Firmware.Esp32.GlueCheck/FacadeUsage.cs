using Microsoft.CodeAnalysis;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>Finds facade declarations that no glue or core code refers to.</summary>
internal static class FacadeUsage
{
    public static List<string> Unused(Compilation compilation, IReadOnlySet<string> facadePaths)
    {
        var used = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees.Where(t => !facadePaths.Contains(t.FilePath)))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var info = model.GetSymbolInfo(node);
                Mark(used, info.Symbol);
                foreach (var candidate in info.CandidateSymbols)
                {
                    Mark(used, candidate);
                }

                var type = model.GetTypeInfo(node);
                Mark(used, type.Type);
                Mark(used, type.ConvertedType);
            }
        }

        var unused = new List<string>();
        foreach (var tree in compilation.SyntaxTrees.Where(t => facadePaths.Contains(t.FilePath)))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes())
            {
                var symbol = model.GetDeclaredSymbol(declaration);
                if (symbol is null or INamespaceSymbol or IParameterSymbol or ILocalSymbol || IsLanguageRequired(symbol, used) || used.Contains(symbol))
                {
                    continue;
                }

                unused.Add(symbol.ToDisplayString());
            }
        }

        return unused.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static void Mark(HashSet<ISymbol> used, ISymbol? symbol)
    {
        for (var s = symbol; s != null && s is not INamespaceSymbol; s = s.ContainingSymbol)
        {
            used.Add(s.OriginalDefinition);
            if (s is IMethodSymbol { AssociatedSymbol: { } property })
            {
                used.Add(property.OriginalDefinition);
            }

            if (s is IPropertySymbol p)
            {
                // Using a property uses the accessors the code can reach.
                if (p.GetMethod != null)
                {
                    used.Add(p.GetMethod.OriginalDefinition);
                }

                if (p.SetMethod != null)
                {
                    used.Add(p.SetMethod.OriginalDefinition);
                }
            }
        }
    }

    /// <summary>Members C# demands once another is declared: operator != with ==, Equals/GetHashCode with them.</summary>
    private static bool IsLanguageRequired(ISymbol symbol, HashSet<ISymbol> used) =>
        symbol is IMethodSymbol { IsOverride: true, Name: "Equals" or "GetHashCode" }
        || symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator, Name: "op_Inequality" or "op_Equality" } op
           && op.ContainingType.GetMembers(op.Name == "op_Equality" ? "op_Inequality" : "op_Equality").Any(used.Contains);
}
