namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>The guard's own tests: every banned construct is caught with its rule id, and nano-style code passes.</summary>
public class NanoSubsetGuardTests
{
    [Theory]
    [MemberData(nameof(BannedSnippets))]
    public void RejectsBannedConstruct(string name, string rule, string code)
    {
        var violations = NanoSubsetGuard.Check(name + ".cs", code);

        Assert.True(
            violations.Any(v => v.RuleId == rule),
            $"expected rule '{rule}' for {name}; got:\n" + (violations.Count == 0 ? "(nothing)" : string.Join("\n", violations)));
    }

    [Theory]
    [MemberData(nameof(CleanSnippets))]
    public void AcceptsNanoStyleCode(string name, string code)
    {
        var violations = NanoSubsetGuard.Check(name + ".cs", code);

        Assert.True(violations.Count == 0, $"{name} should pass; got:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EveryRuleHasARejectedSnippet()
    {
        var covered = BannedSnippets.Select(row => (string)row[1]).ToHashSet();
        var uncovered = NanoRule.Reasons.Keys.Where(rule => !covered.Contains(rule)).ToList();

        Assert.True(uncovered.Count == 0, "rules without a rejected snippet: " + string.Join(", ", uncovered));
    }

    [Fact]
    public void ReportsFileLineAndRule()
    {
        var code = InClass("""
            int a;
            int? b;
            """);

        var violation = Assert.Single(NanoSubsetGuard.Check("Hal/Sample.cs", code));

        Assert.Equal("Hal/Sample.cs", violation.File);
        Assert.Equal(8, violation.Line);
        Assert.Equal(NanoRule.Generic, violation.RuleId);
        Assert.StartsWith("Hal/Sample.cs:8: [generic] ", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChecksAllFilesTogether()
    {
        // A type from another file is resolved, so its use is judged by what it is, not by its spelling.
        var a = new NanoSource("A.cs", "namespace NmoPoc.Firmware.A { public class Box { public System.Collections.Generic.List<int> Items; } }");
        var b = new NanoSource("B.cs", "namespace NmoPoc.Firmware.B { public class User { public int Count(NmoPoc.Firmware.A.Box box) { var items = box.Items; return 0; } } }");

        var violations = NanoSubsetGuard.Check(new[] { a, b });

        Assert.Contains(violations, v => v.File == "A.cs" && v.RuleId == NanoRule.Generic);
        Assert.Contains(violations, v => v.File == "B.cs" && v.RuleId == NanoRule.Generic);
        Assert.DoesNotContain(violations, v => v.RuleId == NanoRule.Language);
    }

    /// <summary>Wraps members in a class inside the core's namespace; line 1 of <paramref name="members"/> is line 7 of the file.</summary>
    private static string InClass(string members, string usings = "") => $$"""
        {{usings}}

        namespace NmoPoc.Firmware.Snippets
        {
            public class Sample
            {
        {{members}}
            }

            public enum Color { Red = 0, Green = 1 }
        }
        """;

    private static string InNamespace(string types, string usings = "") => $$"""
        {{usings}}

        namespace NmoPoc.Firmware.Snippets
        {
        {{types}}
        }
        """;

    public static readonly TheoryData<string, string, string> BannedSnippets = new()
    {
        // language: C# 10+ syntax and anything that does not compile
        { "file-scoped-namespace", NanoRule.Language, "namespace NmoPoc.Firmware.Snippets;\npublic class Sample { }" },
        { "global-using", NanoRule.Language, "global using System;\nnamespace NmoPoc.Firmware.Snippets { public class Sample { } }" },
        { "record-struct", NanoRule.Language, InNamespace("public record struct Point(int X, int Y);") },
        { "raw-string-literal", NanoRule.Language, InClass("string s = \"\"\"\n raw \n\"\"\";") },
        { "lambda-natural-type", NanoRule.Language, InClass("void M() { var f = () => 1; }") },
        { "does-not-compile", NanoRule.Language, InClass("void M() { UnknownType x = null; }") },
        { "implicit-usings-assumed", NanoRule.Language, InClass("void M() { var list = new List<int>(); }") },

        // preprocessor
        { "if-directive", NanoRule.Preprocessor, "#if NET\nnamespace NmoPoc.Firmware.Snippets { public class Sample { } }\n#endif" },
        { "define-directive", NanoRule.Preprocessor, "#define NANO\nnamespace NmoPoc.Firmware.Snippets { public class Sample { } }" },
        { "nullable-directive", NanoRule.Preprocessor, "#nullable enable\nnamespace NmoPoc.Firmware.Snippets { public class Sample { } }" },

        // generics, used or declared, in every disguise
        { "list-field", NanoRule.Generic, InClass("System.Collections.Generic.List<int> items;") },
        { "var-new-list", NanoRule.Generic, InClass("void M() { var x = new List<int>(); }", "using System.Collections.Generic;") },
        { "dictionary", NanoRule.Generic, InClass("void M() { var d = new System.Collections.Generic.Dictionary<string, int>(); }") },
        { "action-of-t", NanoRule.Generic, InClass("System.Action<int> callback;") },
        { "func", NanoRule.Generic, InClass("void M() { System.Func<int> f = () => 1; }") },
        { "lambda-passed-as-func", NanoRule.Generic, InClass("void M() { Run(() => 1); }\nvoid Run(System.Func<int> f) { }") },
        { "eventhandler-of-t", NanoRule.Generic, InClass("public event System.EventHandler<System.EventArgs> Changed;") },
        { "nullable-int", NanoRule.Generic, InClass("int? maybe;") },
        { "nullable-spelled-out", NanoRule.Generic, InClass("System.Nullable<int> maybe;") },
        { "nullable-via-conditional-access", NanoRule.Generic, InClass("int M(string s) { var n = s?.Length; return 0; }") },
        { "nullable-default-literal", NanoRule.Generic, InClass("object M() { return default(int?); }") },
        { "generic-class", NanoRule.Generic, InNamespace("public class Box<T> { }") },
        { "generic-interface", NanoRule.Generic, InNamespace("public interface ISource<T> { T Read(); }") },
        { "generic-delegate", NanoRule.Generic, InNamespace("public delegate void Handler<T>(T value);") },
        { "generic-method", NanoRule.Generic, InClass("T Pick<T>(T a) { return a; }") },
        { "generic-constraint", NanoRule.Generic, InClass("void M<T>() where T : class { }") },
        { "generic-local-function", NanoRule.Generic, InClass("int M() { T Id<T>(T x) { return x; } return Id(1); }") },
        { "array-empty", NanoRule.Generic, InClass("int[] M() { return System.Array.Empty<int>(); }") },
        { "inferred-type-arguments", NanoRule.Generic, InClass("int M(int[] a) { return System.Array.IndexOf(a, 3); }") },
        { "using-alias", NanoRule.Generic, "using L = System.Collections.Generic.List<int>;\n" + InClass("L items;") },
        { "nameof-generic", NanoRule.Generic, InClass("string n = nameof(System.Collections.Generic.List<int>);") },
        { "typeof-open-generic", NanoRule.Generic, InClass("System.Type t = typeof(System.Collections.Generic.List<>);") },
        { "implements-generic-interface", NanoRule.Generic, InNamespace("public class Cmp : System.IComparable<Cmp> { public int CompareTo(Cmp other) { return 0; } }") },
        { "anonymous-type", NanoRule.Generic, InClass("void M() { var a = new { X = 1 }; }") },
        { "attribute-argument", NanoRule.Generic, InClass("[System.Diagnostics.DebuggerDisplay(\"x\", Target = typeof(System.Collections.Generic.List<int>))]\nclass Inner { }") },
        { "generic-hidden-behind-var", NanoRule.Generic, InClass("void M(Sample s) { var x = s.Make(); }\nSystem.Collections.Generic.List<int> Make() { return null; }") },
        { "stream-write-span-overload", NanoRule.Generic, InClass("void M(System.IO.Stream s, byte[] b) { s.Write(b.AsSpan()); }", "using System;") },

        // LINQ
        { "query-syntax", NanoRule.Linq, InClass("object M(int[] a) { return from x in a where x > 1 select x; }", "using System.Linq;") },
        { "extension-call-no-brackets", NanoRule.Linq, InClass("bool M(int[] a) { return a.Any(); }", "using System.Linq;") },
        { "fully-qualified-enumerable", NanoRule.Linq, InClass("bool M(int[] a) { return System.Linq.Enumerable.Any(a); }") },
        { "using-static-enumerable", NanoRule.Linq, "using static System.Linq.Enumerable;\n" + InClass("object M() { return Range(0, 3); }") },
        { "unused-linq-using", NanoRule.Linq, "using System.Linq;\n" + InClass("int x;") },

        // async
        { "async-await", NanoRule.Async, InClass("async void M() { await System.Threading.Tasks.Task.Delay(1); }") },
        { "task-return", NanoRule.Async, InClass("System.Threading.Tasks.Task M() { return null; }") },
        { "valuetask", NanoRule.Async, InClass("System.Threading.Tasks.ValueTask M() { return default; }") },
        { "async-lambda", NanoRule.Async, InClass("void M() { System.Threading.ThreadStart s = async () => { }; }") },

        // Span and friends
        { "span-local", NanoRule.Span, InClass("void M() { System.Span<byte> b = new byte[4]; }") },
        { "stackalloc", NanoRule.Span, InClass("int M() { System.Span<int> s = stackalloc int[4]; return s[0]; }") },
        { "as-span", NanoRule.Span, InClass("int M(string s) { var x = s.AsSpan(); return x.Length; }", "using System;") },
        { "memory", NanoRule.Span, InClass("System.Memory<byte> m;") },

        // tuples
        { "tuple-return", NanoRule.Tuple, InClass("(int, int) M() { return (1, 2); }") },
        { "tuple-literal", NanoRule.Tuple, InClass("void M() { var t = (1, 2); }") },
        { "deconstruct-declaration", NanoRule.Tuple, InClass("void M() { var (a, b) = (1, 2); }") },
        { "swap-by-deconstruction", NanoRule.Tuple, InClass("void M(int a, int b) { (a, b) = (b, a); }") },
        { "system-tuple", NanoRule.Tuple, InClass("System.Tuple<int, int> t;") },
        { "deconstruct-own-type", NanoRule.Tuple, InClass("public void Deconstruct(out int x, out int y) { x = 1; y = 2; }\nvoid M(Sample p) { var (x, y) = p; }") },

        // records
        { "record", NanoRule.Record, InNamespace("public record Reading(double Value);") },
        { "init-accessor", NanoRule.Record, InClass("public int X { get; init; }") },
        { "with-expression", NanoRule.Record, InNamespace("public record R(int A) { public R Next() { return this with { A = 1 }; } }") },

        // yield
        { "yield-return", NanoRule.Yield, InClass("System.Collections.IEnumerable M() { yield return 1; }") },

        // multidimensional arrays
        { "multidim-field", NanoRule.MultiDimArray, InClass("int[,] grid = new int[2, 2];") },
        { "multidim-var", NanoRule.MultiDimArray, InClass("void M() { var g = new int[2, 3]; }") },

        // clock
        { "datetime-now", NanoRule.Clock, InClass("System.DateTime M() { return System.DateTime.Now; }") },
        { "datetime-today", NanoRule.Clock, InClass("System.DateTime M() { return System.DateTime.Today; }") },
        { "datetime-utcnow", NanoRule.Clock, InClass("System.DateTime M() { return System.DateTime.UtcNow; }") },
        { "datetimeoffset-now", NanoRule.Clock, InClass("long M() { return System.DateTimeOffset.Now.Ticks; }") },
        { "stopwatch", NanoRule.Clock, InClass("long M() { return System.Diagnostics.Stopwatch.GetTimestamp(); }") },
        { "environment-tickcount", NanoRule.Clock, InClass("int M() { return System.Environment.TickCount; }") },

        // enums
        { "enum-getvalues", NanoRule.EnumReflection, InClass("System.Array M() { return System.Enum.GetValues(typeof(Color)); }") },
        { "enum-getnames", NanoRule.EnumReflection, InClass("string[] M() { return System.Enum.GetNames(typeof(Color)); }") },
        { "enum-parse", NanoRule.EnumReflection, InClass("object M() { return System.Enum.Parse(typeof(Color), \"Red\"); }") },
        { "enum-tostring", NanoRule.EnumToString, InClass("string M(Color c) { return c.ToString(); }") },
        { "enum-concatenation", NanoRule.EnumToString, InClass("string M(Color c) { return \"color=\" + c; }") },
        { "enum-interpolation", NanoRule.EnumToString, InClass("string M(Color c) { return $\"color={c}\"; }") },
        { "enum-format-argument", NanoRule.EnumToString, InClass("string M(Color c) { return string.Format(\"{0}\", c); }") },

        // strings, Math, Array
        { "string-join", NanoRule.StringJoin, InClass("string M(string[] parts) { return string.Join(\",\", parts); }") },
        { "string-replace", NanoRule.StringReplace, InClass("string M(string s) { return s.Replace(\"a\", \"b\"); }") },
        { "string-replace-char", NanoRule.StringReplace, InClass("string M(string s) { return s.Replace('a', 'b'); }") },
        { "math-round-digits", NanoRule.MathRoundDigits, InClass("double M(double x) { return System.Math.Round(x, 2); }") },
        { "math-round-digits-midpoint", NanoRule.MathRoundDigits, InClass("double M(double x) { return System.Math.Round(x, 2, System.MidpointRounding.AwayFromZero); }") },
        { "math-round-midpoint", NanoRule.MathRoundDigits, InClass("double M(double x) { return System.Math.Round(x, System.MidpointRounding.ToEven); }") },
        { "array-sort", NanoRule.ArraySort, InClass("void M(int[] a) { System.Array.Sort(a); }") },
        { "array-sort-comparer", NanoRule.ArraySort, InClass("void M(object[] a, System.Collections.IComparer c) { System.Array.Sort(a, c); }") },

        // exception filters, dynamic, unsafe, byref, volatile
        { "catch-when", NanoRule.CatchWhen, InClass("void M() { try { } catch (System.Exception e) when (e.Message != null) { } }") },
        { "dynamic", NanoRule.Dynamic, InClass("void M() { dynamic d = 1; }") },
        { "unsafe-pointer", NanoRule.Unsafe, InClass("unsafe void M(int* p) { }") },
        { "unsafe-block", NanoRule.Unsafe, InClass("void M() { unsafe { } }") },
        { "fixed-statement", NanoRule.Unsafe, InClass("unsafe void M(byte[] b) { fixed (byte* p = b) { } }") },
        { "ref-return", NanoRule.ByRef, InClass("ref int M(int[] a) { return ref a[0]; }") },
        { "in-parameter", NanoRule.ByRef, InClass("int M(in int x) { return x; }") },
        { "ref-struct", NanoRule.ByRef, InNamespace("public ref struct Window { public int X; }") },
        { "volatile", NanoRule.Volatile, InClass("volatile bool _stop;") },

        // runtime features nano lacks
        { "default-interface-method", NanoRule.InterfaceBody, InNamespace("public interface IThing { int Value() { return 1; } }") },
        { "interface-static-field", NanoRule.InterfaceBody, InNamespace("public interface IThing { static int Count; }") },
        { "interface-default-property", NanoRule.InterfaceBody, InNamespace("public interface IThing { int Value { get { return 1; } } }") },
        { "covariant-return", NanoRule.CovariantReturn, InNamespace("public class A { public virtual object Get() { return null; } }\npublic class B : A { public override string Get() { return null; } }") },
        { "index-from-end", NanoRule.IndexRange, InClass("int M(int[] a) { return a[^1]; }") },
        { "range", NanoRule.IndexRange, InClass("int[] M(int[] a) { return a[1..2]; }") },

        // foreach
        { "foreach-string", NanoRule.Foreach, InClass("int M(string s) { int n = 0; foreach (char c in s) { n++; } return n; }") },
        { "foreach-generic-enumerable", NanoRule.Foreach, InClass("void M(System.Collections.Generic.IEnumerable<int> xs) { foreach (var x in xs) { } }") },

        // number formats
        { "custom-number-format", NanoRule.NumberFormat, InClass("string M(double x) { return x.ToString(\"0.00\"); }") },
        { "interpolation-custom-format", NanoRule.NumberFormat, InClass("string M(double x) { return $\"{x:0.0}\"; }") },
        { "composite-custom-format", NanoRule.NumberFormat, InClass("string M(double x) { return string.Format(\"{0:#.#}\", x); }") },
        { "non-constant-format", NanoRule.NumberFormat, InClass("string M(double x, string f) { return x.ToString(f); }") },

        // namespaces
        { "collections-generic-using", NanoRule.Namespace, "using System.Collections.Generic;\n" + InClass("int x;") },
        { "concurrent-queue", NanoRule.Namespace, InClass("System.Collections.Concurrent.ConcurrentQueue<int> q;") },
        { "system-net", NanoRule.Namespace, InClass("System.Net.IPAddress address;") },
        { "system-text-json", NanoRule.Namespace, InClass("System.Text.Json.JsonDocument document;") },
        { "globalization", NanoRule.Namespace, InClass("string M(double x) { return x.ToString(System.Globalization.CultureInfo.InvariantCulture); }") },
        { "compiler-services-attribute", NanoRule.Namespace, InClass("[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\nvoid M() { }") },
        { "reflection", NanoRule.Namespace, InClass("object M() { return typeof(Sample).GetMethod(\"M\"); }") },
        { "declared-outside", NanoRule.DeclaredNamespace, "namespace Other { public class Sample { } }" },
        { "declared-global", NanoRule.DeclaredNamespace, "public class Sample { }" },

        // types and members nano does not have
        { "decimal", NanoRule.NanoType, InClass("decimal d = 1m;") },
        { "bitarray", NanoRule.NanoType, InClass("System.Collections.BitArray bits;") },
        { "cancellation-token", NanoRule.NanoType, InClass("void M(System.Threading.CancellationToken token) { }") },
        { "buffer-blockcopy", NanoRule.NanoType, InClass("void M(byte[] a, byte[] b) { System.Buffer.BlockCopy(a, 0, b, 0, 4); }") },
        { "string-comparison", NanoRule.NanoType, InClass("bool M(string a) { return a.Equals(\"b\", System.StringComparison.Ordinal); }") },
        { "string-contains-char", NanoRule.NanoApi, InClass("bool M(string s) { return s.Contains('x'); }") },
        { "string-isnullorwhitespace", NanoRule.NanoApi, InClass("bool M(string s) { return string.IsNullOrWhiteSpace(s); }") },
        { "string-toupperinvariant", NanoRule.NanoApi, InClass("string M(string s) { return s.ToUpperInvariant(); }") },
        { "math-max-long", NanoRule.NanoApi, InClass("long M(long a, long b) { return System.Math.Max(a, b); }") },
        { "math-abs-long", NanoRule.NanoApi, InClass("long M(long a) { return System.Math.Abs(a); }") },
        { "math-clamp", NanoRule.NanoApi, InClass("double M(double x) { return System.Math.Clamp(x, 0.0, 1.0); }") },
        { "array-clear-one-argument", NanoRule.NanoApi, InClass("void M(int[] a) { System.Array.Clear(a); }") },
        { "enum-isdefined-is-reflection", NanoRule.EnumReflection, InClass("bool M(int v) { return System.Enum.IsDefined(typeof(Color), v); }") },
        { "throw-if-null", NanoRule.NanoApi, InClass("void M(object o) { System.ArgumentNullException.ThrowIfNull(o); }") },
    };

    public static readonly TheoryData<string, string> CleanSnippets = new()
    {
        {
            "arraylist-and-hashtable", InClass("""
                int Sum(ArrayList list, Hashtable table)
                {
                    list.Add(1);
                    list.Add(2);
                    int sum = (int)list[0];
                    foreach (object o in list) { sum += (int)o; }
                    for (int i = 0; i < list.Count; i++) { sum += (int)list[i]; }
                    list.RemoveAt(0);
                    table["a"] = 1;
                    foreach (DictionaryEntry e in table) { sum += (int)e.Value; }
                    return table.Contains("a") ? sum : 0;
                }
                """, "using System.Collections;")
        },
        {
            "stringbuilder-and-strings", InClass("""
                string Build(double celsius, int count, string name)
                {
                    var sb = new StringBuilder();
                    sb.Append("t=").Append(celsius.ToString("F2")).Append(';').Append(count);
                    sb.Append(name.Substring(0, 1)).Append(name.Trim().ToUpper()).Append(count.ToString("D3"));
                    string[] parts = name.Split(',');
                    int at = name.IndexOf("x");
                    string padded = count.ToString().PadLeft(3, '0');
                    string text = string.Format("{0:F2} {1}", celsius, name) + padded + parts.Length + at;
                    sb.Length = 0;
                    return sb.ToString() + text + string.Concat(name, "!") + (name == "a" ? "" : name.ToLower());
                }
                """, "using System.Text;")
        },
        {
            // .NET binds these to overloads nano lacks (Split(char, StringSplitOptions), PadRight(int), Trim(char),
            // Equals(string), Format(string, object)), but nano's own overloads take the same arguments unchanged.
            "string-overloads-nano-also-takes", InClass("""
                bool Check(string s, object o)
                {
                    string[] parts = s.Split(',');
                    string text = s.PadRight(4) + s.Trim(',') + new string('-', 3) + string.Format("{0}", o);
                    return s.Equals("x") || s.StartsWith("a") || s.Contains("b") || string.IsNullOrEmpty(s)
                        || s[0] == 'c' || parts.Length + text.Length > 0;
                }
                """)
        },
        {
            "thread-timer-sync", InClass("""
                private readonly object _gate = new object();
                private int _ticks;
                private Timer _timer;
                private readonly AutoResetEvent _ready = new AutoResetEvent(false);

                void Start()
                {
                    var worker = new Thread(Run);
                    worker.Priority = ThreadPriority.AboveNormal;
                    worker.Start();
                    _timer = new Timer(OnTick, null, 0, 1000);
                    _ready.WaitOne(100, false);
                    Thread.Sleep(10);
                    worker.Join();
                    _timer.Dispose();
                }

                void Run() { lock (_gate) { _ticks++; } _ready.Set(); }

                void OnTick(object state) { Interlocked.Increment(ref _ticks); }
                """, "using System.Threading;")
        },
        {
            "jagged-arrays-and-array-helpers", InClass("""
                int[][] Make(byte[] source)
                {
                    int[][] rows = new int[3][];
                    rows[0] = new int[] { 1, 2 };
                    byte[] copy = new byte[source.Length];
                    Array.Copy(source, 0, copy, 0, source.Length);
                    Array.Clear(copy, 0, copy.Length);
                    int at = Array.IndexOf((Array)copy, (object)(byte)2);
                    byte[] raw = BitConverter.GetBytes(1.5);
                    byte[] utf8 = Encoding.UTF8.GetBytes("x");
                    foreach (int[] row in rows) { at += row == null ? 0 : row.Length; }
                    return at > raw.Length + utf8.Length ? rows : null;
                }
                """, "using System;\nusing System.Text;")
        },
        {
            "math-one-argument-round", InClass("""
                double Calc(double x, int a, int b)
                {
                    double r = Math.Round(x) + Math.Abs(x) + Math.Sqrt(2.0) + Math.Floor(x) + Math.Pow(x, 2) + Math.PI;
                    return r + Math.Max(a, b) + Math.Min(x, 1.0) + Math.Abs(a);
                }
                """, "using System;")
        },
        {
            "delegate-and-events", InNamespace("""
                public delegate void SampleHandler(int value);

                public class Source
                {
                    public event EventHandler Changed;
                    public event SampleHandler Sampled;

                    public void Raise(int value)
                    {
                        SampleHandler handler = Sampled;
                        if (handler != null) { handler(value); }
                        Changed?.Invoke(this, EventArgs.Empty);
                        SampleHandler local = v => { };
                        local(value);
                    }
                }
                """, "using System;")
        },
        {
            "csharp9-patterns-and-locals", InClass("""
                string Describe(object o, Color c)
                {
                    string name = c switch { Color.Red => "red", Color.Green => "green", _ => "other" };
                    if (o is int i and > 0) { return name + i; }
                    if (o is not null && o is string { Length: > 2 } s) { return s; }
                    static int Twice(int v) { return v * 2; }
                    ArrayList list = new();
                    return name + Twice(list.Count);
                }
                """, "using System.Collections;")
        },
        {
            "flags-exceptions-streams-debug", InClass("""
                [Flags]
                public enum Parts { None = 0, A = 1, B = 2 }

                public const int Limit = 3;
                public static readonly string Prefix = "p";
                public int Value { get; set; }

                byte[] Write(Parts parts, byte[] payload)
                {
                    if (payload == null) { throw new ArgumentNullException(nameof(payload)); }
                    try
                    {
                        using (var stream = new MemoryStream())
                        {
                            stream.Write(payload, 0, payload.Length);
                            Debug.WriteLine("wrote");
                            return parts.HasFlag(Parts.A) ? stream.ToArray() : null;
                        }
                    }
                    catch (IOException)
                    {
                        return null;
                    }
                    finally
                    {
                        Value = Limit;
                    }
                }
                """, "using System;\nusing System.Diagnostics;\nusing System.IO;")
        },
        {
            "interfaces-abstract-override", InNamespace("""
                public interface IProbe
                {
                    int Address { get; }
                    bool Read(byte[] buffer, int count);
                    event System.EventHandler Faulted;
                }

                public abstract class ProbeBase : IProbe
                {
                    public abstract int Address { get; }
                    public virtual bool Read(byte[] buffer, int count) { return count <= buffer.Length; }
                    public event System.EventHandler Faulted;
                    public override string ToString() { return "probe"; }
                }

                public sealed class Probe : ProbeBase
                {
                    public override int Address { get { return 0x48; } }
                    public override bool Read(byte[] buffer, int count) { return base.Read(buffer, count); }
                }

                public struct Pair { public int Left; public int Right; }
                """)
        },
    };
}
