using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>The worklist's order and labels, and the entry form's median and validation, without a browser.</summary>
public sealed class WorklistLogicTests
{
    private static readonly DateTimeOffset T = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static StoredAlert Refer(long id, DateTimeOffset raised, string escalation) => new(
        id, $"k{id}", AlertClass.Clinical, 1, null, "right", "refer", "R1", "open", raised, null, raised, escalation, 1, "", "[]", null, null, "v1", null, $"k{id}");

    [Fact]
    public void REFERs_are_ordered_by_escalation_stage_then_oldest_first()
    {
        var order = WorklistView.Order(
        [
            Refer(1, T.AddHours(5), "none"),
            Refer(2, T.AddHours(1), "attending"),
            Refer(3, T, "none"),
            Refer(4, T.AddHours(3), "unitLead"),
            Refer(5, T.AddHours(-2), "attending"),
        ]);

        Assert.Equal(new long[] { 4, 5, 2, 3, 1 }, order.Select(a => a.Id));
    }

    [Theory]
    [InlineData(0, "0 min")]
    [InlineData(59, "59 min")]
    [InlineData(61, "1 h 1 min")]
    [InlineData(24 * 60 + 125, "1 d 2 h")]
    [InlineData(-5, "0 min")]
    public void Age_reads_in_days_hours_or_minutes(int minutes, string expected) =>
        Assert.Equal(expected, WorklistView.Age(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("offline", "Unit offline")]
    [InlineData("calibrationExpired", "Calibration due")]
    [InlineData("lowBattery", "Low battery")]
    [InlineData("sensorFault:leftHip", "Sensor fault (leftHip)")]
    [InlineData("somethingNew", "somethingNew")]
    public void Technical_kinds_read_as_words(string kind, string label) => Assert.Equal(label, WorklistView.TechnicalLabel(kind));

    [Fact]
    public void Ward_time_is_shown_in_the_ward_zone() =>
        Assert.Equal("Sun 1 Mar 2026 09:00", WorklistView.WardTime(T, Berlin));

    private static ManualEntryForm Rom(params string?[] reps)
    {
        var f = new ManualEntryForm { PatientId = 7, Kind = ManualEntryKind.Rom, MeasuredAtWard = new DateTime(2026, 3, 1, 9, 30, 0) };
        for (var i = 0; i < reps.Length; i++)
        {
            f.Repetitions[i] = reps[i];
        }

        return f;
    }

    [Fact]
    public void The_median_follows_what_is_typed_and_ignores_empty_and_implausible_repetitions()
    {
        Assert.Null(Rom().Median);
        Assert.Equal(100, Rom("100").Median);
        Assert.Equal(101, Rom("100", "102").Median);
        Assert.Equal(101, Rom("100", "101", "130").Median);
        Assert.Equal(101, Rom("100", "250", "102").Median); // 250 is out of range, not a repetition
        Assert.Equal(100.5, Rom("100,5", "", "x").Median);
        Assert.Equal(30, Rom("100", "130", "110").Spread);
    }

    [Fact]
    public void A_repetition_out_of_range_is_refused_naming_the_repetition_and_the_range()
    {
        var f = Rom("250", "100", "102");
        Assert.Null(f.Validate(T.AddHours(2), Berlin, "physio"));
        var message = Assert.Single(f.Errors[ManualEntryForm.RepField(0)]);
        Assert.Equal("Repetition 1 must be between -90 and 200 deg; got 250.", message);
        Assert.Single(f.Errors);
    }

    [Fact]
    public void Fewer_than_two_valid_repetitions_are_refused()
    {
        var f = Rom("100", "", "");
        Assert.Null(f.Validate(T.AddHours(2), Berlin, "physio"));
        Assert.Contains("at least 2 of the 3 must be valid", Assert.Single(f.Errors[ManualEntryForm.RepsField]));
    }

    [Fact]
    public void A_valid_ROM_becomes_the_API_input_with_ward_time_converted_to_UTC()
    {
        var f = Rom("100", "", "104");
        var input = f.Validate(T.AddHours(2), Berlin, "physio");
        Assert.NotNull(input);
        Assert.Empty(f.Errors);
        Assert.Equal(T.AddMinutes(30), input!.MeasuredAt);
        Assert.Equal(new double?[] { 100, null, 104 }, input.RepetitionsDeg!);
        Assert.Equal(("right", "flexion", "physio"), (input.Side, input.Movement, input.EnteredBy));
    }

    [Fact]
    public void Lab_and_temperature_errors_name_the_field_by_its_label_with_the_range()
    {
        var f = new ManualEntryForm { PatientId = 7, Kind = ManualEntryKind.CoreTemperature, MeasuredAtWard = new DateTime(2026, 3, 1, 9, 30, 0), Value = "50" };
        Assert.Null(f.Validate(T.AddHours(2), Berlin, "nurse"));
        Assert.Equal("Core temperature must be between 30 and 45 °C; got 50.", Assert.Single(f.Errors[ManualEntryForm.ValueField]));

        f.Kind = ManualEntryKind.Crp;
        f.Value = "";
        Assert.Null(f.Validate(T.AddHours(2), Berlin, "nurse"));
        Assert.Equal("CRP is required (0..1000 mg/L).", Assert.Single(f.Errors[ManualEntryForm.ValueField]));
    }

    [Fact]
    public void Missing_patient_and_a_time_in_the_future_are_refused()
    {
        var f = Rom("100", "101", "102");
        f.PatientId = null;
        f.MeasuredAtWard = new DateTime(2026, 3, 2, 9, 0, 0);
        Assert.Null(f.Validate(T, Berlin, "physio"));
        Assert.Contains(ManualEntryForm.PatientField, f.Errors.Keys);
        Assert.StartsWith("Measured at must not be in the future", Assert.Single(f.Errors[ManualEntryForm.MeasuredAtField]));
    }

    [Fact]
    public void Roles_are_offered_only_their_kinds()
    {
        Assert.Equal(new[] { ManualEntryKind.Rom }, ManualEntryForm.OfferedKinds(mayEnterRom: true, mayEnterObservations: false));
        Assert.Equal(new[] { ManualEntryKind.CoreTemperature, ManualEntryKind.Crp, ManualEntryKind.Alp, ManualEntryKind.Ck, ManualEntryKind.SensorReseat },
            ManualEntryForm.OfferedKinds(mayEnterRom: false, mayEnterObservations: true));
        Assert.Equal(Enum.GetValues<ManualEntryKind>().Length, ManualEntryForm.OfferedKinds(true, true).Count);
    }

    [Fact]
    public void A_sensor_reseat_needs_only_the_patient_and_the_time()
    {
        var f = new ManualEntryForm { PatientId = 7, Kind = ManualEntryKind.SensorReseat, MeasuredAtWard = new DateTime(2026, 3, 1, 9, 30, 0), Value = "left over" };
        var input = f.Validate(T.AddHours(2), Berlin, "nurse");
        Assert.NotNull(input);
        Assert.Null(input!.Value);
    }
}
