using System.Text;
using System.Text.Json;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation.Storage;
using NmoPoc.Firmware.Tests.Outbox;
using NmoPoc.Firmware.Tests.Protocol;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Tests.Unit;

public class OutboxSinkTests
{
    private const long T0 = 1_767_225_600_000;
    private static readonly OutboxOptions Layout = new(16, ProtocolRules.MaxPayloadBytes);

    private readonly MemoryBlockStorage _storage = new((int)Layout.RequiredStorageBytes);
    private readonly ListLog _log = new();
    private readonly PersistentOutbox _outbox;
    private readonly OutboxSink _sink;

    public OutboxSinkTests()
    {
        _outbox = PersistentOutbox.Open(_storage, Layout, _log);
        _sink = new OutboxSink(_outbox, new MessageEncoder("unit-0007", "1.0.0"), _log);
    }

    internal static TemperatureRound Round(double left = 33.42) => new()
    {
        MeasuredAtMs = T0,
        Probe = ProbeKind.Max30205,
        LeftTempC = left,
        RightTempC = 34.18,
        AmbientTempC = 21.5,
        LeftSettled = true,
        RightSettled = true,
        RestSeconds = 660,
        PairOffsetC = -0.06,
        CalibrationAgeDays = 12,
        OperatorId = "N-1042",
    };

    [Fact]
    public void EachReadingGetsTheNextSeqAndIsStoredAndFlushedEncoded()
    {
        long flushes = _storage.FlushCount;
        _sink.OnTemperatureRound(Round());
        _sink.OnFault(new FaultReading { MeasuredAtMs = T0 + 1, Channel = Channel.RightHip, Status = SensorStatus.Missing, Value = double.NaN });

        Assert.Equal(2, _outbox.Count);
        Assert.Equal(3u, _outbox.NextSeq);
        Assert.True(_storage.FlushCount >= flushes + 2, "each append is flushed before the sink returns");
        Assert.Equal(2, _sink.Appended);

        var record = _outbox.CreateRecord();
        Assert.True(_outbox.TryRead(1, record));
        Assert.Equal(TopicKind.Readings, record.Kind);
        var json = JsonDocument.Parse(record.Payload.AsSpan(0, record.Length).ToArray()).RootElement;
        Assert.Equal("temperatureRound", json.GetProperty("type").GetString());
        Assert.Equal(1, json.GetProperty("seq").GetInt64());
        Assert.Equal(1, json.GetProperty("boot").GetInt64());
        Assert.Equal("unit-0007", json.GetProperty("unitId").GetString());
        Assert.False(json.GetProperty("historical").GetBoolean());
        Contract.AssertAccepted(record.Payload.AsSpan(0, record.Length).ToArray());

        Assert.True(_outbox.TryRead(2, record));
        Assert.Equal(TopicKind.Faults, record.Kind);
        Assert.Contains("\"seq\":2,", Encoding.UTF8.GetString(record.Payload, 0, record.Length));
    }

    [Fact]
    public void ARefusedReadingIsCountedAndLoggedAndUsesNoSeq()
    {
        _sink.OnTemperatureRound(Round(left: 99.0)); // outside the schema's skin range: the encoder refuses
        _sink.OnTemperatureRound(Round());

        Assert.Equal(1, _sink.Rejected);
        Assert.Equal(1, _sink.Appended);
        Assert.Equal(1, _outbox.Count);
        Assert.Equal(1u, _outbox.LastSeq); // the refused one took no seq: the sequence stays gapless
        Assert.Equal(1, _log.Count(Hal.LogLevel.Error, "leftTempC"));
    }

    [Fact]
    public void SeqContinuesAcrossABootAndTheBootCounterMovesOn()
    {
        _sink.OnTemperatureRound(Round());
        var reopened = PersistentOutbox.Open(new MemoryBlockStorage(_storage.Snapshot()), Layout, _log);
        var sink = new OutboxSink(reopened, new MessageEncoder("unit-0007", "1.0.0"), _log);
        sink.OnTemperatureRound(Round());

        var record = reopened.CreateRecord();
        Assert.True(reopened.TryRead(2, record));
        var json = JsonDocument.Parse(record.Payload.AsSpan(0, record.Length).ToArray()).RootElement;
        Assert.Equal(2, json.GetProperty("boot").GetInt64());
        Assert.Equal(2, json.GetProperty("seq").GetInt64());
    }
}
