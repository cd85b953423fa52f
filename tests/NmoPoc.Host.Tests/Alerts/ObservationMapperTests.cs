using NmoPoc.Host.Alerts;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;
using NmoPoc.Screening.Cli;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>
/// Stored readings are decoded again for screening, the board and the patient page. The compiled schema gives the
/// verdict there; NJsonSchema must still explain a payload that fails it (a row that did not come through ingest).
/// </summary>
public class ObservationMapperTests
{
    private const string Valid =
        """{"v":1,"type":"temperatureRound","unitId":"unit-0001","boot":1,"seq":7,"measuredAtMs":1767225600000,"probe":"max30205","leftTempC":33.42,"rightTempC":34.18,"ambientTempC":21.50,"leftSettled":true,"rightSettled":false,"restSeconds":660,"pairOffsetC":-0.06,"calibrationAgeDays":12,"operatorId":"N-1042","qualityFlags":[],"historical":false}""";

    private static StoredReading Stored(string payload) =>
        new(1, "unit-0001", 1, 7, "temperatureRound", DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), DateTimeOffset.UnixEpoch, false, payload, 3);

    [Fact]
    public void A_stored_round_decodes_to_the_same_observation_as_the_full_schema_check_gives()
    {
        var fast = Assert.IsType<TemperatureRoundObservation>(ObservationMapper.From(Stored(Valid), out var error));
        Assert.Null(error);
        var full = Assert.IsType<TemperatureRoundObservation>(Assert.IsType<ReadingRecord>(ReadingsFile.Decode(Valid, 0, out _)).Observation);
        Assert.Equal(
            (full.Id, full.MeasuredAt, full.LeftC, full.RightC, full.AmbientC, full.LeftSettled, full.RightSettled, full.RestSeconds, full.OperatorId),
            (fast.Id, fast.MeasuredAt, fast.LeftC, fast.RightC, fast.AmbientC, fast.LeftSettled, fast.RightSettled, fast.RestSeconds, fast.OperatorId));
        Assert.Equal((33.42m, 34.18m, false), (fast.LeftC, fast.RightC, fast.RightSettled));
    }

    [Theory]
    [InlineData("\"leftTempC\":33.42", "\"leftTempC\":\"warm\"", "leftTempC")]
    [InlineData("\"restSeconds\":660", "\"restSeconds\":-1", "restSeconds")]
    [InlineData("\"operatorId\":\"N-1042\",", "", "operatorId")]
    public void A_stored_payload_the_schema_refuses_is_not_screened_and_the_error_names_the_field(string from, string to, string field)
    {
        var payload = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, payload);
        Assert.Null(ObservationMapper.From(Stored(payload), out var error));
        Assert.StartsWith("not a protocol v1 message (schema): ", error);
        Assert.Contains(field, error);
    }
}
