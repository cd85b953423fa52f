using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Ingest;

public class CompiledSchemaTests
{
    private const string Unit = "unit-0001";

    // ---- the oracle: NJsonSchema's verdict exactly as MessageValidator used to take it ----

    private static bool NJsonSchemaAccepts(JsonElement root)
    {
        try
        {
            return ProtocolSchema.Root.Validate(JTokenBridge.ToJToken(root)).Count == 0;
        }
        catch (Exception)
        {
            return false; // MessageValidator turned every exception of the NJsonSchema path into a rejection
        }
    }

    private static (bool Compiled, bool NJsonSchema) Verdicts(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        return (ProtocolSchema.Compiled.IsValid(doc.RootElement), NJsonSchemaAccepts(doc.RootElement));
    }

    // ---- generators: messages as (name, raw JSON) pairs so number literals stay exactly as written ----

    private static readonly string[] NumberLiterals =
    [
        "0", "-0", "0.0", "-0.0", "1", "1.0", "1e0", "1E0", "1e2", "1E+2", "100", "1.5", "-1", "2", "2.0", "2.01", "-2", "-2.01",
        "3", "9.99", "10", "10.0", "33.1", "49.999999999999999", "50", "50.0", "50.000000000000001", "50.00000000000001", "50.01",
        "-20", "-20.01", "60", "60.0000000000001", "-90", "-90.1", "200", "200.05", "290", "290.0000000000001", "36500", "36501",
        "86400", "86401", "3600", "3601", "101", "-127", "-128", "20000", "20001", "1000000000", "1000000000.01", "-1000000000.5",
        "2147483647", "2147483648", "1499999999999", "1500000000000", "1500000000000.0", "1772352000000", "4102444800000",
        "4102444800000.5", "4102444800001", "9007199254740991", "9007199254740992", "9007199254740991.0", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999999", "1e300", "-1e300",
        "1e400", "-1e400", "1e-400", "79228162514264337593543950335", "7.9228162514264337593543950335e28", "1e29", "0.000001",
    ];

    private static readonly string[] Strings = CollectEnumStrings().Concat(
    [
        "", "a", "ab", "abc", "unit-0001", "unit-0002", "Unit-0001", "-unit", "unit_1", "abc\n", "abc\n\n", "abc\r", "\nabc",
        new string('a', 32), new string('a', 33), "b123", "B_1-x", "b 1", "é", "\u00e9t\u00e9", "😀😀", string.Concat(Enumerable.Repeat("😀", 16)),
        string.Concat(Enumerable.Repeat("😀", 17)), "1.0.0", "10.2.3-rc.1+build.5", "01.0.0", "1.0", "1.0.0-", "1.0.0+", "1.0.0\n", "0.0.0",
        "clockNotSynchronized\n", "CLOCKNOTSYNCHRONIZED", "1", "True", "null", "{}", "[]",
    ]).Distinct().ToArray();

    // Every enum string in the schema, so generated values often hit (and just miss) the allowed sets.
    private static IEnumerable<string> CollectEnumStrings()
    {
        var found = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "enum")
                    {
                        found.AddRange(p.Value.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
                    }

                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray())
                {
                    Walk(x);
                }
            }
        }

        using var doc = JsonDocument.Parse(ProtocolSchema.Text());
        Walk(doc.RootElement);
        return found;
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    // A string written with every character escaped: same value, different bytes.
    private static string Escaped(string s) => "\"" + string.Concat(s.Select(c => $"\\u{(int)c:x4}")) + "\"";

    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.OneOf(NumberLiterals)),
        (2, Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Double[-2e12, 5e12].Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Double[-100, 300].Select(d => Math.Round(d, 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<string> Str = Gen.Frequency(
        (6, Gen.OneOf(Strings).Select(Quote)),
        (1, Gen.OneOf(Strings).Where(s => s.Length > 0).Select(Escaped)),
        (2, Gen.String.Select(Quote)));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Number), (4, Str), (1, Gen.OneOf("null", "true", "false")));

    private static readonly Gen<string> StringArray = Gen.OneOf(Strings).Array[0, 6].Select(a => "[" + string.Join(",", a.Select(Quote)) + "]");

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, inner) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (8, Scalar),
            (2, StringArray),
            (1, Gen.Const("[\"clockNotSynchronized\",\"\\u0063lockNotSynchronized\"]")),
            (1, inner.Array[0, 4].Select(a => "[" + string.Join(",", a) + "]")),
            (1, Gen.Select(Gen.OneOf(Strings), inner).Array[0, 3]
                .Select(a => "{" + string.Join(",", a.DistinctBy(p => p.Item1).Select(p => Quote(p.Item1) + ":" + p.Item2)) + "}"))));

    private static readonly string[] AllFieldNames = CollectFieldNames();

    private static string[] CollectFieldNames()
    {
        using var doc = JsonDocument.Parse(ProtocolSchema.Text());
        return doc.RootElement.GetProperty("definitions").EnumerateObject()
            .Where(d => d.Value.TryGetProperty("properties", out _))
            .SelectMany(d => d.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name))
            .Distinct().ToArray();
    }

    private static List<(string Name, string Raw)> Pairs(JsonNode node)
    {
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
    }

    private static string Format(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] TemperatureFlags = ["leftNotSettled", "rightNotSettled", "ambientOutOfRange", "calibrationExpired", "restTooShort", "leftFault", "rightFault", "ambientFault"];
    private static readonly string[] RomFlags = ["tooFewRepetitions", "spreadTooLarge", "calibrationExpired", "goniometerFault"];

    // Valid messages of every type with varied values; the clock rule is honoured by adding the flag when needed.
    private static readonly Gen<List<(string Name, string Raw)>> ValidMessage = Gen.Select(
        Gen.Int[0, 5], Gen.Long[1, 9007199254740991], Gen.Long[0, 4102444800000], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Bool, Gen.Int[0, 255])
        .Select((kind, seq, atMs, r1, r2, nullable, flagBits) =>
        {
            var clockOk = atMs >= 1500000000000;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(atMs, 1500000000000));
            JsonObject msg;
            string[] flags;
            switch (kind)
            {
                case 0:
                    msg = Messages.Temperature(Unit, seq, seq, at, nullable ? null : Math.Round(10 + (40 * r1), 2), Math.Round(10 + (40 * r2), 2), nullable);
                    msg["pairOffsetC"] = Math.Round(-2 + (4 * r2), 2);
                    msg["restSeconds"] = (long)(86400 * r1);
                    flags = TemperatureFlags;
                    break;
                case 1:
                    msg = Messages.Rom(Unit, seq, seq, at);
                    msg["repetitionsDeg"] = new JsonArray(Math.Round(-90 + (290 * r1), 1), nullable ? null : 12.5, Math.Round(200 * r2, 1));
                    msg["spreadDeg"] = nullable ? null : Math.Round(290 * r2, 1);
                    flags = RomFlags;
                    break;
                case 2:
                    msg = Messages.Fault(Unit, seq, seq, at);
                    msg["value"] = nullable ? null : Math.Round(-1e9 + (2e9 * r1), 2);
                    flags = [];
                    break;
                case 3:
                    msg = Messages.Heartbeat(Unit, seq, seq - 1, at, (int)(100 * r1));
                    msg["sentAtMs"] = clockOk ? atMs : null;
                    msg["rssiDbm"] = nullable ? null : -(long)(127 * r2);
                    return Pairs(msg);
                case 4:
                    msg = Messages.Status(Unit, seq, seq - 1, at, nullable ? "offline" : "online");
                    msg["sentAtMs"] = clockOk ? atMs : null;
                    msg["fw"] = nullable ? "2.10.0-beta.1+sha.5114f85" : "1.0.0";
                    return Pairs(msg);
                default:
                    msg = Messages.Temperature(Unit, 1, 1, at);
                    flags = [];
                    break;
            }

            msg["measuredAtMs"] = atMs;
            var chosen = flags.Where((_, i) => (flagBits & (1 << i)) != 0).Select(f => (JsonNode?)JsonValue.Create(f)).ToList();
            if (!clockOk || (flagBits & 128) != 0)
            {
                chosen.Add("clockNotSynchronized");
            }

            msg["qualityFlags"] = new JsonArray(chosen.ToArray());
            return Pairs(msg);
        });

    private enum Mutation { Set, Remove, Add, Rename, SetType }

    private static readonly Gen<(Mutation Kind, int Index, string Name, string Raw)> OneMutation = Gen.Select(
        Gen.Enum<Mutation>(), Gen.Int[0, 40], Gen.Frequency((3, Gen.OneOf(AllFieldNames)), (1, Gen.OneOf("extra", "leftTempc", "V", "type "))), Value);

    private static readonly Gen<string> Message = Gen.Select(ValidMessage, OneMutation.Array[0, 3]).Select((pairs, mutations) =>
    {
        foreach (var (kind, index, name, raw) in mutations)
        {
            var i = index % pairs.Count;
            switch (kind)
            {
                case Mutation.Set:
                    pairs[i] = (pairs[i].Name, raw);
                    break;
                case Mutation.Remove when pairs.Count > 1:
                    pairs.RemoveAt(i);
                    break;
                case Mutation.Add when pairs.All(p => p.Name != name):
                    pairs.Insert(i, (name, raw));
                    break;
                case Mutation.Rename when pairs.All(p => p.Name != name):
                    pairs[i] = (name, pairs[i].Raw);
                    break;
                case Mutation.SetType:
                    var t = pairs.FindIndex(p => p.Name == "type");
                    if (t >= 0)
                    {
                        pairs[t] = ("type", Quote(MessageValidator.KnownTypes[index % MessageValidator.KnownTypes.Length]));
                    }

                    break;
            }
        }

        return "{" + string.Join(",", pairs.Select(p => Quote(p.Name) + ":" + p.Raw)) + "}";
    });

    [Fact]
    public void Compiled_verdict_equals_NJsonSchemas_on_valid_and_mutated_messages()
    {
        var accepted = 0;
        var rejected = 0;
        Message.Sample(json =>
        {
            var (compiled, njs) = Verdicts(json);
            Assert.True(compiled == njs, $"compiled says {(compiled ? "valid" : "invalid")}, NJsonSchema {(njs ? "valid" : "invalid")}: {json}");
            Interlocked.Increment(ref njs ? ref accepted : ref rejected);
        }, iter: 30000, threads: 1);

        // Both sides of the boundary are exercised, not just one.
        Assert.True(accepted > 3000 && rejected > 3000, $"accepted {accepted}, rejected {rejected}");
    }

    [Fact]
    public void Compiled_verdict_equals_NJsonSchemas_on_any_value_at_the_root()
    {
        Value.Sample(json =>
        {
            var (compiled, njs) = Verdicts(json);
            Assert.True(compiled == njs, $"compiled {compiled}, NJsonSchema {njs}: {json}");
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("\"boot\":1", "\"boot\":1.0", false)] // 1.0 is not an integer for NJsonSchema, so not for us either
    [InlineData("\"boot\":1", "\"boot\":1e0", false)]
    [InlineData("\"restSeconds\":600", "\"restSeconds\":-0", true)]
    [InlineData("\"boot\":1", "\"boot\":99999999999999999999999", false)]
    [InlineData("\"leftTempC\":33.1", "\"leftTempC\":50.000000000000001", true)] // 15 significant digits, as NJsonSchema's decimal
    [InlineData("\"leftTempC\":33.1", "\"leftTempC\":50.01", false)]
    [InlineData("\"operatorId\":\"b123\"", "\"operatorId\":\"b123\\n\"", true)] // .NET '$' matches before a final newline
    [InlineData("\"unitId\":\"unit-0001\"", "\"unitId\":\"\\u0075nit-0001\"", true)]
    public void Number_and_string_edge_cases_match_NJsonSchema(string from, string to, bool valid)
    {
        var json = Messages.Temperature(Unit, 1, 1, Messages.T0).ToJsonString();
        Assert.Contains(from, json);
        var (compiled, njs) = Verdicts(json.Replace(from, to));
        Assert.Equal((valid, valid), (compiled, njs));
    }

    [Fact]
    public void The_protocol_schema_compiles()
    {
        Assert.NotNull(CompiledSchema.Compile(ProtocolSchema.Text()));
    }

    [Theory]
    [InlineData("\"const\": 1")]
    [InlineData("\"format\": \"date-time\"")]
    [InlineData("\"multipleOf\": 2")]
    [InlineData("\"exclusiveMinimum\": 0")]
    [InlineData("\"exclusiveMaximum\": 9")]
    [InlineData("\"minProperties\": 1")]
    [InlineData("\"patternProperties\": { \"^x\": { \"type\": \"string\" } }")]
    [InlineData("\"additionalProperties\": { \"type\": \"string\" }")]
    [InlineData("\"contains\": { \"type\": \"string\" }")]
    [InlineData("\"if\": { \"type\": \"string\" }")]
    [InlineData("\"items\": [{ \"type\": \"string\" }]")]
    [InlineData("\"enum\": [1.5]")]
    [InlineData("\"enum\": [null]")]
    [InlineData("\"uniqueItems\": true, \"items\": { \"type\": \"integer\" }")]
    public void A_keyword_it_cannot_check_exactly_fails_compilation(string keyword)
    {
        var schema = ProtocolSchema.Text().Replace(
            "\"outboxDropped\": { \"type\": \"integer\",",
            "\"outboxDropped\": { " + keyword + ", \"type\": \"integer\",");
        Assert.NotEqual(ProtocolSchema.Text(), schema);
        Assert.Throws<NotSupportedException>(() => CompiledSchema.Compile(schema));
    }

    [Theory]
    [InlineData("\"batteryMv\": { \"type\": [\"integer\", \"null\"],", "\"batteryMv\": { \"anyOf\": [{ \"minimum\": 1 }], \"type\": [\"integer\", \"null\"],")]
    [InlineData("\"fw\": { \"$ref\": \"#/definitions/fw\" }", "\"fw\": { \"$ref\": \"other.json#/definitions/fw\" }")]
    [InlineData("\"fw\": { \"$ref\": \"#/definitions/fw\" }", "\"fw\": { \"$ref\": \"#/definitions/fw\", \"maxLength\": 8 }")]
    public void Forms_NJsonSchema_reads_differently_fail_compilation(string from, string to)
    {
        var schema = ProtocolSchema.Text().Replace(from, to);
        Assert.NotEqual(ProtocolSchema.Text(), schema);
        Assert.Throws<NotSupportedException>(() => CompiledSchema.Compile(schema));
    }

    [Fact]
    public void Rejections_keep_NJsonSchemas_detail()
    {
        var msg = Messages.Temperature(Unit, 1, 1, Messages.T0);
        msg["leftTempC"] = 50.5;
        var r = MessageValidator.Validate(Unit, "readings", Encoding.UTF8.GetBytes(msg.ToJsonString()));
        Assert.Equal(RejectionReasons.SchemaViolation, r.Reason);
        Assert.Equal("#/leftTempC: NoTypeValidates", r.Detail); // NJsonSchema's path and error kind, as before
    }
}
