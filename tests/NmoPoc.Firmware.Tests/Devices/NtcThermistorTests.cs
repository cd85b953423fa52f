using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

public class NtcThermistorTests
{
    private const double Excitation = 3.3;
    private readonly ManualClock _clock = new();
    private readonly SimulatedAds1115 _sim;
    private readonly NtcThermistor _ntc;

    public NtcThermistorTests()
    {
        _sim = new SimulatedAds1115(_clock);
        _ntc = new NtcThermistor(new Ads1115(_sim, _clock));
    }

    /// <summary>Divider node voltage for an NTC of <paramref name="ohms"/> under a 10 k fixed resistor.</summary>
    private void SetNtcOhms(double ohms, double excitation = Excitation)
    {
        _sim.SetInputVolts(3, excitation);
        _sim.SetInputVolts(1, excitation * ohms / (NtcThermistor.DefaultFixedResistorOhms + ohms));
    }

    [Fact]
    public void NominalPointIs25DegreesAt10Kilohm()
    {
        Assert.Equal(25.0, NtcThermistor.CelsiusFromResistance(10000, 10000, 3950), 12);
        Assert.Equal(10000.0, NtcThermistor.ResistanceFromCounts(RatiometricInput.FullScale / 2, 10000), 9);
    }

    // R = 10 k x exp(3950 (1/T - 1/298.15)), worked by hand: 0 C -> 33 620.6 Ohm, 50 C -> 3 588.2 Ohm,
    // -10 C -> 58 245.7 Ohm, 40 C -> 5 301.5 Ohm.
    [Theory]
    [InlineData(33620.6, 0.0)]
    [InlineData(3588.2, 50.0)]
    [InlineData(58245.7, -10.0)]
    [InlineData(5301.5, 40.0)]
    public void BetaEquationAtKnownPoints(double ohms, double celsius)
    {
        Assert.Equal(celsius, NtcThermistor.CelsiusFromResistance(ohms, 10000, 3950), 3);
        Assert.Equal(ohms, NtcThermistor.ResistanceAtCelsius(celsius, 10000, 3950), tolerance: 0.1);
    }

    [Theory]
    [InlineData(25.0)]
    [InlineData(18.0)]
    [InlineData(24.0)]
    [InlineData(0.0)]
    [InlineData(40.0)]
    public void ReadsTheRoomThroughTheDivider(double room)
    {
        SetNtcOhms(NtcThermistor.ResistanceAtCelsius(room, 10000, 3950));

        Assert.Equal(SensorStatus.Ok, _ntc.Read(out var celsius));

        Assert.Equal(room, celsius, 1);
    }

    [Fact]
    public void ReadsNodeOnAin1AndExcitationOnAin3()
    {
        SetNtcOhms(10000);

        Assert.Equal(SensorStatus.Ok, _ntc.Read(out _));

        var configs = _sim.Transfers.Where(t => t.Kind == I2cTransferKind.Write).Select(t => Convert.ToHexString(t.Written));
        Assert.Equal(["01D383", "01F383"], configs);
    }

    [Fact]
    public void TemperatureDoesNotMoveWithTheSupply()
    {
        SetNtcOhms(12000, excitation: 3.3);
        Assert.Equal(SensorStatus.Ok, _ntc.Read(out var at33));
        SetNtcOhms(12000, excitation: 3.1);
        Assert.Equal(SensorStatus.Ok, _ntc.Read(out var at31));

        Assert.Equal(at33, at31, 1);
    }

    [Fact]
    public void OpenThermistorIsRailHigh()
    {
        SetNtcOhms(1e9);

        Assert.Equal(SensorStatus.RailHigh, _ntc.Read(out var celsius));
        Assert.True(double.IsNaN(celsius));
    }

    [Fact]
    public void ShortedThermistorIsRailLow()
    {
        SetNtcOhms(0);

        Assert.Equal(SensorStatus.RailLow, _ntc.Read(out var celsius));
        Assert.True(double.IsNaN(celsius));
        Assert.Equal(0, _ntc.LastRaw);
    }

    [Theory]
    [InlineData(150.0, SensorStatus.RailLow)]  // 2 % margin: below about 204 Ohm
    [InlineData(260.0, SensorStatus.Ok)]
    [InlineData(400_000.0, SensorStatus.Ok)]
    [InlineData(600_000.0, SensorStatus.RailHigh)] // above about 490 kOhm
    public void RailMarginIsTwoPercent(double ohms, SensorStatus expected)
    {
        SetNtcOhms(ohms);

        Assert.Equal(expected, _ntc.Read(out _));
    }

    [Fact]
    public void AdcFaultsPassThrough()
    {
        _sim.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, _ntc.Read(out _));
    }
}
