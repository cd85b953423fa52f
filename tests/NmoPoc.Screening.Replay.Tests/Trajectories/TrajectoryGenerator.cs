using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Screening.Replay.Tests.Trajectories;

/// <summary>What the patient's body does on one day (offsets from the patient's normal values).</summary>
internal sealed record DayState
{
    /// <summary>Left and right hip skin temperature in °C before sensor noise.</summary>
    public decimal LeftC { get; init; } = 33.0m;
    public decimal RightC { get; init; } = 33.0m;
    public decimal AmbientC { get; init; } = 21.5m;

    /// <summary>True passive ROM in degrees before rater noise.</summary>
    public decimal LeftFlexion { get; init; } = 110m;
    public decimal RightFlexion { get; init; } = 110m;
    public decimal LeftAbduction { get; init; } = 35m;
    public decimal RightAbduction { get; init; } = 35m;

    /// <summary>Left probe fell off: the round is taken but the left value is a cold unsettled read.</summary>
    public bool LeftProbeLoose { get; init; }

    /// <summary>Left probe unplugged: a fault record and a null left value.</summary>
    public bool LeftProbeMissing { get; init; }

    /// <summary>Skip the unit's ROM sessions this day (e.g. a manual rater measured instead).</summary>
    public bool NoUnitRom { get; init; }
}

/// <summary>
/// Deterministic synthetic patient: a seeded generator turns a day model into protocol v1 JSONL (encoded by the
/// firmware's own <see cref="MessageEncoder"/>, so the lines are exactly what a unit sends) and a patients file.
/// Rounds at 08:30 and ROM sessions from 10:00 ward time (Europe/Berlin) every day.
/// </summary>
internal sealed class TrajectoryGenerator
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly Random _rng;
    private readonly MessageEncoder _encoder;
    private readonly byte[] _buffer = new byte[1024];
    private readonly JsonArray _entries = new();
    private readonly JsonArray _actions = new();
    private long _seq;

    public TrajectoryGenerator(string patientId, int seed, DateOnly injuryDate, string injuryType = "spinalCordInjuryComplete",
        string unitId = "unit-0001", decimal temperatureNoiseC = 0.10m, decimal romNoiseDeg = 1.5m)
    {
        PatientId = patientId;
        InjuryDate = injuryDate;
        InjuryType = injuryType;
        UnitId = unitId;
        TemperatureNoiseC = temperatureNoiseC;
        RomNoiseDeg = romNoiseDeg;
        _rng = new Random(seed);
        _encoder = new MessageEncoder(unitId, "1.0.0");
    }

    public string PatientId { get; }
    public DateOnly InjuryDate { get; }
    public string InjuryType { get; }
    public string UnitId { get; }
    public decimal TemperatureNoiseC { get; }
    public decimal RomNoiseDeg { get; }

    /// <summary>Every JSONL line in send order.</summary>
    public List<string> Lines { get; } = new();

    /// <summary>Days screened, for patient-day statistics.</summary>
    public int Days { get; private set; }

    /// <summary>Ward time on day <paramref name="day"/> after injury, as an instant.</summary>
    public DateTimeOffset At(int day, int hour, int minute = 0)
    {
        var local = InjuryDate.AddDays(day).ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Berlin), TimeSpan.Zero);
    }

    /// <summary>Generates days [from, to) from the model.</summary>
    public void Run(int from, int to, Func<int, DayState> model)
    {
        for (var day = from; day < to; day++)
        {
            var s = model(day);
            Round(At(day, 8, 30), s);
            if (!s.NoUnitRom)
            {
                Rom(At(day, 10, 0), HipSide.Left, Movement.Flexion, s.LeftFlexion, "physio-a");
                Rom(At(day, 10, 5), HipSide.Right, Movement.Flexion, s.RightFlexion, "physio-a");
                Rom(At(day, 10, 10), HipSide.Left, Movement.Abduction, s.LeftAbduction, "physio-a");
                Rom(At(day, 10, 15), HipSide.Right, Movement.Abduction, s.RightAbduction, "physio-a");
            }
        }

        Days = Math.Max(Days, to);
    }

    private double Noise(decimal amplitude) => (double)amplitude * (2 * _rng.NextDouble() - 1);

    private void Round(DateTimeOffset at, DayState s)
    {
        var r = new TemperatureRound
        {
            MeasuredAtMs = at.ToUnixTimeMilliseconds(),
            Probe = ProbeKind.Max30205,
            LeftTempC = (double)s.LeftC + Noise(TemperatureNoiseC),
            RightTempC = (double)s.RightC + Noise(TemperatureNoiseC),
            AmbientTempC = (double)s.AmbientC,
            LeftSettled = true,
            RightSettled = true,
            RestSeconds = 720,
            PairOffsetC = 0.02,
            CalibrationAgeDays = 20,
            OperatorId = "nurse-1",
        };
        if (s.AmbientC is < 18m or > 24m)
        {
            r.Quality |= QualityFlags.AmbientOutOfRange;
        }

        if (s.LeftProbeLoose)
        {
            r.LeftTempC = 27.4;
            r.LeftSettled = false;
            r.Quality |= QualityFlags.LeftNotSettled;
        }

        if (s.LeftProbeMissing)
        {
            Fault(at.AddSeconds(-5), Channel.LeftHip, SensorStatus.Missing);
            r.LeftTempC = double.NaN;
            r.LeftSettled = false;
            r.Quality |= QualityFlags.LeftFault | QualityFlags.LeftNotSettled;
        }

        Emit(_encoder.EncodeTemperatureRound(r, 1, ++_seq, _buffer, 0));
    }

    private void Rom(DateTimeOffset at, HipSide side, Movement movement, decimal trueDeg, string op)
    {
        var s = new RomSession { MeasuredAtMs = at.ToUnixTimeMilliseconds(), Side = side, Movement = movement, CalibrationAgeDays = 20, OperatorId = op };
        var reps = new double[3];
        for (var i = 0; i < 3; i++)
        {
            reps[i] = Math.Round((double)trueDeg + Noise(RomNoiseDeg), 1);
            s.RepetitionDeg[i] = reps[i];
            s.RepetitionValid[i] = true;
        }

        Array.Sort(reps);
        s.MedianDeg = reps[1];
        s.SpreadDeg = reps[2] - reps[0];
        s.Valid = s.SpreadDeg <= 10;
        if (!s.Valid)
        {
            s.Quality |= QualityFlags.SpreadTooLarge;
        }

        Emit(_encoder.EncodeRomSession(s, 1, ++_seq, _buffer, 0));
    }

    private void Fault(DateTimeOffset at, Channel channel, SensorStatus status)
    {
        var f = new FaultReading { MeasuredAtMs = at.ToUnixTimeMilliseconds(), Channel = channel, Status = status, Value = double.NaN };
        Emit(_encoder.EncodeFault(f, 1, ++_seq, _buffer, 0));
    }

    private void Emit(int n)
    {
        Assert.True(n > 0, $"encoder refused a generated record: {_encoder.LastError} {_encoder.LastErrorField}");
        Lines.Add(Encoding.UTF8.GetString(_buffer, 0, n));
    }

    /// <summary>A manual ROM session by a second rater (entered by staff, in the patients file).</summary>
    public void ManualRom(int day, HipSide side, Movement movement, decimal trueDeg, decimal raterBiasDeg, string rater)
    {
        var offset = (decimal)Noise(3m) + raterBiasDeg;
        var reps = new JsonArray();
        for (var i = 0; i < 3; i++)
        {
            reps.Add(Math.Round(trueDeg + offset + (decimal)Noise(RomNoiseDeg), 1));
        }

        var minute = 20 + (int)movement * 5 + (side == HipSide.Right ? 2 : 0);
        _entries.Add(new JsonObject
        {
            ["type"] = "manualRom", ["id"] = $"{PatientId}-m{_entries.Count + 1}", ["patientId"] = PatientId,
            ["measuredAt"] = Iso(At(day, 16, minute)), ["side"] = side == HipSide.Left ? "left" : "right",
            ["movement"] = movement == Movement.Flexion ? "flexion" : "abduction", ["repetitionsDeg"] = reps,
            ["operatorId"] = rater,
        });
    }

    public void CoreTemperature(int day, int hour, decimal c) => _entries.Add(new JsonObject
    {
        ["type"] = "coreTemperature", ["id"] = $"{PatientId}-f{_entries.Count + 1}", ["patientId"] = PatientId,
        ["measuredAt"] = Iso(At(day, hour)), ["valueC"] = c, ["operatorId"] = "nurse-1",
    });

    public void Lab(int day, int hour, string test, decimal value, decimal upperLimit, string unit) => _entries.Add(new JsonObject
    {
        ["type"] = "lab", ["id"] = $"{PatientId}-l{_entries.Count + 1}", ["patientId"] = PatientId,
        ["measuredAt"] = Iso(At(day, hour)), ["test"] = test, ["value"] = value, ["unit"] = unit, ["upperLimit"] = upperLimit,
    });

    public void Action(string type, string alertId, DateTimeOffset at, string actor, string? reason = null)
    {
        var a = new JsonObject { ["type"] = type, ["alertId"] = alertId, ["at"] = Iso(at), ["actor"] = actor };
        if (reason is not null)
        {
            a["reason"] = reason;
        }

        _actions.Add(a);
    }

    public void Outcome(string alertId, DateTimeOffset at, DateTimeOffset scannedAt, string outcome, string actor) => _actions.Add(new JsonObject
    {
        ["type"] = "outcome", ["alertId"] = alertId, ["at"] = Iso(at), ["actor"] = actor, ["outcome"] = outcome, ["scannedAt"] = Iso(scannedAt),
    });

    public string ReadingsJsonl() => string.Concat(Lines.Select(l => l + "\n"));

    public string PatientsJson() => new JsonObject
    {
        ["patients"] = new JsonArray(new JsonObject
        {
            ["id"] = PatientId, ["injuryDate"] = InjuryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["injuryType"] = InjuryType, ["riskFactors"] = new JsonArray("male"), ["ward"] = "ward-a",
        }),
        ["assignments"] = new JsonArray(new JsonObject
        {
            ["unitId"] = UnitId, ["patientId"] = PatientId, ["start"] = Iso(At(0, 0)), ["end"] = null,
        }),
        ["entries"] = _entries.DeepClone(),
        ["actions"] = _actions.DeepClone(),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
