using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NmoPoc.Tests.Shared;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static NmoPoc.Firmware.Tests.NanoSubset.NanoSymbols;

namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>
/// Checks C# sources against the subset nanoFramework 1.x runs. The sources are compiled together as C# 9 against
/// the running .NET's framework assemblies, so constructs are found by symbol (what a name binds to, what type an
/// expression has, which overload a call picks), not by spelling. See docs/nano-subset.md for the rules.
/// </summary>
public static class NanoSubsetGuard
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp9, DocumentationMode.Parse);

    public static IReadOnlyList<NanoViolation> Check(IEnumerable<NanoSource> sources) =>
        Check(sources, Array.Empty<NanoSource>(), Array.Empty<string>());

    /// <summary>
    /// Checks <paramref name="sources"/>, compiled together with <paramref name="referenceOnly"/> (not checked: the
    /// core the ESP32 glue links, the nanoFramework facade). Types in <paramref name="platformNamespaces"/> (and their
    /// sub-namespaces) are the platform's own API, taken as nano-safe: the facade declares only real nanoFramework
    /// members. Every language rule (generics, LINQ, async...) still applies to the checked sources.
    /// </summary>
    public static IReadOnlyList<NanoViolation> Check(IEnumerable<NanoSource> sources, IEnumerable<NanoSource> referenceOnly,
        IReadOnlyList<string> platformNamespaces)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        var references = referenceOnly.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        var checkedPaths = new HashSet<string>(trees.Select(t => t.FilePath), StringComparer.Ordinal);
        var compilation = CSharpCompilation.Create(
            "NanoSubsetCheck",
            trees.Concat(references),
            FrameworkReferences.Get(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable,
                // Unsafe code is reported by the "unsafe" rule, with a clearer message than CS0227.
                allowUnsafe: true));

        var found = new List<NanoViolation>();
        foreach (var diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error
                && (diagnostic.Location.SourceTree == null || checkedPaths.Contains(diagnostic.Location.SourceTree.FilePath)))
            {
                var span = diagnostic.Location.GetLineSpan();
                found.Add(new NanoViolation(
                    span.Path ?? "",
                    span.StartLinePosition.Line + 1,
                    NanoRule.Language,
                    $"{diagnostic.Id}: {diagnostic.GetMessage()}"));
            }
        }

        var api = new ApiSurface(compilation);
        foreach (var tree in trees)
        {
            new Walker(compilation.GetSemanticModel(tree), api, found, platformNamespaces).Run();
        }

        // One report per file, line and rule: a construct usually trips several nodes of the same line.
        return found
            .GroupBy(v => (v.File, v.Line, v.RuleId))
            .Select(g => g.First())
            .OrderBy(v => v.File, StringComparer.Ordinal)
            .ThenBy(v => v.Line)
            .ThenBy(v => v.RuleId, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<NanoViolation> Check(string path, string text) => Check(new[] { new NanoSource(path, text) });

    private sealed class Walker
    {
        private static readonly Regex StandardNumberFormat = new("^[DdFfGgNnXx][0-9]{0,2}$", RegexOptions.CultureInvariant);
        private static readonly Regex CompositeFormatItem = new(@"(?<!\{)\{\s*\d+\s*(,\s*-?\d+\s*)?(:(?<format>[^}]*))?\}", RegexOptions.CultureInvariant);

        private static readonly HashSet<string> TypeRulesThatMatterForParameters = new(StringComparer.Ordinal)
        {
            NanoRule.Generic, NanoRule.Span, NanoRule.Tuple, NanoRule.Unsafe, NanoRule.Dynamic, NanoRule.Async, NanoRule.Linq,
        };

        private readonly SemanticModel _model;
        private readonly ApiSurface _api;
        private readonly List<NanoViolation> _found;
        private readonly Dictionary<ITypeSymbol, List<(string Rule, string Message)>> _typeProblems = new(SymbolEqualityComparer.Default);

        private readonly IReadOnlyList<string> _platform;

        public Walker(SemanticModel model, ApiSurface api, List<NanoViolation> found, IReadOnlyList<string> platformNamespaces)
        {
            _platform = platformNamespaces;
            _model = model;
            _api = api;
            _found = found;
        }

        private Compilation Compilation => _model.Compilation;

        public void Run()
        {
            var root = _model.SyntaxTree.GetRoot();
            foreach (var directive in root.DescendantTrivia().Where(t => t.IsDirective).Select(t => t.GetStructure()))
            {
                CheckDirective(directive!);
            }

            foreach (var node in root.DescendantNodesAndSelf())
            {
                CheckSyntax(node);
                CheckSemantics(node);
            }
        }

        private void Report(SyntaxNode node, string rule, string message) => Report(node.GetLocation(), rule, message);

        private void Report(Location location, string rule, string message)
        {
            var span = location.GetLineSpan();
            _found.Add(new NanoViolation(span.Path ?? "", span.StartLinePosition.Line + 1, rule, message));
        }

        private void CheckDirective(SyntaxNode directive)
        {
            switch (directive)
            {
                case IfDirectiveTriviaSyntax or DefineDirectiveTriviaSyntax or UndefDirectiveTriviaSyntax:
                    Report(directive, NanoRule.Preprocessor, $"'{directive.ToString().Trim()}': conditional compilation hides code from this guard");
                    break;
                case NullableDirectiveTriviaSyntax:
                    Report(directive, NanoRule.Preprocessor, "#nullable: the core is nullable-oblivious (nullable attributes are not in nano's mscorlib)");
                    break;
            }
        }

        // ---------------------------------------------------------------- syntax: constructs banned whatever they bind to

        private void CheckSyntax(SyntaxNode node)
        {
            CheckModifiers(node);
            switch (node)
            {
                case TypeParameterListSyntax:
                    Report(node, NanoRule.Generic, $"declares type parameters {node}");
                    break;
                case TypeParameterConstraintClauseSyntax:
                    Report(node, NanoRule.Generic, $"generic constraint '{node}'");
                    break;
                case QueryExpressionSyntax:
                    Report(node, NanoRule.Linq, "LINQ query syntax");
                    break;
                case AwaitExpressionSyntax:
                    Report(node, NanoRule.Async, "await");
                    break;
                case ForEachStatementSyntax forEach:
                    if (forEach.AwaitKeyword != default)
                    {
                        Report(node, NanoRule.Async, "await foreach");
                    }

                    CheckForeach(forEach);
                    break;
                case ForEachVariableStatementSyntax:
                    Report(node, NanoRule.Tuple, "foreach with deconstruction");
                    break;
                case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    Report(node, NanoRule.Async, "await using");
                    break;
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    Report(node, NanoRule.Span, "stackalloc");
                    break;
                case TupleTypeSyntax:
                    Report(node, NanoRule.Tuple, $"tuple type {node}");
                    break;
                case TupleExpressionSyntax:
                    Report(node, NanoRule.Tuple, $"tuple literal or deconstruction {node}");
                    break;
                case ParenthesizedVariableDesignationSyntax:
                    Report(node, NanoRule.Tuple, $"deconstruction {node}");
                    break;
                case RecordDeclarationSyntax record:
                    Report(node, NanoRule.Record, $"record {record.Identifier}");
                    break;
                case WithExpressionSyntax:
                    Report(node, NanoRule.Record, "with-expression");
                    break;
                case AccessorDeclarationSyntax accessor when accessor.Keyword.IsKind(SyntaxKind.InitKeyword):
                    Report(node, NanoRule.Record, "init accessor (needs IsExternalInit); use a constructor or a plain setter");
                    break;
                case YieldStatementSyntax:
                    Report(node, NanoRule.Yield, "yield (iterator)");
                    break;
                case ArrayRankSpecifierSyntax rank when rank.Rank > 1:
                    Report(node, NanoRule.MultiDimArray, $"multidimensional array {node.Parent}");
                    break;
                case CatchFilterClauseSyntax:
                    Report(node, NanoRule.CatchWhen, $"exception filter '{node}'");
                    break;
                case PointerTypeSyntax or FunctionPointerTypeSyntax or FixedStatementSyntax or UnsafeStatementSyntax:
                    Report(node, NanoRule.Unsafe, $"unsafe construct '{Short(node)}'");
                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.AddressOfExpression) || prefix.IsKind(SyntaxKind.PointerIndirectionExpression):
                    Report(node, NanoRule.Unsafe, $"pointer operation '{node}'");
                    break;
                case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.PointerMemberAccessExpression):
                    Report(node, NanoRule.Unsafe, $"pointer member access '{node}'");
                    break;
                case SizeOfExpressionSyntax:
                    Report(node, NanoRule.Unsafe, "sizeof");
                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.IndexExpression):
                    Report(node, NanoRule.IndexRange, $"index from end '{node}'");
                    break;
                case RangeExpressionSyntax:
                    Report(node, NanoRule.IndexRange, $"range '{node}'");
                    break;
                case RefTypeSyntax:
                    Report(node, NanoRule.ByRef, $"ref return or ref local '{node}'");
                    break;
                case RefExpressionSyntax:
                    Report(node, NanoRule.ByRef, $"ref expression '{node}'");
                    break;
                case ParameterSyntax parameter when parameter.Modifiers.Any(SyntaxKind.InKeyword):
                    Report(node, NanoRule.ByRef, $"in parameter '{parameter.Identifier}'");
                    break;
                case AnonymousObjectCreationExpressionSyntax:
                    Report(node, NanoRule.Generic, "anonymous type (compiles to a generic class)");
                    break;
                case InterfaceDeclarationSyntax interfaceDeclaration:
                    CheckInterface(interfaceDeclaration);
                    break;
                case MethodDeclarationSyntax or PropertyDeclarationSyntax:
                    CheckCovariantReturn((MemberDeclarationSyntax)node);
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    CheckDeclaredNamespace((MemberDeclarationSyntax)node);
                    break;
                case InterpolationSyntax interpolation:
                    CheckInterpolation(interpolation);
                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    CheckEnumConcatenation(binary);
                    break;
            }
        }

        private void CheckModifiers(SyntaxNode node)
        {
            var modifiers = node switch
            {
                MemberDeclarationSyntax m => m.Modifiers,
                LocalFunctionStatementSyntax f => f.Modifiers,
                AnonymousFunctionExpressionSyntax a => a.Modifiers,
                _ => default,
            };
            foreach (var modifier in modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.AsyncKeyword:
                        Report(modifier.GetLocation(), NanoRule.Async, "async");
                        break;
                    case SyntaxKind.UnsafeKeyword:
                        Report(modifier.GetLocation(), NanoRule.Unsafe, "unsafe");
                        break;
                    case SyntaxKind.FixedKeyword:
                        Report(modifier.GetLocation(), NanoRule.Unsafe, "fixed-size buffer");
                        break;
                    case SyntaxKind.VolatileKeyword:
                        Report(modifier.GetLocation(), NanoRule.Volatile, "volatile field");
                        break;
                    case SyntaxKind.RefKeyword when node is TypeDeclarationSyntax:
                        Report(modifier.GetLocation(), NanoRule.ByRef, "ref struct");
                        break;
                }
            }
        }

        private void CheckInterface(InterfaceDeclarationSyntax declaration)
        {
            foreach (var member in declaration.Members)
            {
                var what = member switch
                {
                    BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => "nested type in an interface",
                    FieldDeclarationSyntax => "field in an interface",
                    OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax => "operator in an interface",
                    ConstructorDeclarationSyntax or DestructorDeclarationSyntax => "constructor in an interface",
                    MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null } =>
                        "default interface implementation",
                    PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null } =>
                        "default interface implementation",
                    BasePropertyDeclarationSyntax p when p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) == true =>
                        "default interface implementation",
                    _ => null,
                };
                var modifier = member.Modifiers.FirstOrDefault(m => !m.IsKind(SyntaxKind.PublicKeyword) && !m.IsKind(SyntaxKind.NewKeyword));
                if (what == null && modifier != default)
                {
                    what = $"'{modifier.Text}' interface member";
                }

                if (what != null)
                {
                    Report(member, NanoRule.InterfaceBody, $"{what} in {declaration.Identifier}");
                }
            }
        }

        private void CheckCovariantReturn(MemberDeclarationSyntax member)
        {
            if (!member.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                return;
            }

            var symbol = _model.GetDeclaredSymbol(member);
            var (mine, overridden) = symbol switch
            {
                IMethodSymbol m when m.OverriddenMethod != null => (m.ReturnType, m.OverriddenMethod.ReturnType),
                IPropertySymbol p when p.OverriddenProperty != null => (p.Type, p.OverriddenProperty.Type),
                _ => ((ITypeSymbol?)null, (ITypeSymbol?)null),
            };
            if (mine != null && overridden != null && !SymbolEqualityComparer.Default.Equals(mine, overridden))
            {
                Report(member, NanoRule.CovariantReturn, $"override returns {mine.ToDisplayString()} instead of {overridden.ToDisplayString()}");
            }
        }

        private void CheckDeclaredNamespace(MemberDeclarationSyntax declaration)
        {
            if (declaration.Parent is TypeDeclarationSyntax)
            {
                return; // nested: its outer type is checked
            }

            var ns = _model.GetDeclaredSymbol(declaration)?.ContainingNamespace;
            if (ns == null)
            {
                return;
            }

            var name = ns.IsGlobalNamespace ? "<global>" : ns.ToDisplayString();
            if (!IsOwnNamespace(name))
            {
                Report(declaration, NanoRule.DeclaredNamespace, $"type declared in namespace {name}; must be {NanoApi.OwnNamespace} or below");
            }
        }

        private void CheckForeach(ForEachStatementSyntax forEach)
        {
            var collection = _model.GetTypeInfo(forEach.Expression).Type;
            if (collection == null || collection.TypeKind == TypeKind.Error || collection is IArrayTypeSymbol)
            {
                return; // arrays: rank is checked as a type
            }

            if (collection.SpecialType == SpecialType.System_String)
            {
                Report(forEach.Expression, NanoRule.Foreach, "foreach over a string: nano's String.GetEnumerator throws; index with a for loop");
                return;
            }

            var enumerator = _model.GetForEachStatementInfo(forEach).GetEnumeratorMethod?.ReturnType;
            if (enumerator is not INamedTypeSymbol named || IsGenericAnywhere(named) || !IsNonGenericEnumerator(named))
            {
                Report(forEach.Expression, NanoRule.Foreach,
                    $"foreach over {collection.ToDisplayString()} (enumerator {enumerator?.ToDisplayString() ?? "?"}); only arrays and non-generic collections");
            }
        }

        private bool IsNonGenericEnumerator(INamedTypeSymbol type)
        {
            var nonGeneric = Compilation.GetSpecialType(SpecialType.System_Collections_IEnumerator);
            return SymbolEqualityComparer.Default.Equals(type, nonGeneric)
                || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, nonGeneric));
        }

        private void CheckInterpolation(InterpolationSyntax interpolation)
        {
            if (interpolation.FormatClause != null)
            {
                var format = interpolation.FormatClause.FormatStringToken.ValueText;
                if (!StandardNumberFormat.IsMatch(format))
                {
                    Report(interpolation, NanoRule.NumberFormat, $"format '{format}' in an interpolated string; nano supports only D/F/G/N/X with digits");
                }
            }

            if (IsEnum(_model.GetTypeInfo(interpolation.Expression).Type))
            {
                Report(interpolation, NanoRule.EnumToString, $"enum {interpolation.Expression} turned into text by interpolation");
            }
        }

        private void CheckEnumConcatenation(BinaryExpressionSyntax binary)
        {
            var left = _model.GetTypeInfo(binary.Left).Type;
            var right = _model.GetTypeInfo(binary.Right).Type;
            var isStringConcat = left?.SpecialType == SpecialType.System_String || right?.SpecialType == SpecialType.System_String;
            if (isStringConcat && (IsEnum(left) || IsEnum(right)))
            {
                Report(binary, NanoRule.EnumToString, $"enum turned into text by string concatenation '{Short(binary)}'");
            }
        }

        // ---------------------------------------------------------------- semantics: what names and expressions bind to

        private void CheckSemantics(SyntaxNode node)
        {
            if (IsDeclarationName(node))
            {
                return;
            }

            if (node is ExpressionSyntax expression)
            {
                var info = _model.GetTypeInfo(expression);
                ReportType(node, info.Type);
                if (!SymbolEqualityComparer.Default.Equals(info.Type, info.ConvertedType))
                {
                    ReportType(node, info.ConvertedType);
                }
            }

            var bindsSymbol = node is SimpleNameSyntax or InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax
                or ElementAccessExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax or CastExpressionSyntax or AttributeSyntax
                or ConstructorInitializerSyntax;
            if (!bindsSymbol)
            {
                return;
            }

            var symbolInfo = _model.GetSymbolInfo(node);
            if (symbolInfo.Symbol != null)
            {
                CheckSymbol(node, symbolInfo.Symbol);
            }
            else
            {
                // nameof(method group), failed overload resolution: every candidate is something the code names.
                foreach (var candidate in symbolInfo.CandidateSymbols)
                {
                    CheckSymbol(node, candidate);
                }
            }
        }

        private static bool IsDeclarationName(SyntaxNode node) =>
            node.Ancestors().Any(a => a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(node.Span))
            || node.Parent is NameEqualsSyntax { Parent: UsingDirectiveSyntax };

        private void CheckSymbol(SyntaxNode node, ISymbol symbol)
        {
            switch (symbol)
            {
                case INamespaceSymbol ns:
                    CheckNamespace(node, ns);
                    break;
                case ITypeSymbol type:
                    ReportType(node, type);
                    break;
                case IMethodSymbol method:
                    CheckMethod(node, method);
                    break;
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    ReportContainingType(node, symbol.ContainingType);
                    CheckMemberBans(node, symbol);
                    CheckNanoSurface(node, symbol, null);
                    break;
                case IRangeVariableSymbol:
                    Report(node, NanoRule.Linq, "LINQ range variable");
                    break;
            }
        }

        private void CheckNamespace(SyntaxNode node, INamespaceSymbol ns)
        {
            if (ns.IsGlobalNamespace)
            {
                return;
            }

            var name = ns.ToDisplayString();
            if (name == "System.Linq" || name.StartsWith("System.Linq.", StringComparison.Ordinal))
            {
                Report(node, NanoRule.Linq, $"namespace {name}");
            }
            else if (name == "System.Threading.Tasks" || name.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
            {
                Report(node, NanoRule.Async, $"namespace {name}");
            }
            else if (!IsAllowedNamespace(name) && !IsAncestorOfAllowed(name) && !IsPlatform(name) && !IsAncestorOfPlatform(name))
            {
                Report(node, NanoRule.Namespace, $"namespace {name} is not in the allow-list");
            }
        }

        private void CheckMethod(SyntaxNode node, IMethodSymbol method)
        {
            if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                if (method.IsGenericMethod)
                {
                    Report(node, NanoRule.Generic, $"calls generic local function {method.ToDisplayString()}");
                }

                return;
            }

            var definition = method.ReducedFrom ?? method;
            if (method.IsGenericMethod || definition.IsGenericMethod)
            {
                Report(node, NanoRule.Generic, $"calls generic method {method.ToDisplayString()} (type arguments may be inferred)");
            }

            ReportContainingType(node, definition.ContainingType);
            foreach (var parameter in method.Parameters)
            {
                foreach (var (rule, message) in TypeProblems(parameter.Type).Where(p => TypeRulesThatMatterForParameters.Contains(p.Rule)))
                {
                    Report(node, rule, $"binds to {method.ToDisplayString()}, whose parameter {parameter.Name}: {message}");
                }
            }

            CheckMemberBans(node, method);
            var arguments = node switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
                BaseObjectCreationExpressionSyntax { ArgumentList: not null } creation => creation.ArgumentList.Arguments,
                BaseObjectCreationExpressionSyntax => default(SeparatedSyntaxList<ArgumentSyntax>),
                _ => (SeparatedSyntaxList<ArgumentSyntax>?)null,
            };
            CheckNanoSurface(node, method, arguments);
            if (node is InvocationExpressionSyntax call)
            {
                CheckNumberFormatting(call, method);
                CheckEnumArguments(call, method);
            }
        }

        /// <summary>Members with a rule of their own (they would otherwise fall under nano-api or nowhere).</summary>
        private void CheckMemberBans(SyntaxNode node, ISymbol member)
        {
            var ban = SpecificBan(member);
            if (ban != null)
            {
                Report(node, ban.Value.Rule, ban.Value.Message);
            }
        }

        private static (string Rule, string Message)? SpecificBan(ISymbol member)
        {
            var type = member.ContainingType == null ? "" : FullName(member.ContainingType);
            var name = member.Name;
            return (type, name) switch
            {
                ("System.DateTime", "Now" or "Today" or "UtcNow") => (NanoRule.Clock, $"DateTime.{name}: time comes from IWallClock"),
                ("System.Environment", "TickCount" or "TickCount64") => (NanoRule.Clock, $"Environment.{name}: time comes from IMonotonicClock"),
                ("System.Enum", "GetValues" or "GetNames" or "GetValuesAsUnderlyingType" or "GetName" or "Parse" or "TryParse" or "IsDefined") =>
                    (NanoRule.EnumReflection, $"Enum.{name}: nano has no reflection over enum names and values"),
                ("System.Enum", "ToString" or "Format") => (NanoRule.EnumToString, $"Enum.{name}: nano cannot turn an enum into its name"),
                ("System.String", "Join") => (NanoRule.StringJoin, "string.Join does not exist on nano; use StringBuilder"),
                ("System.String", "Replace") => (NanoRule.StringReplace, "string.Replace does not exist on nano"),
                ("System.String", "GetEnumerator") => (NanoRule.Foreach, "String.GetEnumerator throws on nano"),
                ("System.Math", "Round") when member is IMethodSymbol { Parameters.Length: > 1 } round =>
                    (NanoRule.MathRoundDigits, $"{round.ToDisplayString()}: nano has only Math.Round(x)"),
                ("System.Array", "Sort") => (NanoRule.ArraySort, "Array.Sort does not exist on nano; write an insertion sort"),
                _ when name.StartsWith("ThrowIf", StringComparison.Ordinal) && IsException(member.ContainingType) =>
                    (NanoRule.NanoApi, $"{type}.{name}: the ThrowIf helpers are .NET 6+ only"),
                _ => null,
            };
        }

        /// <summary>
        /// For types in <see cref="NanoApi.Members"/>: the member must exist on nano. A call is fine when .NET bound it to
        /// an overload nano also has, or when one of nano's overloads takes the same arguments without a numeric
        /// conversion (so nano would not silently pick, say, Max(float, float) for two longs).
        /// </summary>
        private void CheckNanoSurface(SyntaxNode node, ISymbol member, SeparatedSyntaxList<ArgumentSyntax>? arguments)
        {
            var surface = _api.For(member.ContainingType);
            if (surface == null || SpecificBan(member) != null)
            {
                return;
            }

            if (member is IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Constructor) })
            {
                return; // operators (string ==, string +) are all there
            }

            var definition = member is IMethodSymbol m ? (m.ReducedFrom ?? m).OriginalDefinition : member.OriginalDefinition;
            if (surface.ExactKeys.Contains(MemberKey(definition)))
            {
                return;
            }

            var typeName = member.ContainingType!.Name;
            var name = member is IPropertySymbol { IsIndexer: true } ? "this[]" : member.Name;
            if (!surface.Names.Contains(name))
            {
                Report(node, NanoRule.NanoApi, $"{typeName}.{name} does not exist on nano");
                return;
            }

            if (member is not IMethodSymbol || arguments == null)
            {
                return; // a method group or property by name: the name exists
            }

            if (!surface.Overloads.Where(o => o.Name == name).Any(o => Accepts(o, arguments.Value)))
            {
                Report(node, NanoRule.NanoApi,
                    $"{typeName}.{MemberKey(definition)} is not on nano and no nano overload takes these arguments unchanged "
                    + $"(nano has {string.Join("; ", NanoApi.Members[FullName(member.ContainingType)].Where(k => k.StartsWith(name + "(", StringComparison.Ordinal)))})");
            }
        }

        private bool Accepts(Overload overload, SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            if (arguments.Any(a => a.NameColon != null || a.RefKindKeyword != default))
            {
                return false;
            }

            var parameters = overload.Parameters;
            var normal = arguments.Count >= overload.Required && arguments.Count <= parameters.Length
                && arguments.Select((a, i) => Fits(a.Expression, parameters[i].Type)).All(ok => ok);
            if (normal)
            {
                return true;
            }

            if (parameters.Length == 0 || !parameters[^1].IsParams || arguments.Count < parameters.Length - 1)
            {
                return false;
            }

            var element = ((IArrayTypeSymbol)parameters[^1].Type).ElementType;
            return arguments.Select((a, i) => Fits(a.Expression, i < parameters.Length - 1 ? parameters[i].Type : element)).All(ok => ok);
        }

        private bool Fits(ExpressionSyntax argument, ITypeSymbol parameterType)
        {
            var conversion = _model.ClassifyConversion(argument, parameterType);
            return conversion.IsIdentity
                || conversion.IsImplicit && (conversion.IsReference || conversion.IsBoxing || conversion.IsNullLiteral || conversion.IsConstantExpression);
        }

        private void CheckNumberFormatting(InvocationExpressionSyntax call, IMethodSymbol method)
        {
            if (method.Name == "ToString" && IsNumeric(method.ContainingType) && method.Parameters.Length > 0)
            {
                var format = call.ArgumentList.Arguments.Count > 0 ? _model.GetConstantValue(call.ArgumentList.Arguments[0].Expression) : default;
                if (method.Parameters.Length > 1 || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
                {
                    Report(call, NanoRule.NumberFormat, $"{method.ToDisplayString()}: nano's numeric ToString takes only a format string");
                }
                else if (!format.HasValue || format.Value is not string text || !StandardNumberFormat.IsMatch(text))
                {
                    Report(call, NanoRule.NumberFormat,
                        $"format {(format.HasValue ? $"'{format.Value}'" : "that is not a constant")}: nano supports only D/F/G/N/X with digits");
                }
            }

            if (method.Name == "Format" && method.ContainingType.SpecialType == SpecialType.System_String && call.ArgumentList.Arguments.Count > 0)
            {
                var composite = _model.GetConstantValue(call.ArgumentList.Arguments[0].Expression);
                if (composite.HasValue && composite.Value is string text)
                {
                    foreach (Match item in CompositeFormatItem.Matches(text))
                    {
                        var itemFormat = item.Groups["format"];
                        if (itemFormat.Success && !StandardNumberFormat.IsMatch(itemFormat.Value))
                        {
                            Report(call, NanoRule.NumberFormat, $"format item '{item.Value}': nano supports only D/F/G/N/X with digits");
                        }
                    }
                }
            }
        }

        private void CheckEnumArguments(InvocationExpressionSyntax call, IMethodSymbol method)
        {
            var type = method.ContainingType == null ? null : FullName(method.ContainingType);
            if (type is not ("System.String" or "System.Text.StringBuilder" or "System.Console" or "System.Diagnostics.Debug" or "System.IO.TextWriter"))
            {
                return;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                var info = _model.GetTypeInfo(argument.Expression);
                if (IsEnum(info.Type) && !IsEnum(info.ConvertedType))
                {
                    Report(argument, NanoRule.EnumToString, $"enum {argument.Expression} passed to {method.ToDisplayString()} is turned into text");
                }
            }
        }

        // ---------------------------------------------------------------- types

        private void ReportType(SyntaxNode node, ITypeSymbol? type)
        {
            if (type == null)
            {
                return;
            }

            foreach (var (rule, message) in TypeProblems(type))
            {
                Report(node, rule, message);
            }
        }

        /// <summary>
        /// The type a used member is declared on. "nano-type" is left out: .NET often declares a member on a base class
        /// nano does not have (AutoResetEvent.Set lives on EventWaitHandle), while the receiver's own type, or the type
        /// name of a static call, is checked where it is written.
        /// </summary>
        private void ReportContainingType(SyntaxNode node, ITypeSymbol? type)
        {
            if (type == null)
            {
                return;
            }

            foreach (var (rule, message) in TypeProblems(type).Where(p => p.Rule != NanoRule.NanoType))
            {
                Report(node, rule, message);
            }
        }

        private List<(string Rule, string Message)> TypeProblems(ITypeSymbol type)
        {
            if (_typeProblems.TryGetValue(type, out var cached))
            {
                return cached;
            }

            var problems = new List<(string, string)>();
            _typeProblems[type] = problems; // placeholder against recursion through type arguments
            CollectTypeProblems(type, problems);
            return problems;
        }

        private void CollectTypeProblems(ITypeSymbol type, List<(string Rule, string Message)> problems)
        {
            var shown = type.ToDisplayString();
            switch (type)
            {
                case IErrorTypeSymbol:
                    return;
                case IArrayTypeSymbol array:
                    if (array.Rank > 1)
                    {
                        problems.Add((NanoRule.MultiDimArray, $"multidimensional array {shown}"));
                    }

                    problems.AddRange(TypeProblems(array.ElementType));
                    return;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    problems.Add((NanoRule.Unsafe, $"pointer type {shown}"));
                    return;
                case IDynamicTypeSymbol:
                    problems.Add((NanoRule.Dynamic, "dynamic"));
                    return;
                case ITypeParameterSymbol:
                    problems.Add((NanoRule.Generic, $"type parameter {shown}"));
                    return;
                case INamedTypeSymbol named:
                    CollectNamedTypeProblems(named, shown, problems);
                    return;
            }
        }

        private void CollectNamedTypeProblems(INamedTypeSymbol named, string shown, List<(string Rule, string Message)> problems)
        {
            if (named.IsTupleType)
            {
                problems.Add((NanoRule.Tuple, $"tuple type {shown}"));
                return;
            }

            if (named.IsAnonymousType)
            {
                problems.Add((NanoRule.Generic, "anonymous type (compiles to a generic class)"));
                return;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                problems.Add((NanoRule.Generic, $"{shown} is Nullable<T>"));
            }
            else if (IsGenericAnywhere(named))
            {
                problems.Add((NanoRule.Generic, $"generic type {shown}"));
            }

            foreach (var argument in named.TypeArguments.Where(a => a.TypeKind != TypeKind.TypeParameter))
            {
                problems.AddRange(TypeProblems(argument).Where(p => p.Rule != NanoRule.Generic));
            }

            var outer = named;
            while (outer.ContainingType != null)
            {
                outer = outer.ContainingType;
            }

            var ns = outer.ContainingNamespace;
            var nsName = ns == null || ns.IsGlobalNamespace ? "<global>" : ns.ToDisplayString();
            var fullName = nsName + "." + outer.Name;
            if (NanoApi.SpecificTypeBans.TryGetValue(fullName, out var specific))
            {
                problems.Add(specific);
                return;
            }

            if (nsName == "System.Linq" || nsName.StartsWith("System.Linq.", StringComparison.Ordinal))
            {
                problems.Add((NanoRule.Linq, $"{shown} is LINQ"));
            }
            else if (nsName == "System.Threading.Tasks" || nsName.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
            {
                problems.Add((NanoRule.Async, $"{shown} is async machinery"));
            }
            else if (IsOwnNamespace(nsName) || IsPlatform(nsName))
            {
                // the core's own types, or the platform's API (the facade)
            }
            else if (!IsAllowedNamespace(nsName))
            {
                problems.Add((NanoRule.Namespace, $"{shown} lives in {nsName}, which is not in the allow-list"));
            }
            else if (nsName == "System")
            {
                if (NanoApi.SystemTypeBans.TryGetValue(outer.Name, out var why))
                {
                    problems.Add((NanoRule.NanoType, $"{shown}: {why}"));
                }
            }
            else if (!NanoApi.TypesByNamespace[nsName].Contains(outer.Name) || outer.IsGenericType)
            {
                problems.Add((NanoRule.NanoType, $"{shown} is not in nanoFramework's {nsName}"));
            }
        }

        // ---------------------------------------------------------------- helpers

        private static bool IsGenericAnywhere(INamedTypeSymbol type)
        {
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAllowedNamespace(string name) =>
            IsOwnNamespace(name) || NanoApi.AllowedSystemNamespaces.Contains(name, StringComparer.Ordinal);

        private static bool IsAncestorOfAllowed(string name) =>
            (NanoApi.OwnNamespace + ".").StartsWith(name + ".", StringComparison.Ordinal)
            || NanoApi.AllowedSystemNamespaces.Any(a => (a + ".").StartsWith(name + ".", StringComparison.Ordinal));

        private bool IsPlatform(string name) =>
            _platform.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));

        private bool IsAncestorOfPlatform(string name) =>
            _platform.Any(p => (p + ".").StartsWith(name + ".", StringComparison.Ordinal));

        private static bool IsOwnNamespace(string name) =>
            name == NanoApi.OwnNamespace || name.StartsWith(NanoApi.OwnNamespace + ".", StringComparison.Ordinal);

        private static bool IsEnum(ITypeSymbol? type) => type?.TypeKind == TypeKind.Enum;

        private static bool IsNumeric(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double;

        private static bool IsException(INamedTypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (FullName(t) == "System.Exception")
                {
                    return true;
                }
            }

            return false;
        }

        private static string Short(SyntaxNode node)
        {
            var text = node.ToString().ReplaceLineEndings(" ");
            return text.Length <= 60 ? text : text[..57] + "...";
        }
    }
}
