using System.Globalization;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Alerts;

namespace NmoPoc.Host.Dashboard;

/// <summary>
/// Times as people on the ward read and type them: in the ward's time zone (NmoPoc:Alerts:WardTimeZone), stored in UTC.
/// Inputs use the browser's datetime-local format (yyyy-MM-ddTHH:mm).
/// </summary>
public sealed class WardTime(IOptions<AlertOptions> options)
{
    private static readonly string[] InputFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fff"];

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.WardTimeZone);

    /// <summary>The zone's IANA id, shown next to every time input and column.</summary>
    public string ZoneId => options.Value.WardTimeZone;

    public DateTimeOffset ToWard(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public string Format(DateTimeOffset? utc) => utc is { } t ? ToWard(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "–";

    /// <summary>The value for a datetime-local input.</summary>
    public string ToInput(DateTimeOffset utc) => ToWard(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a ward-local time. A time skipped by the spring DST change is refused; an autumn time that occurs
    /// twice is read as the first (summer time) one.
    /// </summary>
    public bool TryParse(string? input, string field, out DateTimeOffset utc, out string? error)
    {
        utc = default;
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = $"{field} is required (date and time in {ZoneId}).";
            return false;
        }

        if (!DateTime.TryParseExact(input.Trim(), InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = $"{field} must be a date and time like 2026-03-14T08:30 ({ZoneId}); got '{input}'.";
            return false;
        }

        if (Zone.IsInvalidTime(local))
        {
            error = $"{field} {local:yyyy-MM-dd HH:mm} does not exist in {ZoneId} (the clocks skip it); pick a time outside the change.";
            return false;
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        utc = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }
}
