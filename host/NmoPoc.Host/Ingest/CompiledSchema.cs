using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// A JSON Schema compiled once into a tree of checks that read a <see cref="JsonElement"/> directly: no Newtonsoft
/// token tree, no error objects, stops at the first failure. It gives only a verdict; <see cref="MessageValidator"/>
/// asks NJsonSchema for the human-readable detail on rejections.
/// </summary>
/// <remarks>
/// The verdict mirrors NJsonSchema 11's interpreter as <see cref="MessageValidator"/> used it (an equivalence property
/// test holds the two together), including its quirks: "integer" means a literal without '.', 'e' or 'E' (so 1.0 and
/// 1e2 are not integers, -0 is); minimum/maximum compare as decimal (a double converted with 15 significant digits);
/// enum compares the token's text; maxItems/minItems of 0 are ignored. A number NJsonSchema cannot handle (an
/// integer beyond 64 bits, or beyond double range) anywhere in the document rejects it, as the NJsonSchema path did.
/// Only the keywords the protocol schema uses are supported: any other keyword or form throws
/// <see cref="NotSupportedException"/> when compiling, so a schema change can't be silently half-checked.
/// </remarks>
public sealed class CompiledSchema
{
    private readonly Node _root;

    private CompiledSchema(Node root) => _root = root;

    /// <summary>Compiles a draft-07 schema; throws <see cref="NotSupportedException"/> on anything it can't check exactly.</summary>
    public static CompiledSchema Compile(string schemaJson)
    {
        using var doc = JsonDocument.Parse(schemaJson);
        var compiler = new Compiler(doc.RootElement);
        return new CompiledSchema(compiler.CompileRoot());
    }

    /// <summary>True when the instance satisfies the schema. Never throws on any parsed JSON.</summary>
    public bool IsValid(JsonElement instance) => AllNumbersRepresentable(instance) && _root.IsValid(instance);

    // The Newtonsoft bridge makes such numbers a BigInteger (NJsonSchema throws on it) or fails on them itself.
    private static bool AllNumbersRepresentable(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                return IsIntegerLiteral(e) ? e.TryGetInt64(out _) : e.TryGetDouble(out var d) && double.IsFinite(d);
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (!AllNumbersRepresentable(p.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (!AllNumbersRepresentable(item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static bool IsIntegerLiteral(JsonElement e) => JsonMarshal.GetRawUtf8Value(e).IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    [Flags]
    private enum Types
    {
        None = 0,
        Null = 1,
        Boolean = 2,
        Integer = 4,
        Number = 8,
        String = 16,
        Array = 32,
        Object = 64,
    }

    private sealed record Property(string Name, Node? Schema)
    {
        public readonly byte[] Utf8Name = Encoding.UTF8.GetBytes(Name);
    }

    private sealed class Node
    {
        public Types Types;
        public Node[]? AnyOf, AllOf, OneOf;
        public Node? Not;
        public string[]? EnumTexts;
        public byte[][] EnumUtf8 = [];
        public long[] EnumIntegers = [];
        public Property[] Properties = [];
        public ulong RequiredMask;
        public bool HasObjectKeywords;
        public bool AdditionalProperties = true;
        public Node? Items;
        public int MinItems, MaxItems;
        public bool UniqueItems;
        public int? MinLength, MaxLength;
        public Regex? Pattern;
        public decimal? Minimum, Maximum;

        public bool IsValid(JsonElement e)
        {
            var kind = e.ValueKind;
            var nullAllowed = kind == JsonValueKind.Null && (Types & Types.Null) != 0;
            if (!nullAllowed && Types != Types.None && !OfType(e, kind))
            {
                return false;
            }

            var ok = kind switch
            {
                JsonValueKind.Number => NumberOk(e),
                JsonValueKind.String => StringOk(e),
                JsonValueKind.Array => ArrayOk(e),
                _ => true,
            };
            return ok
                && (EnumTexts is null || nullAllowed || InEnum(e, kind))
                && (!HasObjectKeywords || ObjectOk(e, kind))
                && (AllOf is null || All(AllOf, e))
                && (AnyOf is null || Any(AnyOf, e))
                && (OneOf is null || ExactlyOne(OneOf, e))
                && (Not is null || !Not.IsValid(e));
        }

        private bool OfType(JsonElement e, JsonValueKind kind) => kind switch
        {
            JsonValueKind.Null => (Types & Types.Null) != 0,
            JsonValueKind.True or JsonValueKind.False => (Types & Types.Boolean) != 0,
            JsonValueKind.String => (Types & Types.String) != 0,
            JsonValueKind.Array => (Types & Types.Array) != 0,
            JsonValueKind.Object => (Types & Types.Object) != 0,
            JsonValueKind.Number => (Types & Types.Number) != 0 || ((Types & Types.Integer) != 0 && IsIntegerLiteral(e)),
            _ => false,
        };

        private bool NumberOk(JsonElement e)
        {
            if (Minimum is null && Maximum is null)
            {
                return true;
            }

            if (IsIntegerLiteral(e))
            {
                return InRange(e.GetInt64()); // representable: checked before the walk
            }

            var d = e.GetDouble();
            decimal value;
            try
            {
                value = (decimal)d; // what Newtonsoft's Value<decimal>() does
            }
            catch (OverflowException)
            {
                // NJsonSchema's fallback for doubles beyond decimal's range
                return !(d < (double?)Minimum) && !(d > (double?)Maximum);
            }

            return InRange(value);
        }

        private bool InRange(decimal value) => !(value < Minimum) && !(value > Maximum);

        private bool StringOk(JsonElement e)
        {
            if (Pattern is null && MinLength is null && MaxLength is null)
            {
                return true;
            }

            var s = e.GetString()!;
            return !(s.Length < MinLength) && !(s.Length > MaxLength) && (Pattern is null || Pattern.IsMatch(s));
        }

        private bool ArrayOk(JsonElement e)
        {
            var count = e.GetArrayLength();
            if ((MinItems > 0 && count < MinItems) || (MaxItems > 0 && count > MaxItems))
            {
                return false;
            }

            if (Items is not null)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (!Items.IsValid(item))
                    {
                        return false;
                    }
                }
            }

            return !UniqueItems || Unique(e, count);
        }

        // Only compiled beside items of type string (see Compiler), so the items compared here are strings.
        private static bool Unique(JsonElement e, int count)
        {
            for (var i = 1; i < count; i++)
            {
                var a = e[i];
                for (var j = 0; j < i; j++)
                {
                    var b = e[j];
                    if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String && a.ValueEquals(b.GetString()))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // NJsonSchema compares enum values and the token by their ToString() text. Compiled enum values are strings
        // and integers only, so a string token compares by value and others by Newtonsoft's text for them.
        private bool InEnum(JsonElement e, JsonValueKind kind)
        {
            if (kind == JsonValueKind.String)
            {
                foreach (var v in EnumUtf8)
                {
                    if (e.ValueEquals(v))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (kind == JsonValueKind.Number && IsIntegerLiteral(e))
            {
                return Array.IndexOf(EnumIntegers, e.GetInt64()) >= 0; // the enum texts that an integer prints as
            }

            var text = kind switch
            {
                JsonValueKind.Number => e.GetDouble().ToString(CultureInfo.CurrentCulture),
                JsonValueKind.True => "True",
                JsonValueKind.False => "False",
                JsonValueKind.Null => "",
                _ => null, // objects and arrays print as JSON text, which no compiled enum value can be
            };
            return text is not null && Array.IndexOf(EnumTexts!, text) >= 0;
        }

        private bool ObjectOk(JsonElement e, JsonValueKind kind)
        {
            if (kind != JsonValueKind.Object)
            {
                // NJsonSchema reports required properties as missing on any non-object, unless the schema allows null.
                return (Types & Types.Null) != 0 || RequiredMask == 0;
            }

            ulong seen = 0;
            var props = Properties;
            var next = 0;
            foreach (var p in e.EnumerateObject())
            {
                // Messages list fields in schema order: look at the next expected one first.
                var index = -1;
                for (var k = 0; k < props.Length; k++)
                {
                    var candidate = next + k < props.Length ? next + k : next + k - props.Length;
                    if (p.NameEquals(props[candidate].Utf8Name))
                    {
                        index = candidate;
                        break;
                    }
                }

                if (index < 0)
                {
                    if (!AdditionalProperties)
                    {
                        return false;
                    }

                    continue;
                }

                seen |= 1UL << index;
                next = index + 1 == props.Length ? 0 : index + 1;
                if (props[index].Schema is { } schema && !schema.IsValid(p.Value))
                {
                    return false;
                }
            }

            return (seen & RequiredMask) == RequiredMask;
        }

        private static bool All(Node[] nodes, JsonElement e)
        {
            foreach (var n in nodes)
            {
                if (!n.IsValid(e))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Any(Node[] nodes, JsonElement e)
        {
            foreach (var n in nodes)
            {
                if (n.IsValid(e))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ExactlyOne(Node[] nodes, JsonElement e)
        {
            var matches = 0;
            foreach (var n in nodes)
            {
                if (n.IsValid(e) && ++matches > 1)
                {
                    return false;
                }
            }

            return matches == 1;
        }
    }

    private sealed class Compiler(JsonElement document)
    {
        private const string Draft07 = "http://json-schema.org/draft-07/schema#";

        // Resolved $refs by pointer; a node is registered before it is filled, so recursive schemas terminate.
        private readonly Dictionary<string, Node> _refs = new(StringComparer.Ordinal);

        public Node CompileRoot()
        {
            if (document.ValueKind == JsonValueKind.Object && document.TryGetProperty("$schema", out var s) && s.GetString() != Draft07)
            {
                throw new NotSupportedException($"only draft-07 schemas are supported, not '{s.GetString()}'");
            }

            return Compile(document, "#");
        }

        private Node Compile(JsonElement schema, string path)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw Unsupported(path, "a schema that is not an object (boolean schemas)");
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                foreach (var p in schema.EnumerateObject())
                {
                    if (p.Name is not ("$ref" or "description" or "title"))
                    {
                        throw Unsupported(path, $"'{p.Name}' beside '$ref'");
                    }
                }

                return Resolve(reference.GetString() ?? throw Unsupported(path, "a non-string '$ref'"));
            }

            var node = new Node();
            Fill(node, schema, path);
            return node;
        }

        private Node Resolve(string reference)
        {
            if (_refs.TryGetValue(reference, out var known))
            {
                return known;
            }

            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw Unsupported(reference, "a '$ref' outside this document");
            }

            var target = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
                {
                    throw new NotSupportedException($"'$ref' {reference} does not resolve");
                }
            }

            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty("$ref", out _))
            {
                var chained = Compile(target, reference);
                _refs[reference] = chained;
                return chained;
            }

            var node = new Node();
            _refs[reference] = node;
            Fill(node, target, reference);
            return node;
        }

        private void Fill(Node node, JsonElement schema, string path)
        {
            var required = new List<string>();
            var properties = new List<Property>();
            foreach (var p in schema.EnumerateObject())
            {
                var at = path + "/" + p.Name;
                var v = p.Value;
                switch (p.Name)
                {
                    case "$schema" when path == "#":
                    case "$id" when path == "#":
                    case "title":
                    case "description":
                        break;
                    case "definitions":
                        foreach (var d in v.EnumerateObject())
                        {
                            Resolve("#" + (path == "#" ? "" : path[1..]) + "/definitions/" + d.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                        }

                        break;
                    case "type":
                        node.Types = v.ValueKind == JsonValueKind.Array
                            ? v.EnumerateArray().Aggregate(Types.None, (t, x) => t | TypeOf(x, at))
                            : TypeOf(v, at);
                        break;
                    case "enum":
                        node.EnumTexts = v.EnumerateArray().Select(x => EnumText(x, at)).ToArray();
                        node.EnumUtf8 = node.EnumTexts.Select(Encoding.UTF8.GetBytes).ToArray();
                        node.EnumIntegers = node.EnumTexts.Select(IntegerText).OfType<long>().ToArray();
                        break;
                    case "properties":
                        foreach (var prop in v.EnumerateObject())
                        {
                            properties.Add(new Property(prop.Name, Compile(prop.Value, at + "/" + prop.Name)));
                        }

                        node.HasObjectKeywords = true;
                        break;
                    case "required":
                        required.AddRange(v.EnumerateArray().Select(x => x.GetString() ?? throw Unsupported(at, "a non-string name")));
                        node.HasObjectKeywords = true;
                        break;
                    case "additionalProperties":
                        node.AdditionalProperties = v.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => throw Unsupported(at, "a schema as additionalProperties"),
                        };
                        node.HasObjectKeywords = true;
                        break;
                    case "items":
                        node.Items = v.ValueKind == JsonValueKind.Object ? Compile(v, at) : throw Unsupported(at, "tuple or boolean items");
                        break;
                    case "minItems":
                        node.MinItems = v.GetInt32();
                        break;
                    case "maxItems":
                        node.MaxItems = v.GetInt32();
                        break;
                    case "uniqueItems":
                        node.UniqueItems = v.GetBoolean();
                        break;
                    case "minLength":
                        node.MinLength = v.GetInt32();
                        break;
                    case "maxLength":
                        node.MaxLength = v.GetInt32();
                        break;
                    case "pattern":
                        // Same engine and options as NJsonSchema's Regex.IsMatch(value, pattern): '$' also matches before a final '\n'.
                        node.Pattern = new Regex(v.GetString()!, RegexOptions.Compiled); // Compiled changes speed, not matching
                        break;
                    case "minimum":
                        node.Minimum = v.GetDecimal();
                        break;
                    case "maximum":
                        node.Maximum = v.GetDecimal();
                        break;
                    case "anyOf":
                        node.AnyOf = CompileList(v, at);
                        break;
                    case "allOf":
                        node.AllOf = CompileList(v, at);
                        break;
                    case "oneOf":
                        node.OneOf = CompileList(v, at);
                        break;
                    case "not":
                        node.Not = Compile(v, at);
                        break;
                    default:
                        throw Unsupported(at, $"keyword '{p.Name}'");
                }
            }

            foreach (var name in required.Where(r => properties.All(x => x.Name != r)))
            {
                properties.Add(new Property(name, null));
            }

            if (properties.Count > 64)
            {
                throw Unsupported(path, "more than 64 properties");
            }

            node.Properties = properties.ToArray();
            node.RequiredMask = properties.Select((x, i) => required.Contains(x.Name) ? 1UL << i : 0).Aggregate(0UL, (a, b) => a | b);

            // NJsonSchema skips every check of a nullable property schema when the value is null, and treats a
            // schema as nullable through its oneOf; keep the cases where that differs from plain JSON Schema out.
            var typeAllowsNull = (node.Types & Types.Null) != 0;
            if (typeAllowsNull && (node.AnyOf is not null || node.AllOf is not null || node.OneOf is not null || node.Not is not null))
            {
                throw Unsupported(path, "'null' in type together with anyOf/allOf/oneOf/not");
            }

            if (node.OneOf is not null && node.Types == Types.None && node.OneOf.Any(b => (b.Types & Types.Null) != 0))
            {
                throw Unsupported(path, "an untyped oneOf with a nullable branch");
            }

            if (node.UniqueItems && (node.Items is null || node.Items.Types != Types.String))
            {
                // NJsonSchema compares items by Newtonsoft's ToString(); exact for strings only.
                throw Unsupported(path, "uniqueItems without items of type string");
            }
        }

        private Node[] CompileList(JsonElement v, string at) =>
            v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0
                ? v.EnumerateArray().Select((x, i) => Compile(x, $"{at}/{i}")).ToArray()
                : throw Unsupported(at, "an empty or non-array list");

        private static Types TypeOf(JsonElement t, string at) => t.GetString() switch
        {
            "null" => Types.Null,
            "boolean" => Types.Boolean,
            "integer" => Types.Integer,
            "number" => Types.Number,
            "string" => Types.String,
            "array" => Types.Array,
            "object" => Types.Object,
            var other => throw Unsupported(at, $"type '{other}'"),
        };

        // The text NJsonSchema compares: the string itself, or the integer's ToString().
        private static string EnumText(JsonElement x, string at) => x.ValueKind switch
        {
            JsonValueKind.String when x.GetString() is { Length: > 0 } s && s[0] is not ('{' or '[') => s,
            JsonValueKind.Number when x.TryGetInt64(out var l) && !JsonMarshal.GetRawUtf8Value(x).ContainsAny((byte)'.', (byte)'e', (byte)'E')
                => l.ToString(CultureInfo.CurrentCulture),
            _ => throw Unsupported(at, $"enum value {x.GetRawText()} (only non-empty strings and integers)"),
        };

        // The integer whose ToString() is this text (an integer token matches exactly these), else null.
        private static long? IntegerText(string text) =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.CurrentCulture, out var n) && n.ToString(CultureInfo.CurrentCulture) == text ? n : null;

        private static NotSupportedException Unsupported(string at, string what) =>
            new($"JSON Schema at {at}: {what} is not supported by the compiled validator; extend CompiledSchema (and its equivalence test) first");
    }
}
