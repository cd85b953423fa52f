namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>
/// Rule ids reported by <see cref="NanoSubsetGuard"/>. Each one says what is banned and why;
/// docs/nano-subset.md lists the same ids (a test keeps the two in step).
/// </summary>
public static class NanoRule
{
    public const string Language = "language";
    public const string Preprocessor = "preprocessor";
    public const string Generic = "generic";
    public const string Linq = "linq";
    public const string Async = "async";
    public const string Span = "span";
    public const string Tuple = "tuple";
    public const string Record = "record";
    public const string Yield = "yield";
    public const string MultiDimArray = "multidim-array";
    public const string Clock = "clock";
    public const string EnumReflection = "enum-reflection";
    public const string EnumToString = "enum-tostring";
    public const string StringJoin = "string-join";
    public const string StringReplace = "string-replace";
    public const string MathRoundDigits = "math-round-digits";
    public const string ArraySort = "array-sort";
    public const string CatchWhen = "catch-when";
    public const string Dynamic = "dynamic";
    public const string Unsafe = "unsafe";
    public const string ByRef = "byref";
    public const string Volatile = "volatile";
    public const string InterfaceBody = "interface-body";
    public const string CovariantReturn = "covariant-return";
    public const string IndexRange = "index-range";
    public const string Foreach = "foreach";
    public const string NumberFormat = "number-format";
    public const string Namespace = "namespace";
    public const string DeclaredNamespace = "declared-namespace";
    public const string NanoType = "nano-type";
    public const string NanoApi = "nano-api";

    /// <summary>Every rule with a one-line reason, in the order docs/nano-subset.md lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        [Language] = "the core must compile as C# 9 on its own (nano's toolchain is C# 9): C# 10+ syntax and any compile error fail",
        [Preprocessor] = "#if/#define would hide code from this guard; the core is one source for nano and .NET",
        [Generic] = "nanoFramework 1.x has no generics: no generic type or method, declared or used, incl. int?, anonymous types and inferred type arguments",
        [Linq] = "no System.Linq on nano (extension methods, query syntax)",
        [Async] = "no async/await, Task or ValueTask on nano; use Thread and Timer",
        [Span] = "no Span/ReadOnlySpan/Memory or stackalloc on nano 1.x; use byte[] + count",
        [Tuple] = "tuples are System.ValueTuple<...> (generic): no tuple types, literals or deconstruction",
        [Record] = "records, with-expressions and init accessors need compiler support types nano 1.x lacks",
        [Yield] = "iterators compile to classes implementing IEnumerator<object> (generic) even for non-generic IEnumerable; fill an array instead",
        [MultiDimArray] = "nano supports only single-dimension (and jagged) arrays",
        [Clock] = "time comes from IMonotonicClock/IWallClock: no DateTime.Now/Today/UtcNow, DateTimeOffset, Stopwatch, Environment.TickCount",
        [EnumReflection] = "nano's Enum has no GetValues/GetNames (no reflection over enums)",
        [EnumToString] = "nano's Enum.ToString() throws or prints the number, not the name; map enums to text yourself",
        [StringJoin] = "nano's String has no Join; use StringBuilder",
        [StringReplace] = "nano's String has no Replace; use StringBuilder or IndexOf/Substring",
        [MathRoundDigits] = "nano's Math.Round has only the one-argument form; no digits, no MidpointRounding",
        [ArraySort] = "nano's Array has no Sort; write a small insertion sort",
        [CatchWhen] = "exception filters (catch ... when) are not supported by the nano runtime",
        [Dynamic] = "no dynamic on nano",
        [Unsafe] = "no unsafe code, pointers, fixed or function pointers on nano",
        [ByRef] = "ref returns/locals, in parameters and ref structs: not supported on nano 1.x (banned when in doubt)",
        [Volatile] = "volatile needs System.Runtime.CompilerServices.IsVolatile, which nano's mscorlib lacks; use lock or Interlocked",
        [InterfaceBody] = "default interface implementations and static/private interface members need runtime support nano lacks",
        [CovariantReturn] = "covariant return types need runtime support nano lacks",
        [IndexRange] = "^i and a..b need System.Index/System.Range, which nano lacks",
        [Foreach] = "foreach only over arrays and non-generic collections (ArrayList, Hashtable...); nano's string enumerator throws",
        [NumberFormat] = "nano formats numbers only with standard specifiers (D, F, G, N, X + digits) given as constants",
        [Namespace] = "only System, System.Collections, System.Text, System.Threading, System.Diagnostics, System.IO and NmoPoc.Firmware.* may be used",
        [DeclaredNamespace] = "every type in the core lives in NmoPoc.Firmware or below",
        [NanoType] = "type does not exist in nanoFramework 1.x's class libraries",
        [NanoApi] = "member or overload does not exist in nanoFramework 1.x (String, Math, Array, Enum are checked member by member)",
    };
}

/// <summary>One source file handed to the guard; <see cref="Path"/> is only used to report violations.</summary>
public sealed record NanoSource(string Path, string Text);

/// <summary>One construct outside the nanoFramework subset.</summary>
public sealed record NanoViolation(string File, int Line, string RuleId, string Message)
{
    public override string ToString() => $"{File}:{Line}: [{RuleId}] {Message}";
}
