using System.Globalization;

namespace NmoPoc.Host.Components.Charts;

/// <summary>A tick on an axis: where (in SVG units) and its label.</summary>
public readonly record struct AxisTick(double Position, string Label, DateTimeOffset? At = null);

/// <summary>
/// Maps times and values to SVG coordinates for <see cref="TrendChart"/>, and picks readable ticks: the time axis
/// ticks on local midnights of the ward's time zone (so across a DST change a tick is still at 00:00 ward time).
/// </summary>
public sealed class ChartGeometry
{
    public const double Left = 64, Right = 200, Top = 16, Bottom = 44;

    public ChartGeometry(double width, double height, DateTimeOffset from, DateTimeOffset to, decimal min, decimal max)
    {
        Width = width;
        Height = height;
        From = from;
        To = to > from ? to : from.AddHours(1);
        Min = min;
        Max = max > min ? max : min + 1;
    }

    public double Width { get; }

    public double Height { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public decimal Min { get; }

    public decimal Max { get; }

    public double PlotLeft => Left;

    public double PlotRight => Width - Right;

    public double PlotTop => Top;

    public double PlotBottom => Height - Bottom;

    public double X(DateTimeOffset t) => Math.Round(PlotLeft + ((t - From).TotalSeconds / (To - From).TotalSeconds * (PlotRight - PlotLeft)), 2);

    public double Y(decimal v) => Math.Round(PlotBottom - ((double)(v - Min) / (double)(Max - Min) * (PlotBottom - PlotTop)), 2);

    /// <summary>The value range to draw: every value, padded by a tenth (at least <paramref name="minSpan"/> wide).</summary>
    public static (decimal Min, decimal Max) Range(IEnumerable<decimal> values, decimal minSpan)
    {
        var v = values.ToList();
        if (v.Count == 0)
        {
            return (0, minSpan);
        }

        decimal lo = v.Min(), hi = v.Max();
        if (hi - lo < minSpan)
        {
            var mid = (hi + lo) / 2;
            lo = mid - (minSpan / 2);
            hi = mid + (minSpan / 2);
        }

        var pad = (hi - lo) / 10;
        return (lo - pad, hi + pad);
    }

    /// <summary>Time range of the points, widened to at least a day so a single reading still has an axis.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) TimeRange(IEnumerable<DateTimeOffset> times)
    {
        var t = times.ToList();
        if (t.Count == 0)
        {
            var now = DateTimeOffset.UtcNow;
            return (now.AddDays(-1), now);
        }

        DateTimeOffset from = t.Min(), to = t.Max();
        if (to - from < TimeSpan.FromDays(1))
        {
            var mid = from + ((to - from) / 2);
            from = mid.AddHours(-12);
            to = mid.AddHours(12);
        }

        var pad = (to - from) / 20;
        return (from - pad, to + pad);
    }

    /// <summary>
    /// Ticks at local midnights (every n-th day so at most <paramref name="maxTicks"/>); with fewer than two
    /// midnights in range, every 6 hours local instead. Labels are ward-local ("Sun 29 Mar", "06:00").
    /// </summary>
    public IReadOnlyList<AxisTick> TimeTicks(TimeZoneInfo zone, int maxTicks = 8)
    {
        var ticks = new List<AxisTick>();
        var midnights = LocalMidnights(zone).ToList();
        if (midnights.Count >= 2)
        {
            var step = (int)Math.Ceiling(midnights.Count / (double)maxTicks);
            for (var i = 0; i < midnights.Count; i += step)
            {
                var m = midnights[i];
                ticks.Add(new AxisTick(X(m), TimeZoneInfo.ConvertTime(m, zone).ToString("ddd d MMM", CultureInfo.InvariantCulture), m));
            }

            return ticks;
        }

        var local = TimeZoneInfo.ConvertTime(From, zone);
        var start = local.Date.AddHours(local.Hour - (local.Hour % 6));
        for (var d = start; ; d = d.AddHours(6))
        {
            var at = ToInstant(d, zone);
            if (at > To)
            {
                break;
            }

            if (at >= From)
            {
                var label = d.Hour == 0 ? d.ToString("ddd d MMM", CultureInfo.InvariantCulture) : d.ToString("HH:mm", CultureInfo.InvariantCulture);
                ticks.Add(new AxisTick(X(at), label, at));
            }
        }

        return ticks;
    }

    /// <summary>Instants of 00:00 ward time within the range.</summary>
    public IEnumerable<DateTimeOffset> LocalMidnights(TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(From, zone).Date;
        for (; ; day = day.AddDays(1))
        {
            var at = ToInstant(day, zone);
            if (at > To)
            {
                yield break;
            }

            if (at >= From)
            {
                yield return at;
            }
        }
    }

    /// <summary>Five round y ticks within the range.</summary>
    public IReadOnlyList<AxisTick> ValueTicks(string format)
    {
        var span = (double)(Max - Min);
        var raw = span / 4;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(s => s * mag).First(s => s >= raw);
        var ticks = new List<AxisTick>();
        for (var v = Math.Ceiling((double)Min / step) * step; v <= (double)Max + 1e-9; v += step)
        {
            ticks.Add(new AxisTick(Y((decimal)v), v.ToString(format, CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    /// <summary>A ward-local wall-clock time as an instant; a time skipped by a DST change moves on to the first valid one.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
