using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

public class Max30205Tests
{
    private readonly SimulatedMax30205 _sim = new();

    [Fact]
    public void HipAddressesFollowTheA0Strapping()
    {
        // Data sheet slave-address table: A2 = A1 = A0 = GND -> 1001 000 (0x90 >> 1); A0 = VDD -> 1001 001 (0x92 >> 1).
        Assert.Equal(0x48, Max30205.AddressAllGnd);
        Assert.Equal(0x49, Max30205.AddressA0Vdd);
        Assert.Equal(Max30205.AddressAllGnd, UnitWiring.LeftHipMax30205Address);
        Assert.Equal(Max30205.AddressA0Vdd, UnitWiring.RightHipMax30205Address);
    }

    [Fact]
    public void InitializeWritesTheConfigurationThenReadsItBack()
    {
        var driver = new Max30205(_sim);

        Assert.Equal(SensorStatus.Ok, driver.Initialize());

        Assert.Equal(
            ["Write W[0118] R[] Ok", "WriteRead W[01] R[18] Ok"],
            _sim.Transfers.Select(t => t.ToString()));
        Assert.Equal(0x18, _sim.Configuration);
        Assert.True(driver.IsConfigured);
    }

    [Fact]
    public void ChosenConfigurationIsNormalFormatComparatorContinuousTimeoutOnFaultQueueSix()
    {
        var config = new Max30205(_sim).Configuration;

        Assert.Equal(0, config & ConfigurationBits.Shutdown);
        Assert.Equal(0, config & ConfigurationBits.InterruptMode);
        Assert.Equal(0, config & ConfigurationBits.ExtendedFormat);
        Assert.Equal(0, config & ConfigurationBits.TimeoutDisabled);
        Assert.Equal(0, config & ConfigurationBits.OneShot);
        Assert.Equal(ConfigurationBits.FaultQueue6, config & ConfigurationBits.FaultQueueMask);
        Assert.NotEqual(0, config); // differs from POR so the read-back proves the write
    }

    [Fact]
    public void ReadSendsThePointerAndTakesTwoBytesMsbFirst()
    {
        var driver = new Max30205(_sim);
        Assert.Equal(SensorStatus.Ok, driver.Initialize());
        _sim.ClearTransfers();
        _sim.TemperatureC = 37.0;

        Assert.Equal(SensorStatus.Ok, driver.Read(out var celsius));

        Assert.Equal(37.0, celsius);
        Assert.Equal(["WriteRead W[00] R[2500] Ok"], _sim.Transfers.Select(t => t.ToString()));
    }

    [Fact]
    public void FirstReadConfiguresThePartBeforeReading()
    {
        var driver = new Max30205(_sim);
        _sim.TemperatureC = 36.5;

        Assert.Equal(SensorStatus.Ok, driver.Read(out var celsius));

        Assert.Equal(36.5, celsius);
        Assert.Equal(
            ["Write W[0118] R[] Ok", "WriteRead W[01] R[18] Ok", "WriteRead W[00] R[2480] Ok"],
            _sim.Transfers.Select(t => t.ToString()));
    }

    // Two's complement, 0.00390625 degrees C per LSB, MSB first: the bit weights of the data sheet's temperature
    // register definition (D15 sign, D14 = 64 degrees C ... D0 = 2^-8 degrees C).
    [Theory]
    [InlineData(0x7F, 0xFF, 127.99609375)]
    [InlineData(0x40, 0x00, 64.0)]
    [InlineData(0x26, 0xFF, 38.99609375)]
    [InlineData(0x25, 0x80, 37.5)]
    [InlineData(0x25, 0x00, 37.0)]
    [InlineData(0x19, 0x00, 25.0)]
    [InlineData(0x00, 0x80, 0.5)]
    [InlineData(0x00, 0x01, 0.00390625)]
    [InlineData(0x00, 0x00, 0.0)]
    [InlineData(0xFF, 0xFF, -0.00390625)]
    [InlineData(0xFF, 0x80, -0.5)]
    [InlineData(0xE7, 0x00, -25.0)]
    [InlineData(0x80, 0x00, -128.0)]
    public void NormalFormatConversion(byte msb, byte lsb, double expected)
    {
        Assert.Equal(expected, Max30205.ToCelsius(msb, lsb, extendedFormat: false));
    }

    // Extended format: temperature = register value + 64 degrees C.
    [Theory]
    [InlineData(0x00, 0x00, 64.0)]
    [InlineData(0xE5, 0x00, 37.0)]
    [InlineData(0xC0, 0x00, 0.0)]
    [InlineData(0x80, 0x00, -64.0)]
    [InlineData(0x7F, 0xFF, 191.99609375)]
    public void ExtendedFormatConversion(byte msb, byte lsb, double expected)
    {
        Assert.Equal(expected, Max30205.ToCelsius(msb, lsb, extendedFormat: true));
    }

    [Fact]
    public void NegativeTemperatureEndToEnd()
    {
        var driver = new Max30205(_sim);
        _sim.TemperatureC = -12.25;

        Assert.Equal(SensorStatus.Ok, driver.Read(out var celsius));

        Assert.Equal(-12.25, celsius);
        Assert.Equal("WriteRead W[00] R[F3C0] Ok", _sim.Transfers[^1].ToString());
    }

    [Fact]
    public void ExtendedFormatIsConfiguredAndDecoded()
    {
        var driver = new Max30205(_sim, extendedFormat: true);
        _sim.TemperatureC = 37.0;

        Assert.Equal(SensorStatus.Ok, driver.Read(out var celsius));

        Assert.Equal(0x38, _sim.Configuration);
        Assert.Equal("WriteRead W[00] R[E500] Ok", _sim.Transfers[^1].ToString());
        Assert.Equal(37.0, celsius);
    }

    [Fact]
    public void TwoProbesOnOneBusReadIndependently()
    {
        var left = new SimulatedMax30205(UnitWiring.LeftHipMax30205Address) { TemperatureC = 33.5 };
        var right = new SimulatedMax30205(UnitWiring.RightHipMax30205Address) { TemperatureC = 34.25 };

        Assert.Equal(SensorStatus.Ok, new Max30205(left).Read(out var l));
        Assert.Equal(SensorStatus.Ok, new Max30205(right).Read(out var r));

        Assert.Equal(33.5, l);
        Assert.Equal(34.25, r);
    }

    [Fact]
    public void UnpluggedProbeIsMissing()
    {
        var driver = new Max30205(_sim);
        _sim.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, driver.Read(out var celsius));
        Assert.True(double.IsNaN(celsius));
    }

    [Theory]
    [InlineData(I2cStatus.DataNack)]
    [InlineData(I2cStatus.PartialTransfer)]
    [InlineData(I2cStatus.BusError)]
    public void OtherBusFaultsAreBusErrors(I2cStatus fault)
    {
        var driver = new Max30205(_sim);
        Assert.Equal(SensorStatus.Ok, driver.Initialize());
        _sim.InjectedStatus = fault;

        Assert.Equal(SensorStatus.BusError, driver.Read(out var celsius));
        Assert.True(double.IsNaN(celsius));
    }

    [Fact]
    public void ConfigurationThatDoesNotReadBackIsADeviceErrorAndNoTemperatureIsRead()
    {
        var driver = new Max30205(_sim);
        _sim.StuckConfiguration = true;

        Assert.Equal(SensorStatus.DeviceError, driver.Read(out var celsius));

        Assert.True(double.IsNaN(celsius));
        Assert.False(driver.IsConfigured);
        Assert.DoesNotContain(_sim.Transfers, t => t.Written.SequenceEqual(new byte[] { 0x00 }));
    }

    [Fact]
    public void ReplugAfterAFaultIsReconfigured()
    {
        var driver = new Max30205(_sim);
        Assert.Equal(SensorStatus.Ok, driver.Read(out _));

        _sim.Unplugged = true;
        Assert.Equal(SensorStatus.Missing, driver.Read(out _));
        _sim.PowerCycle(); // a re-plugged probe starts from its POR configuration 0x00
        _sim.Unplugged = false;
        _sim.ClearTransfers();

        Assert.Equal(SensorStatus.Ok, driver.Read(out _));
        Assert.Equal("Write W[0118] R[] Ok", _sim.Transfers[0].ToString());
        Assert.Equal(0x18, _sim.Configuration);
    }
}
