using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Mlx90614;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

public class Mlx90614Tests
{
    private readonly SimulatedMlx90614 _sim = new();

    // Published frames: the MLX90614 data sheet's SMBus examples (read word of RAM 0x07 returning 0x3AD2, PEC 0x30;
    // write word 0xC807 to EEPROM 0x02, PEC 0x48) and Melexis application note "SMBus communication with MLX90614"
    // (390119061402 rev 004, p. 19: erase and write of EEPROM 0x0E through slave address 0x00, PEC 0x6F and 0xE1).
    [Theory]
    [InlineData(new byte[] { 0xB4, 0x07, 0xB5, 0xD2, 0x3A }, 0x30)]
    [InlineData(new byte[] { 0xB4, 0x22, 0x07, 0xC8 }, 0x48)]
    [InlineData(new byte[] { 0x00, 0x2E, 0x00, 0x00 }, 0x6F)]
    [InlineData(new byte[] { 0x00, 0x2E, 0x5A, 0x00 }, 0xE1)]
    public void PecOfPublishedFrames(byte[] frame, byte pec)
    {
        Assert.Equal(pec, SmbusPec.Compute(frame, 0, frame.Length));
    }

    [Fact]
    public void ReadWordOnTheWireMatchesThePublishedExample()
    {
        var driver = new Mlx90614(_sim);
        _sim.ObjectTemperatureC = 28.01; // (28.01 + 273.15) / 0.02 = 15058 = 0x3AD2

        Assert.Equal(SensorStatus.Ok, driver.Read(out var celsius));

        Assert.Equal(["WriteRead W[07] R[D23A30] Ok"], _sim.Transfers.Select(t => t.ToString()));
        Assert.Equal(28.01, celsius, 9);
    }

    // T = raw x 0.02 K - 273.15; the data sheet's Tobj range 0x27AD..0x7FFF is -70.01..+382.19 degrees C.
    [Theory]
    [InlineData(0x27AD, -70.01)]
    [InlineData(0x3AD2, 28.01)]
    [InlineData(0x7FFF, 382.19)]
    [InlineData(13658, 0.01)]
    [InlineData(15480, 36.45)]
    public void RawToCelsius(int raw, double expected)
    {
        Assert.Equal(expected, Mlx90614.ToCelsius(raw), 9);
    }

    [Theory]
    [InlineData(-70.01, 0x27AD)]
    [InlineData(36.45, 15480)]
    [InlineData(382.19, 0x7FFF)]
    public void SimulatorEncodesCelsiusAsThePartDoes(double celsius, int raw)
    {
        Assert.Equal(raw, SimulatedMlx90614.Encode(celsius));
    }

    [Fact]
    public void AmbientChannelReadsTaWithCommand06()
    {
        var driver = new Mlx90614(_sim);
        _sim.AmbientTemperatureC = 21.51; // 0.02 K steps from 273.15 K: odd hundredths are exact

        Assert.Equal(SensorStatus.Ok, driver.Ambient.Read(out var celsius));

        Assert.Equal(21.51, celsius, 9);
        var transfer = Assert.Single(_sim.Transfers);
        Assert.Equal(new byte[] { 0x06 }, transfer.Written);
    }

    [Fact]
    public void PecCoversTheAddressBytes()
    {
        // A probe re-addressed to 0x5B: its PEC includes 0xB6 / 0xB7, so a driver that left the address out would fail.
        var sim = new SimulatedMlx90614(0x5B) { ObjectTemperatureC = 33.01 };

        Assert.Equal(SensorStatus.Ok, new Mlx90614(sim).Read(out var celsius));
        Assert.Equal(33.01, celsius, 9);
    }

    [Fact]
    public void CorruptedPecIsAPecError()
    {
        var driver = new Mlx90614(_sim);
        _sim.CorruptPec = true;

        Assert.Equal(SensorStatus.PecError, driver.Read(out var celsius));
        Assert.True(double.IsNaN(celsius));
    }

    [Fact]
    public void ErrorFlagIsADeviceErrorOnObjectAndAmbient()
    {
        var driver = new Mlx90614(_sim);
        _sim.ErrorFlag = true;

        Assert.Equal(SensorStatus.DeviceError, driver.Read(out var obj));
        Assert.Equal(SensorStatus.DeviceError, driver.Ambient.Read(out var ambient));
        Assert.True(double.IsNaN(obj));
        Assert.True(double.IsNaN(ambient));
        Assert.NotEqual(0, driver.LastWord & Mlx90614.ErrorFlag);
    }

    [Fact]
    public void BusFasterThan100KHzIsRefusedBeforeAnyTransfer()
    {
        var driver = new Mlx90614(_sim);
        _sim.BusClockHz = 400_000;

        Assert.Equal(SensorStatus.BusTooFast, driver.Read(out var celsius));
        Assert.Equal(SensorStatus.BusTooFast, driver.Ambient.Read(out _));

        Assert.True(double.IsNaN(celsius));
        Assert.Empty(_sim.Transfers);
    }

    [Fact]
    public void BusAtExactly100KHzIsAccepted()
    {
        _sim.BusClockHz = Mlx90614.MaxBusClockHz;

        Assert.Equal(SensorStatus.Ok, new Mlx90614(_sim).Read(out _));
    }

    [Fact]
    public void SimulatedPartGarblesDataAboveItsMaximumClock()
    {
        // Why the refusal matters: the simulated part, like the real one out of spec, answers garbage.
        _sim.BusClockHz = 400_000;
        var response = new byte[3];

        Assert.Equal(I2cStatus.Ok, _sim.WriteRead([0x07], 1, response, 3));

        byte[] frame = [0xB4, 0x07, 0xB5, response[0], response[1]];
        Assert.NotEqual(response[2], SmbusPec.Compute(frame, 0, frame.Length));
    }

    [Fact]
    public void UnpluggedProbeIsMissing()
    {
        _sim.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, new Mlx90614(_sim).Read(out _));
    }

    [Theory]
    [InlineData(I2cStatus.DataNack)]
    [InlineData(I2cStatus.PartialTransfer)]
    [InlineData(I2cStatus.BusError)]
    public void OtherBusFaultsAreBusErrors(I2cStatus fault)
    {
        _sim.InjectedStatus = fault;

        Assert.Equal(SensorStatus.BusError, new Mlx90614(_sim).Read(out _));
    }

    [Fact]
    public void EepromReadUsesCommand20OrAddress()
    {
        var driver = new Mlx90614(_sim);

        Assert.Equal(SensorStatus.Ok, driver.ReadWord(Command.EepromAccess | (byte)EepromRegister.Emissivity, out var emissivity));

        Assert.Equal(0xFFFF, emissivity);
        Assert.Equal(new byte[] { 0x24 }, _sim.Transfers[0].Written);
    }

    [Fact]
    public void SimulatorChecksThePecOfAWriteWord()
    {
        // The data sheet's write-word example, addressed to 0x5A: accepted with PEC 0x48, refused with anything else.
        Assert.Equal(I2cStatus.DataNack, _sim.Write([0x22, 0x07, 0xC8, 0x49], 4));
        Assert.Equal(I2cStatus.Ok, _sim.Write([0x22, 0x07, 0xC8, 0x48], 4));
        Assert.Equal(0xC807, _sim.ReadEeprom(EepromRegister.PwmControl));
    }

    [Fact]
    public void DefaultAddressMatchesTheUnitWiring()
    {
        Assert.Equal(0x5A, Mlx90614.DefaultAddress);
        Assert.Equal(Mlx90614.DefaultAddress, UnitWiring.Mlx90614Address);
        Assert.Equal(100_000, UnitWiring.IrBusClockHz);
    }
}
