using System.Text;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>What the encoder refuses, saturates or reports, and how it uses the caller's buffer.</summary>
public class MessageEncoderTests
{
    private readonly MessageEncoder _encoder = new(GoldenCases.UnitId, GoldenCases.Firmware);
    private readonly byte[] _buffer = new byte[1024];

    private static TemperatureRound GoodRound() => new()
    {
        MeasuredAtMs = GoldenCases.Time, Probe = ProbeKind.Max30205, LeftTempC = 33.4, RightTempC = 33.6, AmbientTempC = 21,
        LeftSettled = true, RightSettled = true, RestSeconds = 600, PairOffsetC = 0.1, CalibrationAgeDays = 3, OperatorId = "N-1",
    };

    private static RomSession GoodSession()
    {
        RomSession s = new()
        {
            MeasuredAtMs = GoldenCases.Time, Side = HipSide.Left, Movement = Movement.Flexion, MedianDeg = 110, SpreadDeg = 2,
            Valid = true, CalibrationAgeDays = 3, OperatorId = "N-1",
        };
        for (int i = 0; i < 3; i++)
        {
            s.RepetitionDeg[i] = 109 + i;
            s.RepetitionValid[i] = true;
        }

        return s;
    }

    private static Heartbeat GoodHeartbeat() => new()
    {
        SentAtMs = GoldenCases.Time, ClockSynchronized = true, UptimeMs = 1000, IntervalSeconds = 60, OutboxCapacity = 10,
    };

    private void AssertRefused(int count, string field)
    {
        Assert.Equal(0, count);
        Assert.Equal(EncodeError.InvalidValue, _encoder.LastError);
        Assert.Equal(field, _encoder.LastErrorField);
    }

    public static TheoryData<string, Action<TemperatureRound>> BadRounds => new()
    {
        { "leftTempC", r => r.LeftTempC = 50.005 }, // rounds to 50.01: the check is on the value sent
        { "leftTempC", r => r.LeftTempC = 9.994 },
        { "rightTempC", r => r.RightTempC = double.PositiveInfinity },
        { "rightTempC", r => r.RightTempC = 55 },
        { "ambientTempC", r => r.AmbientTempC = -20.01 },
        { "ambientTempC", r => r.AmbientTempC = double.NegativeInfinity },
        { "pairOffsetC", r => r.PairOffsetC = double.NaN },
        { "pairOffsetC", r => r.PairOffsetC = 2.01 },
        { "restSeconds", r => r.RestSeconds = -1 },
        { "calibrationAgeDays", r => r.CalibrationAgeDays = -1 },
        { "operatorId", r => r.OperatorId = null! },
        { "operatorId", r => r.OperatorId = "" },
        { "operatorId", r => r.OperatorId = GoldenCases.LongOperator + "X" },
        { "operatorId", r => r.OperatorId = "N 1042" },
        { "operatorId", r => r.OperatorId = "Müller" },
        { "operatorId", r => r.OperatorId = "a\"b" },
        { "probe", r => r.Probe = (ProbeKind)2 },
        { "probe", r => r.Probe = (ProbeKind)(-1) },
        { "qualityFlags", r => r.Quality = QualityFlags.SpreadTooLarge },
        { "qualityFlags", r => r.Quality = 1 << 20 },
        { "measuredAtMs", r => r.MeasuredAtMs = -1 },
        { "measuredAtMs", r => r.MeasuredAtMs = ProtocolRules.MaxEpochMs + 1 },
    };

    [Theory]
    [MemberData(nameof(BadRounds))]
    public void RoundsTheSchemaWouldRejectAreRefusedWithTheField(string field, Action<TemperatureRound> spoil)
    {
        TemperatureRound round = GoodRound();
        Assert.True(_encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0) > 0);
        spoil(round);
        AssertRefused(_encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0), field);
    }

    public static TheoryData<string, Action<RomSession>> BadSessions => new()
    {
        { "repetitionsDeg", s => s.RepetitionDeg[2] = 200.05 },
        { "repetitionsDeg", s => s.RepetitionDeg[0] = -90.06 },
        { "repetitionsDeg", s => s.RepetitionDeg[1] = double.PositiveInfinity },
        { "medianDeg", s => s.MedianDeg = 201 },
        { "spreadDeg", s => s.SpreadDeg = -0.1 },
        { "spreadDeg", s => s.SpreadDeg = 290.05 },
        { "side", s => s.Side = (HipSide)2 },
        { "movement", s => s.Movement = (Movement)4 },
        { "qualityFlags", s => s.Quality = QualityFlags.LeftFault },
        { "operatorId", s => s.OperatorId = "x/y" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public void SessionsTheSchemaWouldRejectAreRefusedWithTheField(string field, Action<RomSession> spoil)
    {
        RomSession session = GoodSession();
        Assert.True(_encoder.EncodeRomSession(session, 1, 1, _buffer, 0) > 0);
        spoil(session);
        AssertRefused(_encoder.EncodeRomSession(session, 1, 1, _buffer, 0), field);
    }

    [Fact]
    public void AnInvalidRepetitionIsNullWhateverItHolds()
    {
        RomSession session = GoodSession();
        session.RepetitionDeg[1] = 1e300; // would be refused if it were sent
        session.RepetitionValid[1] = false;
        int count = _encoder.EncodeRomSession(session, 1, 1, _buffer, 0);
        Assert.Contains("\"repetitionsDeg\":[109.0,null,111.0]", Encoding.ASCII.GetString(_buffer, 0, count));
    }

    [Theory]
    [InlineData(0L, 1L, "boot")]
    [InlineData(-5L, 1L, "boot")]
    [InlineData(9007199254740992L, 1L, "boot")]
    [InlineData(1L, 0L, "seq")]
    [InlineData(1L, -1L, "seq")]
    [InlineData(1L, 9007199254740992L, "seq")]
    public void RecordEnvelopesNeedBootAndSeqFromOne(long boot, long seq, string field)
    {
        AssertRefused(_encoder.EncodeTemperatureRound(GoodRound(), boot, seq, _buffer, 0), field);
        AssertRefused(_encoder.EncodeRomSession(GoodSession(), boot, seq, _buffer, 0), field);
        AssertRefused(_encoder.EncodeFault(new FaultReading { MeasuredAtMs = 1, Status = SensorStatus.Missing }, boot, seq, _buffer, 0), field);
    }

    [Fact]
    public void SnapshotsMayCarrySeqZero()
    {
        Assert.True(_encoder.EncodeHeartbeat(GoodHeartbeat(), 1, 0, _buffer, 0) > 0);
        Assert.True(_encoder.EncodeStatus(UnitState.Online, GoldenCases.Time, true, 1, 0, _buffer, 0) > 0);
        AssertRefused(_encoder.EncodeHeartbeat(GoodHeartbeat(), 1, -1, _buffer, 0), "seq");
        AssertRefused(_encoder.EncodeStatus(UnitState.Online, GoldenCases.Time, true, 0, 0, _buffer, 0), "boot");
        AssertRefused(_encoder.EncodeStatus((UnitState)7, GoldenCases.Time, true, 1, 0, _buffer, 0), "state");
    }

    public static TheoryData<string, Action<Heartbeat>> BadHeartbeats => new()
    {
        { "uptimeMs", h => h.UptimeMs = -1 },
        { "intervalSeconds", h => h.IntervalSeconds = 0 },
        { "intervalSeconds", h => h.IntervalSeconds = 3601 },
        { "outboxDepth", h => h.OutboxDepth = -1 },
        { "outboxCapacity", h => h.OutboxCapacity = 0 },
        { "outboxDropped", h => h.OutboxDropped = -1 },
        { "rejectedReadings", h => h.RejectedReadings = -1 },
    };

    [Theory]
    [MemberData(nameof(BadHeartbeats))]
    public void HeartbeatsWithImpossibleCountsAreRefused(string field, Action<Heartbeat> spoil)
    {
        Heartbeat heartbeat = GoodHeartbeat();
        spoil(heartbeat);
        AssertRefused(_encoder.EncodeHeartbeat(heartbeat, 1, 0, _buffer, 0), field);
    }

    [Fact]
    public void AFaultIsNeverRefusedForItsValue()
    {
        foreach (double value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300, 1000000000.01, -1e10 })
        {
            int count = _encoder.EncodeFault(new FaultReading { MeasuredAtMs = GoldenCases.Time, Channel = Channel.Battery, Status = SensorStatus.Stuck, Value = value }, 1, 1, _buffer, 0);
            Assert.True(count > 0);
            Assert.Contains("\"value\":null", Encoding.ASCII.GetString(_buffer, 0, count));
        }

        int edge = _encoder.EncodeFault(new FaultReading { MeasuredAtMs = GoldenCases.Time, Status = SensorStatus.Stuck, Value = -1e9 }, 1, 1, _buffer, 0);
        Assert.Contains("\"value\":-1000000000.00", Encoding.ASCII.GetString(_buffer, 0, edge));
    }

    [Fact]
    public void AnOkStatusOrUnknownChannelIsNotAFault()
    {
        AssertRefused(_encoder.EncodeFault(new FaultReading { MeasuredAtMs = GoldenCases.Time, Status = SensorStatus.Ok }, 1, 1, _buffer, 0), "status");
        AssertRefused(_encoder.EncodeFault(new FaultReading { MeasuredAtMs = GoldenCases.Time, Status = (SensorStatus)10 }, 1, 1, _buffer, 0), "status");
        AssertRefused(_encoder.EncodeFault(new FaultReading { MeasuredAtMs = GoldenCases.Time, Status = SensorStatus.Stuck, Channel = (Channel)5 }, 1, 1, _buffer, 0), "channel");
    }

    [Fact]
    public void ASmallBufferIsReportedNotThrown()
    {
        int full = _encoder.EncodeTemperatureRound(GoodRound(), 1, 1, _buffer, 0);
        byte[] small = Enumerable.Repeat((byte)0xEE, full - 1).ToArray();
        Assert.Equal(0, _encoder.EncodeTemperatureRound(GoodRound(), 1, 1, small, 0));
        Assert.Equal(EncodeError.BufferTooSmall, _encoder.LastError);
        Assert.Null(_encoder.LastErrorField);

        byte[] exact = new byte[full];
        Assert.Equal(full, _encoder.EncodeTemperatureRound(GoodRound(), 1, 1, exact, 0));
        Assert.Equal(EncodeError.None, _encoder.LastError);
        Assert.Equal(_buffer[..full], exact);
    }

    [Fact]
    public void EncodingStartsAtTheOffsetAndLeavesTheRestAlone()
    {
        int count = _encoder.EncodeStatus(UnitState.Online, GoldenCases.Time, true, 1, 0, _buffer, 0);
        byte[] big = Enumerable.Repeat((byte)0xEE, 2000).ToArray();
        Assert.Equal(count, _encoder.EncodeStatus(UnitState.Online, GoldenCases.Time, true, 1, 0, big, 100));
        Assert.Equal(_buffer[..count], big[100..(100 + count)]);
        Assert.All(big[..100], b => Assert.Equal(0xEE, b));
        Assert.All(big[(100 + count)..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void ASuccessClearsThePreviousError()
    {
        TemperatureRound round = GoodRound();
        round.LeftTempC = 99;
        Assert.Equal(0, _encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0));
        round.LeftTempC = 33;
        Assert.True(_encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0) > 0);
        Assert.Equal(EncodeError.None, _encoder.LastError);
        Assert.Null(_encoder.LastErrorField);
    }

    [Fact]
    public void SaturatedFieldsAreCappedNotRefused()
    {
        TemperatureRound round = GoodRound();
        round.RestSeconds = int.MaxValue;
        round.CalibrationAgeDays = 36501;
        string json = Encoding.ASCII.GetString(_buffer, 0, _encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0));
        Assert.Contains("\"restSeconds\":86400,", json);
        Assert.Contains("\"calibrationAgeDays\":36500,", json);
    }

    [Fact]
    public void AnUnsynchronizedTimestampGetsTheClockFlag()
    {
        TemperatureRound round = GoodRound();
        round.MeasuredAtMs = ProtocolRules.MinSynchronizedEpochMs - 1;
        string json = Encoding.ASCII.GetString(_buffer, 0, _encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0));
        Assert.Contains("\"qualityFlags\":[\"clockNotSynchronized\"]", json);

        round.MeasuredAtMs = ProtocolRules.MinSynchronizedEpochMs;
        json = Encoding.ASCII.GetString(_buffer, 0, _encoder.EncodeTemperatureRound(round, 1, 1, _buffer, 0));
        Assert.Contains("\"qualityFlags\":[]", json);
    }

    [Theory]
    [InlineData("Unit-7", "1.0.0")]
    [InlineData("u7", "1.0.0")]
    [InlineData("-unit", "1.0.0")]
    [InlineData(null, "1.0.0")]
    [InlineData("unit-0007", "1.0")]
    [InlineData("unit-0007", "01.0.0")]
    [InlineData("unit-0007", null)]
    public void AnInvalidIdentityIsAStartupError(string? unitId, string? fw)
    {
        Assert.Throws<ArgumentException>(() => new MessageEncoder(unitId!, fw!));
    }

    [Fact]
    public void TheTailsDifferOnlyInTheFlag()
    {
        Assert.Equal(",\"historical\":false}", MessageEncoder.LiveTail);
        Assert.Equal(",\"historical\":true}", MessageEncoder.HistoricalTail);
        Assert.Equal(20, Encoding.ASCII.GetByteCount(MessageEncoder.LiveTail));
        Assert.Equal(19, Encoding.ASCII.GetByteCount(MessageEncoder.HistoricalTail));
    }
}
