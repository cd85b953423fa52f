namespace NmoPoc.Screening.Replay.Tests.Schedule;

public sealed class MeasurementScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly Dictionary<(HipSide, Movement), DateTimeOffset> NoRom = new();

    private static DateTimeOffset Local(int y, int mo, int d, int h, int mi = 0, int s = 0) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Unspecified), Berlin), TimeSpan.Zero);

    private static PatientContext Standard(DateOnly injury) => new("P", injury, InjuryType.Stroke);

    private static PatientContext HighRisk(DateOnly injury) => new("P", injury, InjuryType.SpinalCordInjuryComplete);

    private static ScheduleItem Round(PatientContext p, DateTimeOffset? last, DateTimeOffset at) =>
        MeasurementSchedule.For(p, last, NoRom, at, Berlin).Items[0];

    [Fact]
    public void DayBoundaries_DueFromMidnightOverdueFromNextMidnight()
    {
        var p = Standard(new DateOnly(2026, 1, 10));
        var last = Local(2026, 2, 1, 23, 59);                         // day 22, one minute before midnight
        Assert.Equal(DueStatus.NotDue, Round(p, last, Local(2026, 2, 1, 23, 59, 59)).Status);
        var due = Round(p, last, Local(2026, 2, 2, 0, 0));
        Assert.Equal(DueStatus.Due, due.Status);
        Assert.Equal(Local(2026, 2, 2, 0, 0), due.NextDueAt);
        Assert.Equal(DueStatus.Due, Round(p, last, Local(2026, 2, 2, 23, 59, 59)).Status);
        var overdue = Round(p, last, Local(2026, 2, 3, 0, 0));
        Assert.Equal((DueStatus.Overdue, TimeSpan.Zero), (overdue.Status, overdue.OverdueBy));
        Assert.Equal(TimeSpan.FromHours(9.5), Round(p, last, Local(2026, 2, 3, 9, 30)).OverdueBy);
    }

    [Fact]
    public void WardDayNotUtcDay_DecidesWhatWasMeasuredToday()
    {
        // 23:30 UTC on 28 February is 00:30 on 1 March in Berlin: that round counts for 1 March.
        var p = Standard(new DateOnly(2026, 2, 1));
        var last = new DateTimeOffset(2026, 2, 28, 23, 30, 0, TimeSpan.Zero);
        var r = Round(p, last, Local(2026, 3, 1, 12, 0));
        Assert.Equal(DueStatus.NotDue, r.Status);
        Assert.Equal(new DateOnly(2026, 3, 2), r.DueDay);
    }

    [Fact]
    public void SpringForward_23HourDay()
    {
        // Sunday 29 March 2026 has 23 hours in Berlin: due from 28 Mar 23:00 UTC, overdue from 29 Mar 22:00 UTC.
        var p = Standard(new DateOnly(2026, 3, 1));
        var r = Round(p, Local(2026, 3, 28, 9, 0), Local(2026, 3, 29, 12, 0));
        Assert.Equal(DueStatus.Due, r.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), r.NextDueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), r.OverdueFrom);
        var late = Round(p, Local(2026, 3, 28, 9, 0), Local(2026, 3, 30, 1, 0));
        Assert.Equal((DueStatus.Overdue, TimeSpan.FromHours(1)), (late.Status, late.OverdueBy));
    }

    [Fact]
    public void FallBack_25HourDay()
    {
        // Sunday 25 October 2026 has 25 hours: due from 24 Oct 22:00 UTC, overdue from 25 Oct 23:00 UTC.
        var p = Standard(new DateOnly(2026, 9, 1));
        var r = Round(p, Local(2026, 10, 24, 9, 0), Local(2026, 10, 25, 23, 30));
        Assert.Equal(DueStatus.Due, r.Status);
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), r.NextDueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero), r.OverdueFrom);
    }

    [Fact]
    public void StandardRisk_DailyToDay120_ThenEveryThirdDay_EndsAtDay365()
    {
        var injury = new DateOnly(2026, 1, 10);
        var p = Standard(injury);
        DateTimeOffset OnDay(int d, int h = 9) => Local(injury.AddDays(d).Year, injury.AddDays(d).Month, injury.AddDays(d).Day, h);

        Assert.Equal(injury.AddDays(119), Round(p, OnDay(118), OnDay(119)).DueDay);       // daily
        Assert.Equal(injury.AddDays(122), Round(p, OnDay(119), OnDay(120)).DueDay);       // 120, 121 fall in the later phase: 3 days
        Assert.Equal(injury.AddDays(125), Round(p, OnDay(122), OnDay(123)).DueDay);
        Assert.Equal(DueStatus.Finished, Round(p, OnDay(363), OnDay(364)).Status);         // 366 is past the end
        var s = MeasurementSchedule.For(p, OnDay(200), NoRom, OnDay(201), Berlin);
        Assert.Equal((SchedulePhase.Later, 3, false), (s.Phase, s.IntervalDays, s.HighRisk));
    }

    [Fact]
    public void HighRisk_DailyToDay180_ThenEverySecondDay()
    {
        var injury = new DateOnly(2026, 1, 10);
        var p = HighRisk(injury);
        DateTimeOffset OnDay(int d) => Local(injury.AddDays(d).Year, injury.AddDays(d).Month, injury.AddDays(d).Day, 9);

        Assert.Equal(injury.AddDays(120), Round(p, OnDay(119), OnDay(119)).DueDay);
        Assert.Equal(injury.AddDays(179), Round(p, OnDay(178), OnDay(178)).DueDay);      // still daily
        Assert.Equal(injury.AddDays(181), Round(p, OnDay(179), OnDay(179)).DueDay);      // 180 is in the later phase: 2 days
        Assert.Equal(injury.AddDays(182), Round(p, OnDay(180), OnDay(180)).DueDay);
        var s = MeasurementSchedule.For(p, OnDay(150), NoRom, OnDay(150), Berlin);
        Assert.Equal((SchedulePhase.Daily, 1, true), (s.Phase, s.IntervalDays, s.HighRisk));
    }

    [Theory]
    [InlineData(InjuryType.TraumaticBrainInjury, RiskFactors.AutonomicDysregulation, true)]
    [InlineData(InjuryType.SpinalCordInjuryIncomplete, RiskFactors.UrinaryTractInfection, true)]
    [InlineData(InjuryType.SpinalCordInjuryIncomplete, RiskFactors.Male | RiskFactors.Spasticity, true)]
    [InlineData(InjuryType.SpinalCordInjuryIncomplete, RiskFactors.Male, false)]
    [InlineData(InjuryType.Stroke, RiskFactors.None, false)]
    [InlineData(InjuryType.SpinalCordInjuryComplete, RiskFactors.None, true)]
    public void RiskSetsFrequencyOnly(InjuryType type, RiskFactors risks, bool high)
    {
        var (isHigh, reason) = MeasurementSchedule.Risk(new PatientContext("P", new DateOnly(2026, 1, 1), type, risks));
        Assert.Equal(high, isHigh);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void NeverMeasured_DueFromInjuryDay_OverdueSinceTheNext()
    {
        var p = Standard(new DateOnly(2026, 2, 1));
        var r = Round(p, null, Local(2026, 2, 4, 6, 0));
        Assert.Equal(DueStatus.Overdue, r.Status);
        Assert.Equal(TimeSpan.FromDays(2) + TimeSpan.FromHours(6), r.OverdueBy);  // since 2 Feb 00:00
    }

    [Fact]
    public void RomPerHipAndMovement_EachItsOwnClock()
    {
        var p = Standard(new DateOnly(2026, 2, 1));
        var rom = new Dictionary<(HipSide, Movement), DateTimeOffset>
        {
            [(HipSide.Left, Movement.Flexion)] = Local(2026, 2, 10, 10),
            [(HipSide.Right, Movement.Flexion)] = Local(2026, 2, 9, 10),
        };
        var s = MeasurementSchedule.For(p, Local(2026, 2, 10, 8), rom, Local(2026, 2, 10, 12), Berlin);
        Assert.Equal(9, s.Items.Count);
        Assert.Equal(DueStatus.NotDue, s.Items.Single(i => i.Kind == MeasurementKind.TemperatureRound).Status);
        Assert.Equal(DueStatus.NotDue, s.Items.Single(i => i.Hip == HipSide.Left && i.Movement == Movement.Flexion).Status);
        Assert.Equal(DueStatus.Due, s.Items.Single(i => i.Hip == HipSide.Right && i.Movement == Movement.Flexion).Status);
        Assert.Equal(DueStatus.Overdue, s.Items.Single(i => i.Hip == HipSide.Left && i.Movement == Movement.Abduction).Status);
        Assert.Equal(7, s.Due.Count());
        Assert.Equal(Local(2026, 2, 11, 0), s.NextDueAt);
    }
}
