using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>
/// The monitoring schedule of rule set v1, section 3 [D]. Days count from the injury date (day 0) in ward
/// calendar days. Risk changes how often to measure, never a threshold.
/// </summary>
public sealed record ScheduleSettings
{
    public static ScheduleSettings Default { get; } = new();

    /// <summary>Days 0 to 13 build the baseline: measure daily (3 valid readings on 2 days are needed).</summary>
    public int BaselineUntilDay { get; init; } = 14;

    /// <summary>Daily measurement up to this day (exclusive) for standard risk.</summary>
    public int DailyUntilDay { get; init; } = 120;

    /// <summary>High risk: daily measurement continues up to this day (exclusive). [D]</summary>
    public int HighRiskDailyUntilDay { get; init; } = 180;

    /// <summary>Screening ends on this day (exclusive).</summary>
    public int EndDay { get; init; } = 365;

    /// <summary>After the daily period, standard risk: every 3rd day (2–3 times a week).</summary>
    public int LaterIntervalDays { get; init; } = 3;

    /// <summary>After the daily period, high risk: every 2nd day (3–4 times a week). [D]</summary>
    public int HighRiskLaterIntervalDays { get; init; } = 2;
}

public enum MeasurementKind
{
    /// <summary>A skin-temperature round over both hips.</summary>
    TemperatureRound,
    /// <summary>A ROM session of one movement of one hip.</summary>
    RomSession,
}

public enum DueStatus
{
    /// <summary>Measured recently enough; next due at <see cref="ScheduleItem.NextDueAt"/>.</summary>
    NotDue,
    /// <summary>Due today (ward day).</summary>
    Due,
    /// <summary>The ward day it was due on has ended without a measurement.</summary>
    Overdue,
    /// <summary>Screening has ended (day 365).</summary>
    Finished,
}

public enum SchedulePhase
{
    BeforeInjury,
    Baseline,
    Daily,
    Later,
    Finished,
}

/// <summary>One thing to measure: a temperature round (no hip, no movement) or one ROM movement of one hip.</summary>
public sealed record ScheduleItem(
    MeasurementKind Kind,
    HipSide? Hip,
    Movement? Movement,
    DueStatus Status,
    DateTimeOffset? LastMeasuredAt,
    DateOnly? DueDay,
    DateTimeOffset? NextDueAt,
    DateTimeOffset? OverdueFrom,
    TimeSpan? OverdueBy);

/// <summary>A patient's schedule at one evaluation time.</summary>
public sealed record PatientSchedule(
    string PatientId,
    DateTimeOffset EvaluatedAt,
    int DayAfterInjury,
    SchedulePhase Phase,
    bool HighRisk,
    string RiskReason,
    int? IntervalDays,
    IReadOnlyList<ScheduleItem> Items)
{
    public IEnumerable<ScheduleItem> Due => Items.Where(i => i.Status is DueStatus.Due or DueStatus.Overdue);

    /// <summary>The earliest next-due time over all items that are not yet due; null when all are due or finished.</summary>
    public DateTimeOffset? NextDueAt => Items.Where(i => i.Status == DueStatus.NotDue).Select(i => i.NextDueAt).Min();
}

/// <summary>
/// What is due, what is overdue (and by how long) and when the next measurement is due. Pure: the caller passes
/// the last valid measurement times, the evaluation time and the ward time zone.
/// <para>Rule: a measurement with interval N days taken on ward day D is next due on ward day D + N (from 00:00
/// ward time); it is overdue from 00:00 of the following ward day. The interval is that of the day it falls
/// due on (so daily readings up to day 119 give way to every 3rd day from day 120 on). Day starts follow the
/// ward's time zone across daylight-saving changes (a ward day can be 23 or 25 hours long). Never measured: due
/// from the monitoring start (default the injury date).</para>
/// </summary>
public static class MeasurementSchedule
{
    private static readonly Movement[] Movements = { Movement.Flexion, Movement.Abduction, Movement.InternalRotation, Movement.ExternalRotation };

    /// <summary>
    /// High risk [D]: autonomic dysregulation after brain injury (relative risk about 60), complete SCI (odds ratio
    /// 3.6), a urinary tract infection (3.8), or at least two of the other listed factors. Returns the reason.
    /// </summary>
    public static (bool HighRisk, string Reason) Risk(PatientContext p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.RiskFactors.HasFlag(RiskFactors.AutonomicDysregulation))
        {
            return (true, "autonomic dysregulation (relative risk about 60)");
        }

        if (p.InjuryType == InjuryType.SpinalCordInjuryComplete)
        {
            return (true, "complete spinal cord injury (odds ratio 3.6)");
        }

        if (p.RiskFactors.HasFlag(RiskFactors.UrinaryTractInfection))
        {
            return (true, "urinary tract infection (odds ratio 3.8)");
        }

        var others = new[] { RiskFactors.Smoking, RiskFactors.Pneumonia, RiskFactors.PressureUlcer, RiskFactors.Male, RiskFactors.Spasticity }
            .Where(f => p.RiskFactors.HasFlag(f)).ToList();
        return others.Count >= 2
            ? (true, $"{others.Count} risk factors ({string.Join(", ", others)})")
            : (false, others.Count == 1 ? $"standard: one risk factor ({others[0]})" : "standard: no listed risk factor");
    }

    /// <summary>Interval in days for a measurement falling due on <paramref name="day"/> after injury; null once screening has ended.</summary>
    public static int? IntervalOn(int day, bool highRisk, ScheduleSettings s)
    {
        if (day >= s.EndDay)
        {
            return null;
        }

        return day < (highRisk ? s.HighRiskDailyUntilDay : s.DailyUntilDay) ? 1
            : highRisk ? s.HighRiskLaterIntervalDays : s.LaterIntervalDays;
    }

    public static PatientSchedule For(
        PatientContext patient,
        DateTimeOffset? lastTemperatureRound,
        IReadOnlyDictionary<(HipSide Hip, Movement Movement), DateTimeOffset> lastRomSessions,
        DateTimeOffset evaluatedAt,
        TimeZoneInfo ward,
        ScheduleSettings? settings = null,
        DateOnly? monitoringStart = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(lastRomSessions);
        ArgumentNullException.ThrowIfNull(ward);
        var s = settings ?? ScheduleSettings.Default;
        var (high, reason) = Risk(patient);
        var today = WardDay(evaluatedAt, ward);
        var dayNo = today.DayNumber - patient.InjuryDate.DayNumber;
        var start = monitoringStart ?? patient.InjuryDate;

        var items = new List<ScheduleItem> { Item(MeasurementKind.TemperatureRound, null, null, lastTemperatureRound) };
        foreach (var hip in new[] { HipSide.Left, HipSide.Right })
        {
            foreach (var m in Movements)
            {
                items.Add(Item(MeasurementKind.RomSession, hip, m, lastRomSessions.TryGetValue((hip, m), out var t) ? t : null));
            }
        }

        var phase = dayNo < 0 ? SchedulePhase.BeforeInjury
            : dayNo < s.BaselineUntilDay ? SchedulePhase.Baseline
            : dayNo < (high ? s.HighRiskDailyUntilDay : s.DailyUntilDay) ? SchedulePhase.Daily
            : dayNo < s.EndDay ? SchedulePhase.Later
            : SchedulePhase.Finished;
        return new PatientSchedule(patient.PatientId, evaluatedAt, dayNo, phase, high, reason,
            IntervalOn(Math.Max(dayNo, 0), high, s), items);

        ScheduleItem Item(MeasurementKind kind, HipSide? hip, Movement? movement, DateTimeOffset? last)
        {
            DateOnly due;
            if (last is null)
            {
                due = start;
            }
            else
            {
                var lastDay = WardDay(last.Value, ward);
                due = lastDay.AddDays(1);
                while (true)
                {
                    var interval = IntervalOn(due.DayNumber - patient.InjuryDate.DayNumber, high, s);
                    if (interval is null || due.DayNumber - lastDay.DayNumber >= interval)
                    {
                        break;
                    }

                    due = due.AddDays(1);
                }
            }

            if (due.DayNumber - patient.InjuryDate.DayNumber >= s.EndDay)
            {
                return new ScheduleItem(kind, hip, movement, DueStatus.Finished, last, null, null, null, null);
            }

            var dueFrom = StartOfDay(due, ward);
            var overdueFrom = StartOfDay(due.AddDays(1), ward);
            var status = evaluatedAt < dueFrom ? DueStatus.NotDue : evaluatedAt < overdueFrom ? DueStatus.Due : DueStatus.Overdue;
            return new ScheduleItem(kind, hip, movement, status, last, due, dueFrom, overdueFrom,
                status == DueStatus.Overdue ? evaluatedAt - overdueFrom : null);
        }
    }

    public static DateOnly WardDay(DateTimeOffset at, TimeZoneInfo ward) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ward).DateTime);

    /// <summary>
    /// 00:00 ward time as an instant. A midnight inside a DST gap (some zones switch at 00:00) moves to the end of
    /// the gap; an ambiguous midnight takes its first occurrence.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo ward)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (ward.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = ward.IsAmbiguousTime(local) ? ward.GetAmbiguousTimeOffsets(local).Max() : ward.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
