using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>One example of every screen and override, used by the renderer tests and docs/device-feedback.md.</summary>
internal static class ScreenGallery
{
    public sealed record Entry(string Name, string Caption, ScreenModel Model);

    private static ScreenModel Base() => new()
    {
        UnitId = "NMO-0042",
        ClockSynchronized = true,
        BatteryPercent = 87,
        LinkConnected = true,
    };

    private static ScreenModel Round()
    {
        var m = Base();
        m.Screen = ScreenKind.TemperatureRound;
        m.LeftTempC = 36.4;
        m.LeftSettled = true;
        m.RightTempC = 37.1;
        m.RightSettled = false;
        m.AmbientTempC = 21.3;
        return m;
    }

    public static IReadOnlyList<Entry> All { get; } = Build();

    private static List<Entry> Build()
    {
        var list = new List<Entry>();

        var idle = Base();
        idle.OutboxDepth = 3;
        list.Add(new("idle", "Idle: unit ID, clock, outbox, battery", idle));

        var idlePi = Base();
        idlePi.ClockSynchronized = false;
        idlePi.BatteryPercent = -1;
        list.Add(new("idle-pi-unsynced", "Idle on a Raspberry Pi build (no fuel gauge) before the clock is synchronised", idlePi));

        var rest = Round();
        rest.LeftTempC = double.NaN;
        rest.RightTempC = double.NaN;
        rest.LeftSettled = false;
        rest.RestRemainingSeconds = 272;
        list.Add(new("round-rest", "Temperature round, rest countdown (probes placed, values not taken yet)", rest));

        list.Add(new("round-settling", "Temperature round after the rest: left settled, right still settling", Round()));

        var missing = Round();
        missing.LeftStatus = SensorStatus.Missing;
        missing.LeftTempC = double.NaN;
        missing.RightTempC = 36.9;
        missing.RightSettled = true;
        list.Add(new("round-left-missing", "Temperature round with the left probe unplugged (the value is dashes, never a number)", missing));

        var rom = Base();
        rom.Screen = ScreenKind.RomRepetition;
        rom.Side = HipSide.Left;
        rom.Movement = Movement.Flexion;
        rom.RepetitionNumber = 2;
        rom.RepetitionDeg[0] = 94.6;
        rom.RepetitionDeg[1] = 96.2;
        list.Add(new("rom-repetition", "Range of motion, repetition 2 of 3 captured", rom));

        var romInvalid = Base();
        romInvalid.Screen = ScreenKind.RomRepetition;
        romInvalid.Side = HipSide.Right;
        romInvalid.Movement = Movement.InternalRotation;
        romInvalid.RepetitionNumber = 3;
        romInvalid.RepetitionDeg[0] = 31.0;
        romInvalid.RepetitionDeg[1] = 29.4;
        list.Add(new("rom-invalid", "Range of motion, repetition 3 not valid", romInvalid));

        var queued = Base();
        queued.Screen = ScreenKind.ReadingQueued;
        queued.Reading = ReadingKind.TemperatureRound;
        queued.OutboxDepth = 4;
        queued.LinkConnected = false;
        list.Add(new("reading-queued", "Reading saved in the outbox while offline", queued));

        var sent = Base();
        sent.Screen = ScreenKind.ReadingSent;
        sent.Reading = ReadingKind.RangeOfMotion;
        list.Add(new("reading-sent", "Reading delivered", sent));

        var outbox = Base();
        outbox.Screen = ScreenKind.Outbox;
        outbox.OutboxDepth = 12;
        outbox.OutboxCapacity = 500;
        outbox.LinkConnected = false;
        outbox.ClockSynchronized = false;
        list.Add(new("outbox", "Outbox detail", outbox));

        var fault = Round();
        fault.FaultActive = true;
        fault.FaultChannel = Channel.LeftHip;
        fault.FaultStatus = SensorStatus.Missing;
        fault.LeftStatus = SensorStatus.Missing;
        list.Add(new("fault", "Fault, not yet acknowledged: replaces any screen", fault));

        var banner = Round();
        banner.FaultActive = true;
        banner.FaultAcknowledged = true;
        banner.FaultChannel = Channel.RightHip;
        banner.FaultStatus = SensorStatus.Stuck;
        banner.RightStatus = SensorStatus.Stuck;
        banner.RightTempC = double.NaN;
        list.Add(new("fault-banner", "Acknowledged fault that is still present: banner on the hint line", banner));

        var lowBanner = Round();
        lowBanner.BatteryLow = true;
        lowBanner.BatteryPercent = 12;
        list.Add(new("low-battery-banner", "Low battery during a round: banner on the title line", lowBanner));

        var low = Base();
        low.Screen = ScreenKind.LowBattery;
        low.BatteryLow = true;
        low.BatteryPercent = 8;
        list.Add(new("low-battery", "Low battery screen (the workflow shows it at idle)", low));

        return list;
    }

    /// <summary>Renders through the driver into the simulated panel, as on the unit.</summary>
    public static SimulatedSsd1306 Show(ScreenModel model)
    {
        var panel = new SimulatedSsd1306();
        var display = new Ssd1306(panel);
        new ScreenRenderer().Render(model, display.Frame);
        Assert.Equal(NmoPoc.Firmware.Hal.I2cStatus.Ok, display.Flush());
        return panel;
    }
}
