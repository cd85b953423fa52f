using System.Globalization;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>Plain-language pieces of explanations: invariant numbers, ward-time dates, hip and movement names.</summary>
internal static class Text
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>At least one decimal, at most two: 1.0, 0.75, 15.0.</summary>
    public static string N(decimal v) => v.ToString("0.0#", Inv);

    public static string C(decimal v) => N(v) + " °C";

    public static string Deg(decimal v) => N(v) + "°";

    public static string Hours(TimeSpan t) => t.TotalHours.ToString("0.#", Inv) + " h";

    public static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0", Inv) + " min";

    public static string Day(DateOnly d) => d.ToString("d MMMM", Inv);

    public static string DayTime(DateTimeOffset wardTime) => wardTime.ToString("d MMMM HH:mm", Inv);

    public static string Clock(DateTimeOffset wardTime) => wardTime.ToString("HH:mm", Inv);

    public static string Hip(HipSide h) => h == HipSide.Left ? "Left hip" : "Right hip";

    public static string HipLower(HipSide h) => h == HipSide.Left ? "left hip" : "right hip";

    public static string Movement(Movement m) => m switch
    {
        Firmware.Measurement.Movement.Flexion => "flexion",
        Firmware.Measurement.Movement.Abduction => "abduction",
        Firmware.Measurement.Movement.InternalRotation => "internal rotation",
        _ => "external rotation",
    };

    public static string Lab(LabTest t) => t switch
    {
        LabTest.Crp => "CRP",
        LabTest.Alp => "ALP",
        _ => "CK",
    };

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>"3 and 4 March" when the days share a month, otherwise "31 March and 1 April".</summary>
    public static string Days(IReadOnlyList<DateOnly> days)
    {
        if (days.Count > 0 && days.All(d => d.Month == days[0].Month && d.Year == days[0].Year))
        {
            var nums = days.Select(d => d.Day.ToString(Inv)).ToArray();
            return List(nums) + " " + days[0].ToString("MMMM", Inv);
        }

        return List(days.Select(Day).ToArray());
    }

    public static string Rule(RuleId r, string version) => $"rule {Finding.Label(r)}, rule set {version}";
}
