using System.Globalization;
using System.Text.Json;
using Bunit;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Components.Board;
using NmoPoc.Host.Components.Charts;
using NmoPoc.Host.Components.Shared;
using NmoPoc.Host.Dashboard;
using NmoPoc.Screening;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>The chart's geometry and accessibility, rendered with bUnit.</summary>
public sealed class TrendChartTests : BunitContext
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly ChartLine[] Lines =
    [
        new(ChartLineKind.Watch, "WATCH (W-T) 0.7 °C", 0.7m),
        new(ChartLineKind.Refer, "REFER (R1, 2 days) 1.0 °C", 1.0m),
    ];

    private static ChartSeries Warmth(params ChartPoint[] points) =>
        new("Excess warmth, right hip", "Excess warmth", "°C", points, 0m, "own baseline", Lines, null, null);

    private static double Attr(AngleSharp.Dom.IElement e, string name) => double.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void A_value_at_a_threshold_is_drawn_on_the_threshold_line()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var cut = Render<TrendChart>(p => p
            .Add(c => c.Series, Warmth(new(t0, 0.2m, false, "r1"), new(t0.AddDays(1), 0.7m, false, "r2"), new(t0.AddDays(2), 1.0m, false, "r3")))
            .Add(c => c.TimeZone, Berlin));

        var watchLine = cut.Find("line.threshold[data-kind=watch]");
        var referLine = cut.Find("line.threshold[data-kind=refer]");
        Assert.Equal(Attr(watchLine, "y1"), Attr(cut.Find("circle[data-id=r2]"), "cy"));
        Assert.Equal(Attr(referLine, "y1"), Attr(cut.Find("circle[data-id=r3]"), "cy"));
        Assert.True(Attr(cut.Find("circle[data-id=r1]"), "cy") > Attr(watchLine, "y1"), "0.2 °C is below (drawn lower than) the WATCH line");
        Assert.Equal(Attr(cut.Find("line.baseline"), "y1"), cut.Instance.Geometry.Y(0m));
        // Lines are told apart by dash pattern and text, not only colour.
        Assert.NotEqual(watchLine.GetAttribute("stroke-dasharray"), referLine.GetAttribute("stroke-dasharray"));
        Assert.Contains(cut.FindAll("text.threshold-label"), e => e.TextContent.StartsWith("WATCH", StringComparison.Ordinal));
        Assert.Contains(cut.FindAll("text.threshold-label"), e => e.TextContent.StartsWith("REFER", StringComparison.Ordinal));
    }

    [Fact]
    public void Time_ticks_fall_on_ward_midnights_across_the_spring_DST_change()
    {
        // Europe/Berlin moves from UTC+1 to UTC+2 at 02:00 on Sunday 29 March 2026: that ward day has 23 hours.
        var from = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
        var cut = Render<TrendChart>(p => p
            .Add(c => c.Series, Warmth(new(from, 0.1m, false, "a"), new(to, 0.2m, false, "b")))
            .Add(c => c.TimeZone, Berlin).Add(c => c.From, from).Add(c => c.To, to));

        var ticks = cut.FindAll("line.x-tick").Select(e => (At: DateTimeOffset.Parse(e.GetAttribute("data-at")!, CultureInfo.InvariantCulture), X: Attr(e, "x1"))).ToList();
        Assert.Equal(5, ticks.Count); // 28, 29, 30, 31 March and 1 April, 00:00 ward time
        Assert.All(ticks, t => Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(t.At, Berlin).TimeOfDay));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), ticks[1].At); // 29 Mar 00:00 CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), ticks[2].At); // 30 Mar 00:00 CEST
        var normalDay = ticks[1].X - ticks[0].X;
        var dstDay = ticks[2].X - ticks[1].X;
        Assert.Equal(23.0 / 24.0, dstDay / normalDay, 2);
        Assert.Equal(["Sat 28 Mar", "Sun 29 Mar", "Mon 30 Mar", "Tue 31 Mar", "Wed 1 Apr"], cut.FindAll("text.x-tick-label").Select(e => e.TextContent));
    }

    [Fact]
    public void Axis_labels_name_units_and_zone_and_a_hidden_table_lists_every_point()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var cut = Render<TrendChart>(p => p
            .Add(c => c.Series, Warmth(new(t0, 0.4m, false, "r1"), new(t0.AddDays(1), 1.2m, true, "r2", "failed the quality gate: rest period too short")))
            .Add(c => c.TimeZone, Berlin));

        Assert.Equal("Excess warmth (°C)", cut.Find("text.y-label").TextContent);
        Assert.Equal("Date and time (Europe/Berlin)", cut.Find("text.x-label").TextContent);
        var svg = cut.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        var ids = svg.GetAttribute("aria-labelledby")!.Split(' ');
        Assert.Equal("Excess warmth, right hip", cut.Find($"title#{ids[0]}").TextContent);
        var desc = cut.Find($"desc#{ids[1]}").TextContent;
        Assert.Contains("2 point(s)", desc);
        Assert.Contains("1 point(s) failed the quality gate", desc);
        Assert.Contains("WATCH (W-T) 0.7 °C: line at 0.7 °C", desc);

        var rows = cut.FindAll("table.chart-data tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Mon 2 Mar 09:00", rows[0].Children[0].TextContent); // ward time (UTC+1)
        Assert.Equal("0.4 °C", rows[0].Children[1].TextContent);
        Assert.StartsWith("failed the quality gate, not used", rows[1].Children[2].TextContent);

        // The quality-failed point is hollow and not part of the line.
        var failed = cut.Find("circle[data-id=r2]");
        Assert.Contains("failed", failed.ClassName);
        Assert.Equal("#ffffff", failed.GetAttribute("fill"));
        Assert.Empty(cut.FindAll("polyline.series-line")); // one valid point: no line
    }

    [Fact]
    public void A_band_is_shaded_between_its_values()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var series = new ChartSeries("Flexion, left hip", "Flexion", "°", [new(t0, 111m, false, "a"), new(t0.AddDays(1), 104m, false, "b")],
            111m, "baseline 111°", [], new ChartBand("baseline ± MDC 11°", 100m, 122m), null);
        var cut = Render<TrendChart>(p => p.Add(c => c.Series, series).Add(c => c.TimeZone, Berlin));

        var band = cut.Find("rect.band");
        var g = cut.Instance.Geometry;
        Assert.Equal(g.Y(122m), Attr(band, "y"));
        Assert.Equal(g.Y(100m) - g.Y(122m), Attr(band, "height"), 2);
        Assert.Equal("Flexion (°)", cut.Find("text.y-label").TextContent);
        Assert.Single(cut.FindAll("polyline.series-line"));
    }
}

public sealed class BedTileTests : BunitContext
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static BedOccupant Occupant(TileLevel level, params TileBadge[] badges) => new(
        4, "NHO-0042", 23, new UnitSummary("unit-7", false, "heartbeatTimeout", 18, null),
        new RoundSummary(new DateTimeOffset(2026, 3, 2, 7, 30, 0, TimeSpan.Zero), true, null, true, "baseline established", -1.1m, 1.1m, 0.7m, 1.0m),
        [new FlexionSummary(HipSide.Left, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), 99m, 111m, 12m, true, null, 10m)],
        new DueSummary(DueStatus.Overdue, 0, 2, TimeSpan.FromHours(5), null, SchedulePhase.Daily),
        badges, level, 1);

    [Fact]
    public void Level_and_badges_are_text_as_well_as_colour()
    {
        var occupant = Occupant(TileLevel.Refer,
            new TileBadge("refer", "REFER", ["R1 right hip, open"]),
            new TileBadge("watch", "WATCH 2", ["W-T right hip, open", "W-R left hip, open"]),
            new TileBadge("technical", "Offline", ["Unit unit-7 offline"]));
        var cut = Render<BedTile>(p => p.Add(c => c.Bed, new BedTileModel(1, "3", occupant)).Add(c => c.TimeZone, Berlin));

        Assert.Equal("refer", cut.Find("article").GetAttribute("data-level"));
        Assert.Equal("▲ REFER", cut.Find(".level").TextContent.Trim());
        Assert.Equal(["REFER", "WATCH 2", "Offline"], cut.FindAll("li.badge").Select(b => b.TextContent));
        Assert.Contains("NHO-0042", cut.Find(".patient a").TextContent);
        Assert.Contains("day 23 after injury", cut.Find(".patient").TextContent);
        Assert.Contains("offline (no heartbeat)", cut.Find(".unit").TextContent);
        Assert.Contains("battery 18 %", cut.Find(".unit").TextContent);
        Assert.Equal("Last round Mon 2 Mar 08:30: excess warmth left −1.1 °C, right +1.1 °C (at or above the REFER threshold 1.0 °C)", cut.Find(".round").TextContent);
        Assert.Equal("Flexion left 99° (baseline 111°, loss 12°, at or above the WATCH loss threshold 10°)", cut.Find(".flexion").TextContent);
        Assert.Equal("Overdue: temperature round overdue, 2 ROM overdue (up to 5 h late)", cut.Find(".due").TextContent);
    }

    [Fact]
    public void An_empty_bed_is_an_empty_tile_and_a_quiet_bed_says_no_alert()
    {
        var empty = Render<BedTile>(p => p.Add(c => c.Bed, new BedTileModel(2, "4", null)).Add(c => c.TimeZone, Berlin));
        Assert.Equal("Empty bed", empty.Find(".empty").TextContent);
        Assert.Empty(empty.FindAll("li.badge"));

        var quiet = Render<BedTile>(p => p.Add(c => c.Bed, new BedTileModel(3, "5", Occupant(TileLevel.Normal))).Add(c => c.TimeZone, Berlin));
        Assert.Equal("✓ No alert", quiet.Find(".level").TextContent.Trim());
        Assert.Empty(quiet.FindAll("ul.badges"));
    }
}

public sealed class AlertExplanationTests : BunitContext
{
    private static StoredAlert Alert(string findingsJson) => new(
        12, "k", AlertClass.Clinical, 4, null, "right", "refer", "R1", "open", DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, "none", 1,
        "REFER right hip (rule R1, rule set v1): excess warmth 1.1 °C on two consecutive days.", findingsJson, null, null, "v1", null, "lib-k");

    [Fact]
    public void The_sentence_is_shown_and_the_structured_findings_are_one_click_away()
    {
        var at = new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero);
        var finding = new Finding(RuleId.R1, AlertLevel.Refer, HipSide.Right, "v1",
            [new EvidenceReading("unit-1/1/5", "temperatureRound", at, at.ToOffset(TimeSpan.FromHours(1)), "b123", [new Quantity("T(right)", 34.5m, "Cel")])],
            ["unit-1/1/1", "unit-1/1/2", "unit-1/1/3"], [new Quantity("baseline ΔT(right)", 0.3m, "Cel")], [new Quantity("E(right)", 1.1m, "Cel")],
            [new Quantity("R1 excess warmth", 1.0m, "Cel"), new Quantity("R1 consecutive ward days", 2, "d")], new FindingMeasures(1.1m, [null, null, null, null]), "The sentence.");
        var cut = Render<AlertExplanation>(p => p.Add(c => c.Alert, Alert(JsonSerializer.Serialize(new[] { finding }, AlertsWorker.Json))));

        Assert.StartsWith("REFER right hip (rule R1", cut.Find("p.explanation").TextContent);
        var details = cut.Find("details.findings");
        Assert.False(details.HasAttribute("open"), "collapsed until clicked");
        Assert.Equal("Findings: R1 (rule set v1, 1 finding(s))", cut.Find("details.findings summary").TextContent);
        Assert.Equal("R1 · REFER · right hip · rule set v1", cut.Find("section.finding h4").TextContent);
        Assert.Contains("Tue 3 Mar 2026 09:00", cut.Find("table.readings tbody").TextContent);
        Assert.Contains("T(right) 34.5 °C", cut.Find("table.readings tbody").TextContent);
        var dd = cut.FindAll("section.finding dd").Select(d => d.TextContent).ToList();
        Assert.Equal("baseline ΔT(right) 0.3 °C (from unit-1/1/1, unit-1/1/2, unit-1/1/3)", dd[0]);
        Assert.Equal("E(right) 1.1 °C", dd[1]);
        Assert.Equal("R1 excess warmth 1 °C, R1 consecutive ward days 2 days", dd[2]);
    }

    [Fact]
    public void Unreadable_findings_are_shown_as_stored_not_hidden()
    {
        var cut = Render<AlertExplanation>(p => p.Add(c => c.Alert, Alert("{not json")));
        Assert.Equal("{not json", cut.Find("details.findings pre").TextContent);
    }
}
