using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

public class Ads1115Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedAds1115 _sim;
    private readonly Ads1115 _adc;

    public Ads1115Tests()
    {
        _sim = new SimulatedAds1115(_clock);
        _adc = new Ads1115(_sim, _clock);
    }

    [Fact]
    public void AddressWithAddrOnSclIs0x4B()
    {
        // SBAS444D Table 4: ADDR to GND 1001000, VDD 1001001, SDA 1001010, SCL 1001011.
        Assert.Equal(0b1001000, Ads1115.AddressGnd);
        Assert.Equal(0b1001001, Ads1115.AddressVdd);
        Assert.Equal(0b1001010, Ads1115.AddressSda);
        Assert.Equal(0b1001011, Ads1115.AddressScl);
        Assert.Equal(Ads1115.AddressScl, UnitWiring.Ads1115Address);
        Assert.Equal(0x4B, _sim.Address);
    }

    [Fact]
    public void ConfigWordWithPorFieldsEqualsThePorValue()
    {
        // With MUX 000, PGA 010, DR 100 and OS = MODE = 1, COMP_QUE = 11 the word is the data sheet's reset value 8583h.
        Assert.Equal(0x8583, Ads1115.SingleShotConfig(InputMultiplexer.Ain0Ain1, ProgrammableGain.FullScale2048mV, DataRate.Sps128));
    }

    // OS (15) | MUX (14:12) | PGA (11:9) | MODE (8) | DR (7:5) | COMP_MODE/POL/LAT = 0 | COMP_QUE (1:0) = 11.
    [Theory]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, 0xC3A3)] // goniometer wiper
    [InlineData(InputMultiplexer.Ain3, ProgrammableGain.FullScale4096mV, DataRate.Sps250, 0xF3A3)] // excitation, goniometer rate
    [InlineData(InputMultiplexer.Ain1, ProgrammableGain.FullScale4096mV, DataRate.Sps128, 0xD383)] // ambient NTC
    [InlineData(InputMultiplexer.Ain3, ProgrammableGain.FullScale4096mV, DataRate.Sps128, 0xF383)] // excitation, NTC rate
    [InlineData(InputMultiplexer.Ain2, ProgrammableGain.FullScale4096mV, DataRate.Sps128, 0xE383)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale6144mV, DataRate.Sps128, 0xC183)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale2048mV, DataRate.Sps128, 0xC583)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale1024mV, DataRate.Sps128, 0xC783)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale512mV, DataRate.Sps128, 0xC983)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale256mV, DataRate.Sps128, 0xCB83)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps8, 0xC303)]
    [InlineData(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps860, 0xC3E3)]
    public void SingleShotConfigBitLayout(InputMultiplexer mux, ProgrammableGain gain, DataRate rate, int expected)
    {
        Assert.Equal(expected, Ads1115.SingleShotConfig(mux, gain, rate));
    }

    // SBAS444D Table 3: full-scale range and LSB size per PGA setting.
    [Theory]
    [InlineData(ProgrammableGain.FullScale6144mV, 6.144, 187.5e-6)]
    [InlineData(ProgrammableGain.FullScale4096mV, 4.096, 125e-6)]
    [InlineData(ProgrammableGain.FullScale2048mV, 2.048, 62.5e-6)]
    [InlineData(ProgrammableGain.FullScale1024mV, 1.024, 31.25e-6)]
    [InlineData(ProgrammableGain.FullScale512mV, 0.512, 15.625e-6)]
    [InlineData(ProgrammableGain.FullScale256mV, 0.256, 7.8125e-6)]
    public void FullScaleAndLsbPerGain(ProgrammableGain gain, double fullScale, double lsb)
    {
        Assert.Equal(fullScale, Ads1115.FullScaleVolts(gain));
        Assert.Equal(lsb, Ads1115.ToVolts(1, gain), 12);
        Assert.Equal(-fullScale, Ads1115.ToVolts(-32768, gain), 12);
    }

    [Theory]
    [InlineData(DataRate.Sps8, 125)]
    [InlineData(DataRate.Sps128, 8)]
    [InlineData(DataRate.Sps250, 4)]
    [InlineData(DataRate.Sps475, 3)]
    [InlineData(DataRate.Sps860, 2)]
    public void ConversionTimeIsOneOverRateRoundedUp(DataRate rate, int milliseconds)
    {
        Assert.Equal(milliseconds, Ads1115.ConversionTimeMs(rate));
    }

    [Fact]
    public void SingleShotReadOnTheWire()
    {
        _sim.SetInputVolts(0, 1.0); // 1.0 V / 4.096 V x 32768 = 8000 = 0x1F40

        Assert.Equal(SensorStatus.Ok, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out var raw));

        Assert.Equal(8000, raw);
        Assert.Equal(
            ["Write W[01C3A3] R[] Ok", "Read W[] R[C3A3] Ok", "WriteRead W[00] R[1F40] Ok"],
            _sim.Transfers.Select(t => t.ToString()));
        Assert.Equal(4, _clock.SleptMilliseconds); // exactly one nominal conversion time
    }

    [Fact]
    public void ReadVoltsScalesByTheGain()
    {
        _sim.SetInputVolts(1, 1.65);

        Assert.Equal(SensorStatus.Ok, _adc.ReadVolts(InputMultiplexer.Ain1, ProgrammableGain.FullScale2048mV, DataRate.Sps128, out var volts));

        Assert.Equal(1.65, volts, 4);
    }

    [Fact]
    public void NegativeDifferentialResultIsSigned()
    {
        _sim.SetInputVolts(0, 0.0);
        _sim.SetInputVolts(1, 0.5); // -0.5 V / 2.048 V x 32768 = -8000 = 0xE0C0

        Assert.Equal(SensorStatus.Ok, _adc.ReadRaw(InputMultiplexer.Ain0Ain1, ProgrammableGain.FullScale2048mV, DataRate.Sps128, out var raw));

        Assert.Equal(-8000, raw);
        Assert.Equal("WriteRead W[00] R[E0C0] Ok", _sim.Transfers[^1].ToString());
        Assert.Equal(-0.5, Ads1115.ToVolts(raw, ProgrammableGain.FullScale2048mV));
    }

    [Fact]
    public void InputAboveFullScaleClipsAt7FFF()
    {
        _sim.SetInputVolts(0, 3.3);

        Assert.Equal(SensorStatus.Ok, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale2048mV, DataRate.Sps128, out var raw));

        Assert.Equal(0x7FFF, raw);
    }

    [Fact]
    public void SlowOscillatorIsPolledUntilDone()
    {
        _sim.OscillatorSlowdownPercent = 10; // 4 ms nominal at 250 SPS becomes 4.4 ms
        _sim.SetInputVolts(0, 2.0);

        Assert.Equal(SensorStatus.Ok, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out var raw));

        Assert.Equal(16000, raw);
        Assert.Equal(2, _adc.LastPollCount);
        Assert.Equal("Read W[] R[43A3] Ok", _sim.Transfers[1].ToString()); // OS = 0: still converting
        Assert.Equal("Read W[] R[C3A3] Ok", _sim.Transfers[2].ToString());
    }

    [Fact]
    public void ConversionThatNeverEndsTimesOutAfterBoundedPolls()
    {
        _sim.StuckBusy = true;

        Assert.Equal(SensorStatus.BusError, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out _));

        Assert.Equal(Ads1115.MaxPolls, _adc.LastPollCount);
        Assert.Equal(Ads1115.MaxPolls, _sim.Transfers.Count(t => t.Kind == I2cTransferKind.Read));
        Assert.DoesNotContain(_sim.Transfers, t => t.Kind == I2cTransferKind.WriteRead);
        Assert.Equal(4 + (Ads1115.MaxPolls - 1) * 1, _clock.SleptMilliseconds);
    }

    [Fact]
    public void ConfigThatDoesNotReadBackIsADeviceError()
    {
        _sim.StuckConfig = true;

        Assert.Equal(SensorStatus.DeviceError, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out _));

        Assert.Equal(0, _sim.ConversionsStarted);
    }

    [Fact]
    public void UnpluggedAdcIsMissing()
    {
        _sim.Unplugged = true;

        Assert.Equal(SensorStatus.Missing, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out _));
        Assert.Equal(SensorStatus.Missing, _adc.ReadVolts(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out var volts));
        Assert.True(double.IsNaN(volts));
    }

    [Theory]
    [InlineData(I2cStatus.DataNack)]
    [InlineData(I2cStatus.PartialTransfer)]
    [InlineData(I2cStatus.BusError)]
    public void OtherBusFaultsAreBusErrors(I2cStatus fault)
    {
        _sim.InjectedStatus = fault;

        Assert.Equal(SensorStatus.BusError, _adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out _));
    }
}

/// <summary>The simulated ADS1115 against the data sheet, since other helpers build on it.</summary>
public class SimulatedAds1115Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedAds1115 _sim;

    public SimulatedAds1115Tests()
    {
        _sim = new SimulatedAds1115(_clock);
    }

    [Theory]
    [InlineData(0x00, 0x0000)]
    [InlineData(0x01, 0x8583)]
    [InlineData(0x02, 0x8000)]
    [InlineData(0x03, 0x7FFF)]
    public void PowerOnValuesReadThroughThePointer(byte pointer, int expected)
    {
        var data = new byte[2];

        Assert.Equal(I2cStatus.Ok, _sim.Write([pointer], 1));
        Assert.Equal(I2cStatus.Ok, _sim.Read(data, 2));

        Assert.Equal(expected, (data[0] << 8) | data[1]);
    }

    [Fact]
    public void OsBitReadsZeroWhileConvertingAndOneAfterOneOverDataRate()
    {
        var data = new byte[2];
        _sim.SetInputVolts(2, 0.25);

        Assert.Equal(I2cStatus.Ok, _sim.Write([0x01, 0xE5, 0x03], 3)); // AIN2, +/-2.048 V, single-shot, 8 SPS
        _sim.Read(data, 2);
        Assert.Equal(0x65, data[0]); // OS = 0
        _clock.Advance(124);
        _sim.Read(data, 2);
        Assert.Equal(0x65, data[0]);
        _clock.Advance(1);
        _sim.Read(data, 2);
        Assert.Equal(0xE5, data[0]); // 125 ms later: done

        _sim.WriteRead([0x00], 1, data, 2);
        Assert.Equal(4000, (short)((data[0] << 8) | data[1]));
    }

    [Fact]
    public void OsWriteDuringAConversionStartsNothing()
    {
        _sim.Write([0x01, 0xC5, 0x03], 3);
        _sim.Write([0x01, 0xC5, 0x03], 3);

        Assert.Equal(1, _sim.ConversionsStarted);
    }

    [Fact]
    public void ReservedPointerBitsAreRefused()
    {
        Assert.Equal(I2cStatus.DataNack, _sim.Write([0x04], 1));
    }

    [Fact]
    public void ThresholdRegistersAreWritable()
    {
        _sim.Write([0x02, 0x12, 0x34], 3);
        _sim.Write([0x03, 0x56, 0x78], 3);

        Assert.Equal(0x1234, _sim.LoThresh);
        Assert.Equal(0x5678, _sim.HiThresh);
    }
}
