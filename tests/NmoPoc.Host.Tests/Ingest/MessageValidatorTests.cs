using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Ingest;

public class MessageValidatorTests
{
    private const string Unit = "unit-0001";

    private static ValidationOutcome Check(JsonNode msg, string suffix = "readings", string unit = Unit) =>
        MessageValidator.Validate(unit, suffix, Messages.Bytes(msg));

    [Fact]
    public void Every_message_type_is_accepted_on_its_topic()
    {
        var t = Messages.T0;
        Assert.Equal("temperatureRound", Check(Messages.Temperature(Unit, 1, 1, t)).Message?.Type);
        Assert.Equal("romSession", Check(Messages.Rom(Unit, 1, 2, t)).Message?.Type);
        Assert.Equal("fault", Check(Messages.Fault(Unit, 1, 3, t), "faults").Message?.Type);
        Assert.Equal("heartbeat", Check(Messages.Heartbeat(Unit, 1, 3, t), "heartbeat").Message?.Type);
        Assert.Equal("status", Check(Messages.Status(Unit, 1, 0, t), "status").Message?.Type);

        var m = Check(Messages.Temperature(Unit, 7, 42, t, left: null, historical: true)).Message!;
        Assert.Equal((7L, 42L, t, true), (m.Boot, m.Seq, m.At, m.Historical));
    }

    [Theory]
    [InlineData("leftTempC", 9.99)]
    [InlineData("leftTempC", 50.01)]
    [InlineData("ambientTempC", -20.5)]
    [InlineData("pairOffsetC", 2.5)]
    [InlineData("restSeconds", -1)]
    [InlineData("calibrationAgeDays", 36501)]
    [InlineData("measuredAtMs", 1499999999999)]
    [InlineData("boot", 0)]
    [InlineData("seq", 0)]
    [InlineData("v", 2)]
    public void Out_of_range_values_are_schema_violations_naming_the_field(string field, double value)
    {
        var msg = Messages.Temperature(Unit, 1, 1, Messages.T0);
        msg[field] = value % 1 == 0 ? JsonValue.Create((long)value) : JsonValue.Create(value);
        var r = Check(msg);
        Assert.Null(r.Message);
        Assert.Equal(RejectionReasons.SchemaViolation, r.Reason);
        Assert.Contains(field, r.Detail);
    }

    [Fact]
    public void Typos_missing_fields_and_bad_enums_are_schema_violations()
    {
        var typo = Messages.Temperature(Unit, 1, 1, Messages.T0);
        typo["leftTempc"] = 33.0;
        Assert.Equal(RejectionReasons.SchemaViolation, Check(typo).Reason);

        var missing = Messages.Temperature(Unit, 1, 1, Messages.T0);
        missing.Remove("operatorId");
        Assert.Equal(RejectionReasons.SchemaViolation, Check(missing).Reason);

        var probe = Messages.Temperature(Unit, 1, 1, Messages.T0);
        probe["probe"] = "ds18b20";
        Assert.Equal(RejectionReasons.SchemaViolation, Check(probe).Reason);

        var reps = Messages.Rom(Unit, 1, 1, Messages.T0);
        reps["repetitionsDeg"] = new JsonArray(1.0, 2.0);
        Assert.Equal(RejectionReasons.SchemaViolation, Check(reps).Reason);

        var unknown = Messages.Temperature(Unit, 1, 1, Messages.T0);
        unknown["type"] = "bloodPressure";
        Assert.Equal((RejectionReasons.SchemaViolation, "unknown type 'bloodPressure'"), (Check(unknown).Reason, Check(unknown).Detail));
    }

    [Fact]
    public void Semantic_checks_topic_unit_and_suffix()
    {
        Assert.Equal(RejectionReasons.UnitIdMismatch, Check(Messages.Temperature("unit-0002", 1, 1, Messages.T0)).Reason);
        Assert.Equal(RejectionReasons.TopicTypeMismatch, Check(Messages.Temperature(Unit, 1, 1, Messages.T0), "faults").Reason);
        Assert.Equal(RejectionReasons.TopicTypeMismatch, Check(Messages.Heartbeat(Unit, 1, 1, Messages.T0), "readings").Reason);
    }

    [Fact]
    public void Size_encoding_and_syntax_are_checked_before_the_schema()
    {
        var big = Messages.Temperature(Unit, 1, 1, Messages.T0);
        big["operatorId"] = new string('a', 1100);
        Assert.Equal(RejectionReasons.PayloadTooLarge, Check(big).Reason);
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", [0xc3, 0x28]).Reason);
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", "{\"v\":1,"u8).Reason);
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", "[1,2]"u8).Reason);
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", ""u8).Reason);
    }

    [Fact]
    public void Each_type_validates_against_its_own_oneOf_branch()
    {
        foreach (var type in MessageValidator.KnownTypes)
        {
            Assert.Same(ProtocolSchema.ForType(type), ProtocolSchema.BranchFor(type));
        }

        Assert.Null(ProtocolSchema.BranchFor("bloodPressure"));
        Assert.Null(ProtocolSchema.BranchFor(null));
    }

    [Fact]
    public void The_protocol_examples_are_accepted()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "protocol-examples");
        var files = Directory.GetFiles(dir, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var node = JsonNode.Parse(bytes)!;
            var suffix = (string)node["type"]! switch { "fault" => "faults", "heartbeat" => "heartbeat", "status" => "status", _ => "readings" };
            var r = MessageValidator.Validate((string)node["unitId"]!, suffix, bytes);
            Assert.True(r.Message is not null, $"{Path.GetFileName(file)}: {r.Reason} {r.Detail}");
        }
    }

    [Fact]
    public void Duplicate_keys_and_NaN_are_malformed_even_though_the_schema_validator_would_accept_them()
    {
        var json = Messages.Temperature(Unit, 1, 1, Messages.T0).ToJsonString();
        var dup = json.Replace("\"leftTempC\":33.1", "\"leftTempC\":33.1,\"leftTempC\":49.9");
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", Encoding.UTF8.GetBytes(dup)).Reason);
        var nan = json.Replace("\"leftTempC\":33.1", "\"leftTempC\":NaN");
        Assert.Equal(RejectionReasons.MalformedJson, MessageValidator.Validate(Unit, "readings", Encoding.UTF8.GetBytes(nan)).Reason);
    }

    [Fact]
    public void Heartbeat_without_a_synchronized_clock_is_accepted_without_a_time()
    {
        var hb = Messages.Heartbeat(Unit, 1, 0, Messages.T0);
        hb["sentAtMs"] = null;
        hb["batteryMv"] = null;
        var m = Check(hb, "heartbeat").Message;
        Assert.NotNull(m);
        Assert.Null(m.At);
    }

    [Fact]
    public void Boot_and_seq_beyond_64_bits_are_rejected_not_thrown()
    {
        var json = Messages.Temperature(Unit, 1, 1, Messages.T0).ToJsonString().Replace("\"boot\":1", "\"boot\":99999999999999999999999");
        Assert.Equal(RejectionReasons.SchemaViolation, MessageValidator.Validate(Unit, "readings", Encoding.UTF8.GetBytes(json)).Reason);
    }

    [Fact]
    public void Random_bytes_never_throw_and_always_get_a_verdict()
    {
        Gen.Byte.Array[0, 1200].Sample(bytes =>
        {
            var r = MessageValidator.Validate(Unit, "readings", bytes);
            Assert.True(r.Message is null != (r.Reason is null));
            Assert.True(r.Reason is null || RejectionReasons.All.Contains(r.Reason));
        }, iter: 3000);
    }

    private static readonly string[] Fields =
    [
        "v", "type", "unitId", "boot", "seq", "measuredAtMs", "historical", "probe", "leftTempC", "rightTempC", "ambientTempC",
        "leftSettled", "restSeconds", "pairOffsetC", "calibrationAgeDays", "operatorId", "qualityFlags", "extra",
    ];

    private static readonly Gen<JsonNode?> AnyValue = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Const(() => (JsonNode?)new JsonArray("leftFault", "leftFault")));

    [Fact]
    public void Mutated_messages_never_throw_and_valid_ones_stay_in_range()
    {
        Gen.Select(Gen.Int[0, Fields.Length - 1], AnyValue, Gen.Bool).Sample((fieldIndex, value, remove) =>
        {
            var msg = Messages.Temperature(Unit, 1, 1, Messages.T0);
            if (remove)
            {
                msg.Remove(Fields[fieldIndex]);
            }
            else
            {
                msg[Fields[fieldIndex]] = value;
            }

            var r = Check(msg);
            Assert.True(r.Message is null != (r.Reason is null));
            if (r.Message is { } m)
            {
                var left = m.Root.GetProperty("leftTempC");
                Assert.True(left.ValueKind == System.Text.Json.JsonValueKind.Null || left.GetDouble() is >= 10 and <= 50);
            }
        }, iter: 3000);
    }

    [Fact]
    public void The_token_bridge_gives_the_same_schema_verdict_as_newtonsofts_own_parse()
    {
        var schema = ProtocolSchema.Root;
        Gen.Select(Gen.Int[0, Fields.Length - 1], AnyValue, Gen.Bool).Sample((fieldIndex, value, remove) =>
        {
            var msg = Messages.Temperature(Unit, 1, 1, Messages.T0);
            if (remove)
            {
                msg.Remove(Fields[fieldIndex]);
            }
            else
            {
                msg[Fields[fieldIndex]] = value;
            }

            var json = msg.ToJsonString();
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var viaString = schema.Validate(json).Select(e => e.ToString()).Order().ToList();
            var viaBridge = schema.Validate(JTokenBridge.ToJToken(doc.RootElement)).Select(e => e.ToString()).Order().ToList();
            Assert.Equal(viaString, viaBridge);
        }, iter: 2000);
    }

    [Fact]
    public void Skin_temperature_is_accepted_exactly_inside_its_plausibility_range()
    {
        Gen.Double[-100, 100].Sample(t =>
        {
            var r = Check(Messages.Temperature(Unit, 1, 1, Messages.T0, left: t));
            Assert.Equal(t is >= 10 and <= 50, r.Message is not null);
        }, iter: 2000);
    }
}
