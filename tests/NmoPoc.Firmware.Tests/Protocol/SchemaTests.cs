using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>The examples in docs/ are valid and are exactly what the encoder writes; broken payloads are rejected for the right reason.</summary>
public partial class SchemaTests
{
    public static IEnumerable<object[]> Examples =>
        Directory.GetFiles(ProtocolFiles.ExamplesDirectory, "*.json").Order().Select(f => new object[] { Path.GetFileName(f) });

    private static string Example(string file) => File.ReadAllText(Path.Combine(ProtocolFiles.ExamplesDirectory, file)).TrimEnd('\n');

    [Fact]
    public void ThereIsAnExampleOfEveryMessageType()
    {
        HashSet<string> types = Examples.Select(e => JsonNode.Parse(Example((string)e[0]))!["type"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["fault", "heartbeat", "romSession", "status", "temperatureRound"], types.Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExamplesPassTheReceiverChecks(string file)
    {
        Contract.AssertAccepted(Encoding.UTF8.GetBytes(Example(file)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExamplesAreExactlyWhatTheEncoderWrites(string file)
    {
        string example = Example(file);
        using JsonDocument doc = JsonDocument.Parse(example);
        Assert.Equal(example, Encoding.UTF8.GetString(ProtocolDecoder.ReEncode(doc.RootElement)));
    }

    [Fact]
    public void TheExamplesInProtocolMdAreTheExampleFiles()
    {
        string doc = File.ReadAllText(ProtocolFiles.ProtocolDocPath);
        List<string> blocks = JsonBlock().Matches(doc).Select(m => m.Groups[1].Value.Trim()).ToList();
        List<string> files = Examples.Select(e => Example((string)e[0])).ToList();
        Assert.Equal(files.Order(), blocks.Order());
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    // Each mutation of a valid example, and the error it must cause in that type's own schema branch.
    public static TheoryData<string, string, string, string> Broken => new()
    {
        // Typo'd, missing, extra.
        { "typo'd field", "temperatureRound.json", """{"rename":["leftTempC","leftTempc"]}""", "NoAdditionalPropertiesAllowed: #/leftTempc" },
        { "typo'd field is also a missing one", "temperatureRound.json", """{"rename":["leftTempC","leftTempc"]}""", "PropertyRequired: #/leftTempC" },
        { "missing field", "romSession.json", """{"remove":"operatorId"}""", "PropertyRequired: #/operatorId" },
        { "missing historical", "fault.json", """{"remove":"historical"}""", "PropertyRequired: #/historical" },
        { "missing v", "heartbeat.json", """{"remove":"v"}""", "PropertyRequired: #/v" },
        { "extra property", "temperatureRound.json", """{"set":{"patientName":"Jane Doe"}}""", "NoAdditionalPropertiesAllowed: #/patientName" },
        { "extra property in status", "status-online.json", """{"set":{"ip":"10.0.0.7"}}""", "NoAdditionalPropertiesAllowed: #/ip" },
        // Wrong type.
        { "seq as string", "temperatureRound.json", """{"set":{"seq":"4711"}}""", "IntegerExpected: #/seq" },
        { "boot as fraction", "fault.json", """{"set":{"boot":1.5}}""", "IntegerExpected: #/boot" },
        { "bool as string", "temperatureRound.json", """{"set":{"leftSettled":"true"}}""", "BooleanExpected: #/leftSettled" },
        { "number as string", "romSession.json", """{"set":{"medianDeg":"113.2"}}""", "NoTypeValidates: #/medianDeg" },
        { "repetitions as object", "romSession.json", """{"set":{"repetitionsDeg":{"0":1}}}""", "ArrayExpected: #/repetitionsDeg" },
        { "pairOffsetC null", "temperatureRound.json", """{"set":{"pairOffsetC":null}}""", "NumberExpected: #/pairOffsetC" },
        { "operatorId as number", "temperatureRound.json", """{"set":{"operatorId":1042}}""", "StringExpected: #/operatorId" },
        // Out of range.
        { "skin too warm", "temperatureRound.json", """{"set":{"leftTempC":50.01}}""", "NumberTooBig: #/leftTempC" },
        { "skin too cold", "temperatureRound.json", """{"set":{"rightTempC":9.99}}""", "NumberTooSmall: #/rightTempC" },
        { "ambient too cold", "temperatureRound.json", """{"set":{"ambientTempC":-20.01}}""", "NumberTooSmall: #/ambientTempC" },
        { "pair offset too big", "temperatureRound.json", """{"set":{"pairOffsetC":2.01}}""", "NumberTooBig: #/pairOffsetC" },
        { "rest too long", "temperatureRound.json", """{"set":{"restSeconds":86401}}""", "NumberTooBig: #/restSeconds" },
        { "negative calibration age", "romSession.json", """{"set":{"calibrationAgeDays":-1}}""", "NumberTooSmall: #/calibrationAgeDays" },
        { "angle too big", "romSession.json", """{"set":{"repetitionsDeg":[112.5,200.1,113.2]}}""", "NumberTooBig: #/repetitionsDeg[1]" },
        { "negative spread", "romSession.json", """{"set":{"spreadDeg":-0.1}}""", "NumberTooSmall: #/spreadDeg" },
        { "record seq 0", "fault.json", """{"set":{"seq":0}}""", "NumberTooSmall: #/seq" },
        { "boot 0", "status-online.json", """{"set":{"boot":0}}""", "NumberTooSmall: #/boot" },
        { "seq beyond 2^53", "fault.json", """{"set":{"seq":9007199254740992}}""", "NumberTooBig: #/seq" },
        { "time after 2100", "fault.json", """{"set":{"measuredAtMs":4102444800001}}""", "NumberTooBig: #/measuredAtMs" },
        { "unsynchronized time without the flag", "fault.json", """{"set":{"measuredAtMs":8214}}""", "NotAnyOf: #/" },
        { "heartbeat sentAtMs 0", "heartbeat.json", """{"set":{"sentAtMs":0}}""", "NoTypeValidates: #/sentAtMs" },
        { "battery over 100 %", "heartbeat.json", """{"set":{"batteryPct":101}}""", "NoTypeValidates: #/batteryPct" },
        { "positive rssi", "heartbeat.json", """{"set":{"rssiDbm":1}}""", "NoTypeValidates: #/rssiDbm" },
        { "interval 0", "heartbeat.json", """{"set":{"intervalSeconds":0}}""", "NumberTooSmall: #/intervalSeconds" },
        { "empty outbox capacity", "heartbeat.json", """{"set":{"outboxCapacity":0}}""", "NumberTooSmall: #/outboxCapacity" },
        // Unknown enum or pattern.
        { "v 2", "temperatureRound.json", """{"set":{"v":2}}""", "NotInEnumeration: #/v" },
        { "unknown probe", "temperatureRound.json", """{"set":{"probe":"max30206"}}""", "NotInEnumeration: #/probe" },
        { "unknown movement", "romSession.json", """{"set":{"movement":"extension"}}""", "NotInEnumeration: #/movement" },
        { "unknown channel", "fault.json", """{"set":{"channel":"leftKnee"}}""", "NotInEnumeration: #/channel" },
        { "ok is not a fault status", "fault.json", """{"set":{"status":"ok"}}""", "NotInEnumeration: #/status" },
        { "unknown state", "status-online.json", """{"set":{"state":"sleeping"}}""", "NotInEnumeration: #/state" },
        { "ROM flag on a temperature round", "temperatureRound.json", """{"set":{"qualityFlags":["spreadTooLarge"]}}""", "NotInEnumeration: #/qualityFlags[0]" },
        { "flag with wrong case", "romSession.json", """{"set":{"qualityFlags":["SpreadTooLarge"]}}""", "NotInEnumeration: #/qualityFlags[0]" },
        { "type in wrong case", "fault.json", """{"set":{"type":"Fault"}}""", "NotInEnumeration: #/type" },
        { "unit ID with capitals", "fault.json", """{"set":{"unitId":"Unit-0007"}}""", "PatternMismatch: #/unitId" },
        { "operator ID with a space", "romSession.json", """{"set":{"operatorId":"N 1042"}}""", "PatternMismatch: #/operatorId" },
        { "firmware not semver", "heartbeat.json", """{"set":{"fw":"v1.0"}}""", "PatternMismatch: #/fw" },
        // NaN-like strings.
        { "NaN string", "temperatureRound.json", """{"set":{"leftTempC":"NaN"}}""", "NoTypeValidates: #/leftTempC" },
        { "Infinity string", "temperatureRound.json", """{"set":{"ambientTempC":"Infinity"}}""", "NoTypeValidates: #/ambientTempC" },
        { "-Infinity string", "romSession.json", """{"set":{"medianDeg":"-Infinity"}}""", "NoTypeValidates: #/medianDeg" },
        { "null string", "fault.json", """{"set":{"value":"null"}}""", "NoTypeValidates: #/value" },
        // Oversized.
        { "operator ID of 33", "temperatureRound.json", """{"set":{"operatorId":"ABCDEFGHIJKLMNOPQRSTUVWXYZ_-01234"}}""", "StringTooLong: #/operatorId" },
        { "unit ID of 33", "heartbeat.json", """{"set":{"unitId":"u2345678-0123456789-0123456789abc"}}""", "StringTooLong: #/unitId" },
        { "empty operator ID", "temperatureRound.json", """{"set":{"operatorId":""}}""", "StringTooShort: #/operatorId" },
        { "4 repetitions", "romSession.json", """{"set":{"repetitionsDeg":[1.0,2.0,3.0,4.0]}}""", "TooManyItems: #/repetitionsDeg" },
        { "2 repetitions", "romSession.json", """{"set":{"repetitionsDeg":[1.0,2.0]}}""", "TooFewItems: #/repetitionsDeg" },
        { "repeated flag", "temperatureRound.json", """{"set":{"qualityFlags":["restTooShort","restTooShort"]}}""", "ItemsNotUnique: #/qualityFlags" },
        { "firmware of 33", "status-online.json", """{"set":{"fw":"10.20.30-rc.1+build.2024-06-01.77"}}""", "StringTooLong: #/fw" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void BrokenPayloadsAreRejectedForTheRightReason(string what, string example, string mutation, string expectedError)
    {
        JsonObject message = JsonNode.Parse(Example(example))!.AsObject();
        string type = message["type"]!.GetValue<string>();
        JsonObject m = JsonNode.Parse(mutation)!.AsObject();
        if (m["rename"] is JsonArray rename)
        {
            string from = rename[0]!.GetValue<string>();
            JsonNode? value = message[from]!.DeepClone();
            message.Remove(from);
            message[rename[1]!.GetValue<string>()] = value;
        }

        if (m["remove"] is JsonNode remove)
        {
            Assert.True(message.Remove(remove.GetValue<string>()));
        }

        if (m["set"] is JsonObject set)
        {
            foreach (KeyValuePair<string, JsonNode?> p in set)
            {
                message[p.Key] = p.Value?.DeepClone();
            }
        }

        string json = message.ToJsonString();
        Assert.NotEmpty(Contract.Check(json));
        List<string> errors = Contract.CheckAgainstDefinition(json, type);
        Assert.True(errors.Contains(expectedError), $"{what}: expected {expectedError}, got {string.Join("; ", errors)}");
    }

    [Theory]
    [InlineData("""{"v":1,"type":"fault","unitId":"unit-0007","boot":12,"seq":4715,"measuredAtMs":1767226800000,"channel":"rightHip","status":"outOfRange","value":NaN,"qualityFlags":[],"historical":false}""")]
    [InlineData("""{"v":1,"type":"fault","unitId":"unit-0007","boot":12,"seq":4715,"measuredAtMs":1767226800000,"channel":"rightHip","status":"outOfRange","value":Infinity,"qualityFlags":[],"historical":false}""")]
    [InlineData("""{"v":1,"type":"status","unitId":"unit-0007","boot":12,"seq":0,"state":"online","state":"offline","sentAtMs":null,"fw":"1.0.0"}""")]
    [InlineData("""{"v":1,"type":"status","unitId":"unit-0007","boot":12,"seq":0,"state":"online","sentAtMs":null,"fw":"1.0.0",}""")]
    public void NonJsonTokensAndDuplicateKeysAreRejectedBeforeTheSchema(string payload)
    {
        List<string> reasons = Contract.Check(payload);
        Assert.Single(reasons);
        Assert.StartsWith("json: ", reasons[0]);
    }

    [Fact]
    public void TheSchemaAloneAcceptsABareNaNSoTheStrictParseIsNeeded()
    {
        // Documents why docs/protocol.md section 12 parses strictly first; if NJsonSchema ever rejects
        // this itself, the note there can be relaxed.
        const string payload = """{"v":1,"type":"fault","unitId":"unit-0007","boot":12,"seq":4715,"measuredAtMs":1767226800000,"channel":"rightHip","status":"outOfRange","value":NaN,"qualityFlags":[],"historical":false}""";
        Assert.Empty(Contract.Schema.Validate(payload));
    }

    [Fact]
    public void AnOversizedPayloadIsRejectedEvenWhenTheSchemaWouldPassIt()
    {
        // Numbers can be padded with digits without breaking the schema: size is the receiver's first check.
        string padded = Example("temperatureRound.json").Replace("\"leftTempC\":33.42", "\"leftTempC\":33.42" + new string('0', 700));
        Assert.Empty(Contract.Schema.Validate(padded));
        List<string> reasons = Contract.Check(padded);
        Assert.Single(reasons);
        Assert.StartsWith("size: ", reasons[0]);
    }
}
