using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

/// <summary>The simulated pot and NTC divider driven in physical units, read back through the real drivers.</summary>
public class AnalogFrontEndTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedAds1115 _sim;
    private readonly Ads1115 _adc;

    public AnalogFrontEndTests()
    {
        _sim = new SimulatedAds1115(_clock);
        _sim.SetInputVolts(3, 3.3);
        _adc = new Ads1115(_sim, _clock);
    }

    private Goniometer CalibratedOnJig(SimulatedPotentiometer pot)
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(0, 10000, 0));
        pot.AngleDegrees = 0;
        Assert.Equal(SensorStatus.Ok, goniometer.ReadRaw(out var atZero));
        pot.AngleDegrees = 90;
        Assert.Equal(SensorStatus.Ok, goniometer.ReadRaw(out var atNinety));
        goniometer.Calibration = new GoniometerCalibration(atZero, atNinety, 0);
        return goniometer;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PotAngleComesBackThroughTheGoniometer(bool reversed)
    {
        var pot = new SimulatedPotentiometer(_sim) { Reversed = reversed, RatioAtZeroDegrees = reversed ? 0.75 : 0.25 };
        var goniometer = CalibratedOnJig(pot);

        pot.AngleDegrees = 117.5;
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var degrees));

        Assert.Equal(117.5, degrees, 1);
    }

    [Fact]
    public void PotFaultsAreRails()
    {
        var pot = new SimulatedPotentiometer(_sim);
        var goniometer = CalibratedOnJig(pot);

        pot.WiperShortedToGround = true;
        Assert.Equal(SensorStatus.RailLow, goniometer.Read(out _));
        pot.WiperShortedToGround = false;
        pot.GroundEndOpen = true;
        Assert.Equal(SensorStatus.RailHigh, goniometer.Read(out _));
    }

    [Fact]
    public void RoomTemperatureComesBackThroughTheNtcDriver()
    {
        var divider = new SimulatedNtcDivider(_sim) { TemperatureC = 22.3 };
        var ntc = new NtcThermistor(_adc);

        Assert.Equal(SensorStatus.Ok, ntc.Read(out var celsius));
        Assert.Equal(22.3, celsius, 1);

        _sim.SetInputVolts(3, 3.15); // supply sags: the ratio, and so the reading, stays
        Assert.Equal(SensorStatus.Ok, ntc.Read(out celsius));
        Assert.Equal(22.3, celsius, 1);

        divider.Open = true;
        Assert.Equal(SensorStatus.RailHigh, ntc.Read(out _));
        divider.Open = false;
        divider.Shorted = true;
        Assert.Equal(SensorStatus.RailLow, ntc.Read(out _));
    }
}
