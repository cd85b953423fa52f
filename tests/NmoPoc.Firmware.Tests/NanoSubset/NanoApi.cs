namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>
/// What nanoFramework 1.x offers, as far as the guard checks it. Sources: the nanoFramework class libraries
/// (nanoframework/CoreLibrary for mscorlib, nanoframework/System.Collections, System.Text, System.IO.Streams,
/// System.Math). Where we could not confirm that nano has something, it is left out (banned).
/// </summary>
internal static class NanoApi
{
    public const string OwnNamespace = "NmoPoc.Firmware";

    /// <summary>Exact namespaces the core may use besides NmoPoc.Firmware(.*); sub-namespaces are not included.</summary>
    public static readonly string[] AllowedSystemNamespaces =
    {
        "System", "System.Collections", "System.Text", "System.Threading", "System.Diagnostics", "System.IO",
    };

    /// <summary>
    /// The small allowed namespaces are checked type by type: only these exist on nano. "System" itself is
    /// large and is checked with <see cref="SystemTypeBans"/> instead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, HashSet<string>> TypesByNamespace = new Dictionary<string, HashSet<string>>
    {
        ["System.Collections"] = new()
        {
            "ArrayList", "Hashtable", "Queue", "Stack", "DictionaryEntry", "ICollection", "IComparer", "IDictionary",
            "IDictionaryEnumerator", "IEnumerable", "IEnumerator", "IEqualityComparer", "IList",
        },
        ["System.Threading"] = new()
        {
            "AutoResetEvent", "Interlocked", "ManualResetEvent", "Monitor", "SpinWait", "Thread", "ThreadAbortException",
            "ThreadPriority", "ThreadStart", "ThreadState", "Timeout", "Timer", "TimerCallback", "WaitHandle",
        },
        ["System.Text"] = new() { "StringBuilder", "Encoding", "UTF8Encoding", "Decoder" },
        ["System.IO"] = new()
        {
            "IOException", "SeekOrigin", "Stream", "MemoryStream", "StreamReader", "StreamWriter", "TextReader", "TextWriter",
        },
        ["System.Diagnostics"] = new()
        {
            "Debug", "Debugger", "ConditionalAttribute", "DebuggerBrowsableAttribute", "DebuggerBrowsableState",
            "DebuggerDisplayAttribute", "DebuggerHiddenAttribute", "DebuggerNonUserCodeAttribute", "DebuggerStepThroughAttribute",
        },
    };

    /// <summary>Types in the allowed namespaces that get a more specific rule than "nano-type".</summary>
    public static readonly IReadOnlyDictionary<string, (string Rule, string Why)> SpecificTypeBans = new Dictionary<string, (string, string)>
    {
        ["System.Diagnostics.Stopwatch"] = (NanoRule.Clock, "Stopwatch: measure time with IMonotonicClock"),
        ["System.DateTimeOffset"] = (NanoRule.Clock, "DateTimeOffset does not exist on nano; time comes from IWallClock"),
        ["System.TimeProvider"] = (NanoRule.Clock, "TimeProvider: time comes from IMonotonicClock/IWallClock"),
        ["System.MidpointRounding"] = (NanoRule.MathRoundDigits, "MidpointRounding: nano's Math.Round has no rounding modes"),
        ["System.Index"] = (NanoRule.IndexRange, "System.Index does not exist on nano"),
        ["System.Range"] = (NanoRule.IndexRange, "System.Range does not exist on nano"),
        ["System.Tuple"] = (NanoRule.Tuple, "System.Tuple is generic"),
        ["System.ValueTuple"] = (NanoRule.Tuple, "System.ValueTuple is generic"),
        ["System.Span"] = (NanoRule.Span, "Span<T> does not exist on nano 1.x"),
        ["System.ReadOnlySpan"] = (NanoRule.Span, "ReadOnlySpan<T> does not exist on nano 1.x"),
        ["System.Memory"] = (NanoRule.Span, "Memory<T> does not exist on nano 1.x"),
        ["System.ReadOnlyMemory"] = (NanoRule.Span, "ReadOnlyMemory<T> does not exist on nano 1.x"),
        ["System.MemoryExtensions"] = (NanoRule.Span, "MemoryExtensions (AsSpan...) does not exist on nano 1.x"),
        ["System.Nullable"] = (NanoRule.Generic, "Nullable<T> is generic"),
    };

    /// <summary>Types of namespace System that nano 1.x lacks (or has only as a stub). Reason after the name.</summary>
    public static readonly IReadOnlyDictionary<string, string> SystemTypeBans = new Dictionary<string, string>
    {
        ["Decimal"] = "nano has no native decimal support (the type is a stub)",
        ["Environment"] = "no System.Environment on nano",
        ["TimeZoneInfo"] = "no time zones on nano",
        ["DateOnly"] = "no DateOnly on nano",
        ["TimeOnly"] = "no TimeOnly on nano",
        ["Half"] = "no Half on nano",
        ["Int128"] = "no Int128 on nano",
        ["UInt128"] = "no UInt128 on nano",
        ["IntPtr"] = "native-sized integers (nint, IntPtr arithmetic) are not for the core",
        ["UIntPtr"] = "native-sized integers (nuint, UIntPtr arithmetic) are not for the core",
        ["HashCode"] = "no System.HashCode on nano",
        ["Buffer"] = "no System.Buffer on nano; use Array.Copy",
        ["Activator"] = "no Activator on nano",
        ["MathF"] = "no MathF on nano; nano's Math has float overloads",
        ["FormattableString"] = "no FormattableString on nano",
        ["StringComparison"] = "nano's String has no StringComparison overloads",
        ["StringComparer"] = "no StringComparer on nano",
        ["StringSplitOptions"] = "nano's String.Split has no options",
        ["CharEnumerator"] = "nano's string cannot be enumerated",
        ["Lazy"] = "Lazy<T> is generic",
        ["Progress"] = "Progress<T> is generic",
        ["Uri"] = "System.Uri is not in nano's mscorlib",
        ["OperatingSystem"] = "no OperatingSystem on nano",
        ["AppContext"] = "no AppContext on nano",
        ["TypedReference"] = "no TypedReference on nano",
        ["ArgIterator"] = "no ArgIterator (varargs) on nano",
        ["RuntimeArgumentHandle"] = "no varargs on nano",
        ["GCMemoryInfo"] = "no GCMemoryInfo on nano",
        ["BitOperations"] = "no BitOperations on nano",
    };

    /// <summary>
    /// Member-by-member surface of a few nano types the core uses most. Signatures are written the way
    /// <see cref="NanoSubsetGuard"/> prints a bound .NET member: <c>Name(type, type)</c>, <c>params</c> before a params
    /// array, <c>=</c> after an optional parameter; properties and fields by name, the indexer as <c>this[int]</c>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Members = new Dictionary<string, string[]>
    {
        // nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/String.cs (GetEnumerator exists but throws).
        ["System.String"] = new[]
        {
            "Empty", "Length", "this[int]",
            ".ctor(char[], int, int)", ".ctor(char[])", ".ctor(char, int)",
            "Equals(object)", "Equals(string, string)", "GetHashCode()", "ToString()",
            "ToCharArray()", "ToCharArray(int, int)",
            "Split(params char[])", "Split(char[], int)",
            "Substring(int)", "Substring(int, int)",
            "Trim()", "Trim(params char[])", "TrimStart(params char[])", "TrimEnd(params char[])",
            "Compare(string, string)", "CompareTo(object)", "CompareTo(string)",
            "IndexOf(char)", "IndexOf(char, int)", "IndexOf(char, int, int)",
            "IndexOf(string)", "IndexOf(string, int)", "IndexOf(string, int, int)",
            "IndexOfAny(char[])", "IndexOfAny(char[], int)", "IndexOfAny(char[], int, int)",
            "LastIndexOf(char)", "LastIndexOf(char, int)", "LastIndexOf(char, int, int)",
            "LastIndexOf(string)", "LastIndexOf(string, int)", "LastIndexOf(string, int, int)",
            "LastIndexOfAny(char[])", "LastIndexOfAny(char[], int)", "LastIndexOfAny(char[], int, int)",
            "ToLower()", "ToUpper()",
            "Concat(object)", "Concat(object, object)", "Concat(object, object, object)", "Concat(params object[])",
            "Concat(string, string)", "Concat(string, string, string)", "Concat(string, string, string, string)",
            "Concat(params string[])",
            "Intern(string)", "IsInterned(string)",
            "Format(string, params object[])",
            "PadLeft(int, char=)", "PadRight(int, char=)",
            "IsNullOrEmpty(string)", "Contains(string)", "StartsWith(string)", "EndsWith(string)",
        },
        // nanoframework/System.Math nanoFramework.System.Math/Math.cs: int/double/float overloads only.
        ["System.Math"] = new[]
        {
            "PI", "E",
            "Abs(int)", "Abs(double)", "Abs(float)",
            "Max(int, int)", "Max(double, double)", "Max(float, float)",
            "Min(int, int)", "Min(double, double)", "Min(float, float)",
            "Acos(double)", "Acos(float)", "Asin(double)", "Asin(float)", "Atan(double)", "Atan(float)",
            "Atan2(double, double)", "Atan2(float, float)", "Ceiling(double)", "Ceiling(float)",
            "Cos(double)", "Cos(float)", "Cosh(double)", "Cosh(float)",
            "IEEERemainder(double, double)", "IEEERemainder(float, float)", "Exp(double)", "Exp(float)",
            "Floor(double)", "Floor(float)", "Log(double)", "Log(float)", "Log10(double)", "Log10(float)",
            "Pow(double, double)", "Pow(float, float)", "Round(double)", "Round(float)",
            "Sign(double)", "Sign(float)", "Sin(double)", "Sin(float)", "Sinh(double)", "Sinh(float)",
            "Sqrt(double)", "Sqrt(float)", "Tan(double)", "Tan(float)", "Tanh(double)", "Tanh(float)",
            "Truncate(double)", "Truncate(float)",
        },
        // nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/Array.cs (CreateInstance/Clone need the reflection build).
        ["System.Array"] = new[]
        {
            "Length", "SyncRoot", "IsReadOnly", "IsFixedSize", "IsSynchronized",
            "Copy(Array, Array, int)", "Copy(Array, int, Array, int, int)", "Clear(Array, int, int)",
            "GetValue(int)", "CopyTo(Array, int)", "GetEnumerator()",
            "IndexOf(Array, object)", "IndexOf(Array, object, int)", "IndexOf(Array, object, int, int)",
            "BinarySearch(Array, object, IComparer)", "BinarySearch(Array, int, int, object, IComparer)",
        },
        // nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/Enum.cs: HasFlag and a ToString that is banned.
        ["System.Enum"] = new[] { "HasFlag(Enum)", "Equals(object)", "GetHashCode()" },
    };
}
