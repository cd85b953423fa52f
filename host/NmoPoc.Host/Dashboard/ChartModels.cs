namespace NmoPoc.Host.Dashboard;

/// <summary>One measured value on a trend chart. Quality-failed points are shown (hollow) and were never used by a rule.</summary>
public sealed record ChartPoint(DateTimeOffset At, decimal Value, bool QualityFailed, string SourceId, string? Note = null);

public enum ChartLineKind
{
    Watch,
    Refer,
}

/// <summary>A horizontal threshold line, labelled with text (never colour alone).</summary>
public sealed record ChartLine(ChartLineKind Kind, string Label, decimal Value);

/// <summary>A shaded band, e.g. baseline ± the minimal detectable change.</summary>
public sealed record ChartBand(string Label, decimal Low, decimal High);

/// <summary>Everything one trend chart draws. <see cref="Unit"/> is what the y values are in (°C, °).</summary>
public sealed record ChartSeries(
    string Title,
    string YLabel,
    string Unit,
    IReadOnlyList<ChartPoint> Points,
    decimal? Baseline,
    string BaselineLabel,
    IReadOnlyList<ChartLine> Thresholds,
    ChartBand? Band,
    string? Note);
