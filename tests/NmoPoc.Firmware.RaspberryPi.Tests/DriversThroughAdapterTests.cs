using System.Device.Gpio;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>
/// The core's drivers, composed as on the Pi, read register-level simulated parts through the .NET IoT adapter:
/// the whole path a reading takes on a real unit except the kernel driver.
/// </summary>
public class DriversThroughAdapterTests : IDisposable
{
    private readonly SimulatedUnit _unit = new();

    public void Dispose() => _unit.Dispose();

    [Fact]
    public void Devices_are_opened_on_the_wiring_files_buses_and_addresses()
    {
        Assert.Equal(
            [(1, 0x48), (1, 0x49), (1, 0x4B), (1, 0x3C), (3, 0x5A)],
            _unit.Opened);
        Assert.Equal(400_000, _unit.Hardware.LeftHipBus.BusClockHz);
        Assert.Equal(100_000, _unit.Hardware.IrProbeBus.BusClockHz);
    }

    [Fact]
    public void Both_hip_probes_read_their_own_temperature()
    {
        _unit.LeftHip.TemperatureC = 36.25;
        _unit.RightHip.TemperatureC = 37.5;

        Assert.Equal(SensorStatus.Ok, _unit.Hardware.LeftHip.Read(out var left));
        Assert.Equal(SensorStatus.Ok, _unit.Hardware.RightHip.Read(out var right));

        Assert.Equal(36.25, left, 3);
        Assert.Equal(37.5, right, 3);
    }

    [Fact]
    public void The_ir_probe_reads_on_its_own_100_kHz_bus()
    {
        _unit.IrProbe.ObjectTemperatureC = 33.9;

        Assert.Equal(SensorStatus.Ok, _unit.Hardware.IrProbe.Read(out var skin));

        Assert.Equal(33.9, skin, 1);
    }

    [Fact]
    public void The_ambient_ntc_reads_room_temperature()
    {
        _unit.Ntc.TemperatureC = 21.5;

        Assert.Equal(SensorStatus.Ok, _unit.Hardware.AmbientNtc.Read(out var ambient));

        Assert.Equal(21.5, ambient, 1);
    }

    [Fact]
    public void The_goniometer_reads_calibrated_angles()
    {
        // Zero and span on the jig (hardware/calibration.md), then a 45 degree flexion.
        _unit.Pot.AngleDegrees = 0;
        Assert.Equal(SensorStatus.Ok, _unit.Hardware.GoniometerInput.Read(out var atZero));
        _unit.Pot.AngleDegrees = 90;
        Assert.Equal(SensorStatus.Ok, _unit.Hardware.GoniometerInput.Read(out var atNinety));
        var goniometer = new Goniometer(_unit.Hardware.GoniometerInput, new GoniometerCalibration(atZero, atNinety, 0));

        _unit.Pot.AngleDegrees = 45;
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var degrees));

        Assert.Equal(45.0, degrees, 0);
        Assert.InRange(degrees, 44.8, 45.2);
    }

    [Fact]
    public void An_unplugged_probe_is_missing_not_an_exception()
    {
        _unit.LeftHip.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, _unit.Hardware.LeftHip.Read(out _));
        Assert.Equal(SensorStatus.Ok, _unit.Hardware.RightHip.Read(out _));
        Assert.True(_unit.Hardware.LeftHipBus.FailedTransfers > 0);
        Assert.StartsWith("Error 121 ", _unit.Hardware.LeftHipBus.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unplugged_ir_probe_on_the_bit_banged_bus_is_missing()
    {
        _unit.IrProbe.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, _unit.Hardware.IrProbe.Read(out _));
        Assert.StartsWith("Error 6 ", _unit.Hardware.IrProbeBus.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_plugged_back_in_reads_again()
    {
        _unit.LeftHip.Unplugged = true;
        Assert.Equal(SensorStatus.Missing, _unit.Hardware.LeftHip.Read(out _));

        _unit.LeftHip.Unplugged = false;
        _unit.LeftHip.PowerCycle();
        _unit.LeftHip.TemperatureC = 35.0;

        Assert.Equal(SensorStatus.Ok, _unit.Hardware.LeftHip.Read(out var celsius));
        Assert.Equal(35.0, celsius, 3);
    }

    [Fact]
    public void Buttons_read_raw_levels_and_the_led_drives_its_pin()
    {
        _unit.Gpio.Levels[RaspberryPiPinMap.ButtonConfirmPin] = PinValue.Low; // pressed: active low
        _unit.Gpio.Levels[RaspberryPiPinMap.ButtonCancelPin] = PinValue.High;

        Assert.False(_unit.Hardware.ButtonConfirm.Read());
        Assert.True(_unit.Hardware.ButtonCancel.Read());
        Assert.Equal(PinMode.Input, _unit.Gpio.Modes[RaspberryPiPinMap.ButtonCapturePin]);

        Assert.Equal(PinMode.Output, _unit.Gpio.Modes[RaspberryPiPinMap.StatusLedPin]);
        Assert.Equal(PinValue.Low, _unit.Gpio.Levels[RaspberryPiPinMap.StatusLedPin]);
        _unit.Hardware.StatusLed.Write(true);
        Assert.Equal(PinValue.High, _unit.Gpio.Levels[RaspberryPiPinMap.StatusLedPin]);
    }

    [Fact]
    public void Without_a_pwm_channel_the_unit_runs_silent_and_says_so()
    {
        Assert.Null(_unit.Hardware.Buzzer);
        Assert.Contains(_unit.Log.Lines, l => l.StartsWith("Warning hardware: no PWM channel for the buzzer", StringComparison.Ordinal));
    }

    [Fact]
    public void The_probe_command_prints_every_sensor_and_fails_on_a_missing_skin_probe()
    {
        _unit.LeftHip.TemperatureC = 36.0;
        _unit.RightHip.Unplugged = true;
        _unit.IrProbe.Unplugged = true; // optional: does not fail the probe
        var output = new StringWriter();

        var exit = SensorProbe.Run(_unit.Hardware, output);

        Assert.Equal(1, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("left hip (0x48)           36.00 C", lines[0]);
        Assert.Equal("right hip (0x49)       Missing", lines[1]);
        Assert.Equal("IR probe (0x5A)        Missing (optional probe)", lines[3]);
        Assert.StartsWith("goniometer (0x4B)", lines[4], StringComparison.Ordinal);

        _unit.RightHip.Unplugged = false;
        Assert.Equal(0, SensorProbe.Run(_unit.Hardware, new StringWriter()));
    }
}
