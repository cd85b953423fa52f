using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

// The persisted form of a patient's screening state. Everything here is bounded: a fixed number of baseline
// entries, one run start per rule and movement, the latest few findings. No list grows with history.
// Public fields on internal types keep the JSON form plain; only PatientScreeningState is public.

internal sealed class StateData
{
    public const int CurrentFormat = 1;

    public int Format = CurrentFormat;
    public PatientContext Patient = null!;
    /// <summary>Latest measured-at of a used reading (temperature, ROM, re-seat): readings must not go back in time.</summary>
    public DateTimeOffset? LastReadingAt;
    /// <summary>Latest measured-at of anything used, including fever and labs.</summary>
    public DateTimeOffset? LastObservationAt;
    public BaselineData Temperature = new();
    /// <summary>Index = hip * 4 + movement.</summary>
    public BaselineData[] Rom = Enumerable.Range(0, 8).Select(_ => new BaselineData()).ToArray();
    public HipData[] Hips = { new(), new() };
    public Ev? LastFever;
    public Ev? LastRaisedLab;
    public DateTimeOffset? LastReseatAt;
    public string? LastReseatId;
    public long Used;
    public long Excluded;
    public long Rejected;
}

internal sealed class BaselineData
{
    public List<BaselineEntry> Entries = new();
    public bool Established;
    /// <summary>Temperature: baseline ΔT(right) = T(right) − T(left). ROM: baseline angle.</summary>
    public decimal Value;
    public decimal LeftC;
    public decimal RightC;
}

internal sealed class BaselineEntry
{
    public string Id = "";
    public DateTimeOffset At;
    public DateOnly Day;
    public decimal Value;
    public decimal LeftC;
    public decimal RightC;
}

internal enum EvKind
{
    Round,
    Rom,
    Fever,
    Lab,
}

/// <summary>A compact copy of one reading as one hip saw it: what an explanation needs, nothing more.</summary>
internal sealed class Ev
{
    public EvKind Kind;
    public string Id = "";
    public DateTimeOffset At;
    public DateOnly Day;
    public string Op = "";
    public HipSide Hip;
    // Round, from this hip's point of view.
    public decimal LeftC;
    public decimal RightC;
    public decimal AmbientC;
    public decimal DeltaT;
    public decimal E;
    public decimal RiseLeftC;
    public decimal RiseRightC;
    // ROM.
    public Movement Movement;
    public decimal RomDeg;
    public decimal RomBaselineDeg;
    public decimal LossDeg;
    // Fever and labs.
    public decimal Value;
    public LabTest Test;
    public string Unit = "";
    public decimal? UpperLimit;
    public bool? Flagged;
    /// <summary>For the WATCH sign R6 uses: which WATCH rule it was.</summary>
    public RuleId SignRule;
}

internal sealed class AlertData
{
    public string Id = "";
    public HipSide Hip;
    public AlertLevel Level;
    public AlertStatus Status;
    public RuleId RaisedBy;
    public DateTimeOffset RaisedAt;
    public DateTimeOffset? AcknowledgedAt;
    public DateTimeOffset LastChangedAt;
    /// <summary>Raise time or the latest clinician action: actions must not go back before it. Evidence does not move it.</summary>
    public DateTimeOffset LastActionAt;
    public int EvidenceCount;
    public decimal? MaxE;
    public decimal?[] MaxLoss = new decimal?[4];
}

internal enum BlockKind
{
    Dismissed,
    NegativeUltrasound,
    Diagnosed,
}

/// <summary>Why new REFERs on a hip are held back, until when, and the evidence they must beat.</summary>
internal sealed class BlockData
{
    public BlockKind Kind;
    public string SourceAlertId = "";
    public DateTimeOffset Since;
    public string By = "";
    public string Why = "";
    public DateTimeOffset? Until;
    public DateOnly? UntilDay;
    public decimal RefE;
    public decimal[] RefLoss = new decimal[4];
}

internal sealed class HipData
{
    public decimal? LatestE;
    public decimal?[] LatestLoss = new decimal?[4];

    // R1: run of consecutive qualifying days; latest qualifying round of each of the last N days.
    public DateOnly? R1LastDay;
    public int R1Run;
    public List<Ev> R1Days = new();

    // R2: per movement, the first qualifying session of the current unbroken run of qualifying sessions.
    public Ev?[] R2Start = new Ev?[4];

    // R3: first session of the current unbroken run of flexion below the limit.
    public Ev? R3Start;

    // R4: latest round with warmth and latest session with loss at the R4 thresholds.
    public Ev? R4Warm;
    public Ev? R4Loss;

    // R5: the first qualifying round of the current ward day.
    public DateOnly? R5Day;
    public Ev? R5First;

    // R6: the latest WATCH sign.
    public Ev? LastWatchSign;

    // WATCH. Kind index: 0 temperature, 1 flexion, 2 abduction, 3 internal rotation.
    public AlertData? Watch;
    public int WatchCount;
    public DateTimeOffset? LastSignAt;
    public bool[] Signalled = new bool[4];
    public DateTimeOffset?[] LastNormalAt = new DateTimeOffset?[4];

    // REFER.
    public AlertData? Refer;
    public int ReferCount;
    public BlockData? Block;
}
