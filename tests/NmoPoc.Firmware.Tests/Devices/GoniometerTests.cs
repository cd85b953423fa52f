using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

public class GoniometerCalibrationTests
{
    private static readonly GoniometerCalibration Forward = new(rawAtZero: 8000, rawAtNinety: 17000, calibratedAtUtcMs: 0);

    [Fact]
    public void CalibrationPointsMapToZeroAndNinety()
    {
        Assert.Equal(0.0, Forward.ToDegrees(8000));
        Assert.Equal(90.0, Forward.ToDegrees(17000));
        Assert.Equal(45.0, Forward.ToDegrees(12500));
        Assert.Equal(0.01, Forward.DegreesPerCount, 12);
    }

    [Fact]
    public void ExtrapolatesOnTheSameLine()
    {
        Assert.Equal(120.0, Forward.ToDegrees(20000), 9);
        Assert.Equal(-10.0, Forward.ToDegrees(7000), 9);
    }

    [Fact]
    public void ReversedPotGivesANegativeSlope()
    {
        var reversed = new GoniometerCalibration(rawAtZero: 20000, rawAtNinety: 11000, calibratedAtUtcMs: 0);

        Assert.Equal(0.0, reversed.ToDegrees(20000));
        Assert.Equal(90.0, reversed.ToDegrees(11000));
        Assert.Equal(45.0, reversed.ToDegrees(15500));
        Assert.Equal(120.0, reversed.ToDegrees(8000), 9);
        Assert.True(reversed.DegreesPerCount < 0);
    }

    [Theory]
    [InlineData(10000, 10999)]
    [InlineData(10000, 9001)]
    [InlineData(10000, 10000)]
    public void PointsTooCloseAreRejected(int zero, int ninety)
    {
        var error = Assert.Throws<ArgumentException>(() => new GoniometerCalibration(zero, ninety, 0));
        Assert.Contains("did not move", error.Message);
    }

    [Fact]
    public void MinimumSpanIsAccepted()
    {
        var calibration = new GoniometerCalibration(10000, 10000 - GoniometerCalibration.MinimumSpanCounts, 0);
        Assert.Equal(90.0, calibration.ToDegrees(9000));
    }

    [Fact]
    public void AgeInWholeDays()
    {
        var calibration = new GoniometerCalibration(8000, 17000, calibratedAtUtcMs: 1_700_000_000_000);

        Assert.Equal(0, calibration.AgeDays(1_700_000_000_000 + 86_399_999));
        Assert.Equal(1, calibration.AgeDays(1_700_000_000_000 + 86_400_000));
        Assert.Equal(30, calibration.AgeDays(1_700_000_000_000 + 30L * 86_400_000 + 5));
        Assert.Equal(0, calibration.AgeDays(1_600_000_000_000)); // wall clock behind the calibration
    }
}

public class GoniometerTests
{
    private const double Excitation = 3.3;
    private readonly ManualClock _clock = new();
    private readonly SimulatedAds1115 _sim;
    private readonly Ads1115 _adc;

    public GoniometerTests()
    {
        _sim = new SimulatedAds1115(_clock);
        _adc = new Ads1115(_sim, _clock);
        _sim.SetInputVolts(3, Excitation);
    }

    private void SetWiperRatio(double ratio, double excitation = Excitation)
    {
        _sim.SetInputVolts(3, excitation);
        _sim.SetInputVolts(0, ratio * excitation);
    }

    [Fact]
    public void ReadsWiperOnAin0AndExcitationOnAin3()
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(8192, 18022, 0));
        SetWiperRatio(0.25);

        Assert.Equal(SensorStatus.Ok, goniometer.ReadRaw(out var counts));

        Assert.Equal(8192, counts);
        var configs = _sim.Transfers.Where(t => t.Kind == I2cTransferKind.Write).Select(t => Convert.ToHexString(t.Written));
        Assert.Equal(["01C3A3", "01F3A3"], configs);
    }

    [Fact]
    public void JigCalibrationThenAngles()
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(1, 2000, 0));
        SetWiperRatio(0.25);
        Assert.Equal(SensorStatus.Ok, goniometer.ReadRaw(out var atZero));
        SetWiperRatio(0.55);
        Assert.Equal(SensorStatus.Ok, goniometer.ReadRaw(out var atNinety));
        goniometer.Calibration = new GoniometerCalibration(atZero, atNinety, 0);

        SetWiperRatio(0.25);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var zero));
        SetWiperRatio(0.55);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var ninety));
        SetWiperRatio(0.40);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var fortyFive));
        SetWiperRatio(0.65);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var flexion120));

        Assert.Equal(0.0, zero, 1);
        Assert.Equal(90.0, ninety, 1);
        Assert.Equal(45.0, fortyFive, 1);
        Assert.Equal(120.0, flexion120, 1);
    }

    [Fact]
    public void AngleDoesNotMoveWithTheSupply()
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(8192, 18022, 0));
        SetWiperRatio(0.40, excitation: 3.3);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var at33));
        SetWiperRatio(0.40, excitation: 3.0);
        Assert.Equal(SensorStatus.Ok, goniometer.Read(out var at30));

        Assert.Equal(at33, at30, 1);
    }

    [Theory]
    [InlineData(0.0, SensorStatus.RailLow)]   // wiper shorted to ground or open (pulled low)
    [InlineData(0.005, SensorStatus.RailLow)] // inside the 1 % margin
    [InlineData(0.015, SensorStatus.Ok)]
    [InlineData(0.985, SensorStatus.Ok)]
    [InlineData(0.995, SensorStatus.RailHigh)]
    [InlineData(1.0, SensorStatus.RailHigh)]  // wiper at the excitation: ground end open
    public void RailsAreReportedWithinOnePercent(double ratio, SensorStatus expected)
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(8192, 18022, 0));
        SetWiperRatio(ratio);

        Assert.Equal(expected, goniometer.Read(out var degrees));
        Assert.Equal(expected == SensorStatus.Ok, !double.IsNaN(degrees));
    }

    [Fact]
    public void MissingExcitationIsRailLow()
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(8192, 18022, 0));
        SetWiperRatio(0.5);
        _sim.SetInputVolts(3, 0.0);

        Assert.Equal(SensorStatus.RailLow, goniometer.Read(out _));
    }

    [Fact]
    public void AdcFaultsPassThrough()
    {
        var goniometer = new Goniometer(_adc, new GoniometerCalibration(8192, 18022, 0));
        _sim.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, goniometer.Read(out var degrees));
        Assert.True(double.IsNaN(degrees));
    }

    [Fact]
    public void RatiometricCountsRoundToNearest()
    {
        Assert.Equal(16384, RatiometricInput.ToCounts(13200, 26400));
        Assert.Equal(32768, RatiometricInput.ToCounts(26400, 26400));
        Assert.Equal(1, RatiometricInput.ToCounts(1, 32768));
        Assert.Equal(-1, RatiometricInput.ToCounts(-1, 32768));
        Assert.Throws<ArgumentOutOfRangeException>(() => RatiometricInput.ToCounts(1, 0));
    }
}
