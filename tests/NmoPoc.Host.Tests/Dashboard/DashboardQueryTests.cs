using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Alerts;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Units;
using NmoPoc.Screening;
using static NmoPoc.Host.Tests.Alerts.AlertFixture;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>The dashboard's queries against the real host (MQTT ingest, screening, SQLite) with a fake clock.</summary>
public sealed class DashboardQueryTests : IAsyncLifetime
{
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private T Get<T>() where T : notnull => _f.Host.Services.GetRequiredService<T>();

    /// <summary>Ward "A" with beds 1 and 2; a patient with a unit on bed 1, baseline (+0.3 °C), then the right hip 1.1 °C warmer on day 2.</summary>
    private async Task<(Ward Ward, long Patient, string Unit)> WarmRightHipAsync()
    {
        var clinical = Get<IClinicalStore>();
        var ward = await clinical.AddWardAsync("A");
        var bed1 = await clinical.AddBedAsync(ward.Id, "1");
        await clinical.AddBedAsync(ward.Id, "2");
        var (patient, unit) = await _f.PatientWithUnitAsync("board", bed1.Id);
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.ScreenedAsync(unit);
        await _f.WaitForAlertAsync(patient, a => a.Level == "watch", "WATCH");
        return (ward, patient, unit);
    }

    private Task RomAsync(string unit, DateTimeOffset at, double deg, bool valid = true) =>
        _f.PublishAsync(unit, "readings", seq =>
        {
            var m = Messages.Rom(unit, 1, seq, at);
            m["repetitionsDeg"] = valid ? new JsonArray(deg, deg + 1, deg - 1) : new JsonArray(deg, deg + 20, deg - 20);
            m["medianDeg"] = deg;
            m["spreadDeg"] = valid ? 2.0 : 40.0;
            m["valid"] = valid;
            if (!valid)
            {
                m["qualityFlags"] = new JsonArray("spreadTooLarge");
            }

            return m;
        }, at);

    [Fact]
    public async Task Board_shows_one_tile_per_bed_with_excess_warmth_against_the_baseline_and_badges()
    {
        var (ward, patient, unit) = await WarmRightHipAsync();

        var board = await Get<WardBoardQuery>().GetAsync(null);

        Assert.NotNull(board);
        Assert.Equal(ward.Id, board.Ward.Id);
        Assert.Equal(["1", "2"], board.Beds.Select(b => b.BedLabel));
        Assert.Null(board.Beds[1].Occupant); // the empty bed is an empty tile
        var o = board.Beds[0].Occupant!;
        Assert.Equal(patient, o.PatientId);
        Assert.Equal("p-board", o.Pseudonym);
        Assert.Equal(21, o.DaysSinceInjury); // injured 10 Feb, now 3 Mar (ward time)
        Assert.Equal(unit, o.Unit!.UnitId);
        var view = (await Get<UnitStateService>().GetAsync(unit))!;
        Assert.Equal((view.Online, view.BatteryPct), (o.Unit.Online, o.Unit.BatteryPct));

        var round = o.LastRound!;
        Assert.Equal(Day0.AddDays(2), round.MeasuredAt);
        Assert.True(round.QualityPassed);
        Assert.True(round.BaselineEstablished);
        Assert.Equal(1.1m, round.RightExcessC); // ΔT(right) 1.4 − baseline 0.3
        Assert.Equal(-1.1m, round.LeftExcessC);
        Assert.Equal((0.7m, 1.0m), (round.WatchAtC, round.ReferAtC));

        Assert.Equal(TileLevel.Watch, o.Level);
        var badge = Assert.Single(o.Badges, b => b.Kind == "watch");
        Assert.Equal("WATCH", badge.Text);
        Assert.DoesNotContain(o.Badges, b => b.Kind == "refer");
        Assert.Contains(board.UnitIds, u => u == unit);
    }

    [Fact]
    public async Task Board_shows_flexion_against_its_baseline_and_what_is_due()
    {
        var clinical = Get<IClinicalStore>();
        var ward = await clinical.AddWardAsync("B");
        var bed = await clinical.AddBedAsync(ward.Id, "7");
        var (_, unit) = await _f.PatientWithUnitAsync("rom", bed.Id);
        await RomAsync(unit, Day0, 111);
        await RomAsync(unit, Day0.AddHours(6), 113);
        await RomAsync(unit, Day0.AddDays(1), 109);
        await RomAsync(unit, Day0.AddDays(2), 99);
        await _f.ScreenedAsync(unit);

        var o = (await Get<WardBoardQuery>().GetAsync(ward.Id))!.Beds.Single().Occupant!;
        var left = Assert.Single(o.Flexion);
        Assert.Equal(HipSide.Left, left.Hip);
        Assert.Equal((99m, 111m, 12m), (left.ValueDeg, left.BaselineDeg, left.LossDeg));
        // No temperature round ever: due since the injury date, long overdue.
        Assert.Null(o.LastRound);
        Assert.Equal(DueStatus.Overdue, o.Due.Round);
        Assert.True(o.Due.AnyOverdue);
        Assert.Null(await Get<WardBoardQuery>().GetAsync(ward.Id + 100));
    }

    [Fact]
    public async Task Patient_chart_has_warmth_per_hip_with_thresholds_and_quality_failed_points_flagged()
    {
        var (_, patient, unit) = await WarmRightHipAsync();
        // A round in a too-warm room: shown, flagged, never used.
        await _f.PublishAsync(unit, "readings", seq =>
        {
            var m = Messages.Temperature(unit, 1, seq, Day0.AddDays(2).AddHours(2), 33.1, 35.5);
            m["ambientTempC"] = 29.0;
            return m;
        }, Day0.AddDays(2).AddHours(2));
        await RomAsync(unit, Day0, 111);
        await RomAsync(unit, Day0.AddHours(6), 113);
        await RomAsync(unit, Day0.AddDays(1), 109);
        await RomAsync(unit, Day0.AddDays(2), 80, valid: false);
        await _f.ScreenedAsync(unit);

        var chart = (await Get<PatientChartQuery>().GetAsync(patient))!;

        Assert.Equal("v1", chart.RuleSetVersion);
        Assert.Equal(0.3m, chart.TemperatureBaseline!.Asymmetry.Value);
        var right = chart.Warmth[1];
        Assert.Equal("°C", right.Unit);
        Assert.Equal(0m, right.Baseline);
        Assert.Equal([0.7m, 1.0m], right.Thresholds.Select(t => t.Value));
        Assert.Contains("WATCH", right.Thresholds[0].Label);
        Assert.Contains("REFER", right.Thresholds[1].Label);
        Assert.Equal(5, right.Points.Count);
        Assert.Equal(1.1m, right.Points[3].Value);
        var failed = right.Points[4];
        Assert.True(failed.QualityFailed);
        Assert.Equal(2.1m, failed.Value);
        Assert.Contains("room temperature", failed.Note);
        Assert.Equal(-1.1m, chart.Warmth[0].Points[3].Value);

        var flexLeft = chart.Rom.Single(s => s.Title == "Flexion, left hip");
        Assert.Equal(111m, flexLeft.Baseline);
        Assert.Equal((100m, 122m), (flexLeft.Band!.Low, flexLeft.Band.High)); // MDC 11°
        Assert.Equal([101m, 96m], flexLeft.Thresholds.Select(t => t.Value)); // W-R 10°, R2 15° below baseline
        Assert.Equal(4, flexLeft.Points.Count);
        Assert.True(flexLeft.Points[3].QualityFailed);
        Assert.Empty(chart.Rom.Single(s => s.Title == "Flexion, right hip").Points);

        var watch = Assert.Single(chart.Alerts);
        Assert.Equal("watch", watch.Alert.Level);
        Assert.NotEmpty(watch.Audit);
        Assert.Equal(chart.Schedule.DayAfterInjury, chart.DaysSinceInjury);
        Assert.Contains("complete spinal cord injury", chart.RiskSummary);
        Assert.Equal([unit], chart.UnitIds);
    }

    [Fact]
    public async Task Patient_chart_before_the_baseline_has_no_warmth_points_and_says_why()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("early");
        await _f.RoundAsync(unit, Day0);
        await _f.ScreenedAsync(unit);

        var chart = (await Get<PatientChartQuery>().GetAsync(patient))!;
        Assert.Empty(chart.Warmth[0].Points);
        Assert.Contains("1 of 3", chart.Warmth[0].Note);
        Assert.Null(await Get<PatientChartQuery>().GetAsync(patient + 100));
        Assert.Contains("not known", (await Get<PatientChartQuery>().GetAsync(patient, "v9"))!.RuleSetNote);
    }

    [Fact]
    public async Task Reports_count_alerts_per_100_patient_days_and_the_median_time_to_acknowledge()
    {
        var (_, patient, unit) = await WarmRightHipAsync();
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "REFER");
        _f.Clock.SetUtcNow(Day0.AddDays(3).AddHours(5));
        var ack = await _f.Host.Http.PostAsJsonAsync($"/api/alerts/{refer.Id}/acknowledge", new { actor = "dr-a" }, TestHost.Json);
        ack.EnsureSuccessStatusCode();

        var reports = await Get<ReportsQuery>().GetAsync();

        var a = Assert.Single(reports.Wards);
        Assert.Equal("A", a.Ward);
        // Assigned from day 0 − 1 h to now (day 3 + 5 h).
        Assert.Equal(Math.Round(3m + (6m / 24m), 2), a.PatientDays);
        Assert.Equal((1, 1), (a.Refer, a.Watch));
        Assert.Equal(Math.Round(100m / (3m + (6m / 24m)), 2), Math.Round(a.ReferPer100PatientDays!.Value, 2));
        // Raised at day 3 08:00 (measured), acknowledged at day 3 + 5 h on the host's clock.
        Assert.Equal(TimeSpan.FromHours(5), a.MedianTimeToAcknowledge);
        Assert.Equal(1, a.Acknowledged);
        Assert.Equal(1, reports.Rules.Single(r => r.Rule == "R1").Outcomes.Referrals);
        Assert.Equal(1, reports.AllRules.Outcomes.Pending);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Null(ReportsQuery.Median([]));
        Assert.Equal(TimeSpan.FromHours(2), ReportsQuery.Median([TimeSpan.FromHours(3), TimeSpan.FromHours(1)]));
        Assert.Equal(TimeSpan.FromHours(3), ReportsQuery.Median([TimeSpan.FromHours(9), TimeSpan.FromHours(1), TimeSpan.FromHours(3)]));
    }
}
