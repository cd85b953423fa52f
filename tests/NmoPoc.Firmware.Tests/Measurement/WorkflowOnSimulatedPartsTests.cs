using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;
using SimClock = NmoPoc.Firmware.Simulation.Devices.ManualClock;

namespace NmoPoc.Firmware.Tests.Measurement;

/// <summary>
/// The workflow on the real drivers and the register-level simulated parts: what a bedside unit does, minus the
/// wires. The simulated patient jitters by about one sensor LSB per sample, as a live patient and sensor do.
/// </summary>
public class WorkflowOnSimulatedPartsTests
{
    private readonly SimClock _clock = new();
    private readonly Wall _wall;
    private readonly RecordingSink _sink = new();
    private readonly SimulatedMax30205 _leftPart = new(Max30205.AddressAllGnd) { RecordTransfers = false };
    private readonly SimulatedMax30205 _rightPart = new(Max30205.AddressA0Vdd) { RecordTransfers = false };
    private readonly SimulatedAds1115 _adcPart;
    private readonly SimulatedNtcDivider _ntc;
    private readonly SimulatedPotentiometer _pot;
    private readonly MeasurementWorkflow _workflow;
    private int _tick;

    public WorkflowOnSimulatedPartsTests()
    {
        _wall = new Wall(_clock);
        _adcPart = new SimulatedAds1115(_clock) { RecordTransfers = false };
        _adcPart.SetInputVolts(3, 3.3);
        _ntc = new SimulatedNtcDivider(_adcPart);
        _pot = new SimulatedPotentiometer(_adcPart);
        var adc = new Ads1115(_adcPart, _clock);
        var settings = new MeasurementSettings { BadgeOperatorId = "4711" };
        _workflow = new MeasurementWorkflow(settings, new Max30205(_leftPart), new Max30205(_rightPart), new NtcThermistor(adc),
            new Goniometer(adc, new GoniometerCalibration(8192, 18022, _wall.UtcNowMilliseconds)), _clock, _wall, _sink, null);
        _workflow.SetCalibration(new CalibrationRecord
        {
            PairOffsetC = 0.5,
            PairCalibratedAtMs = _wall.UtcNowMilliseconds - 86_400_000,
            GoniometerCalibratedAtMs = _wall.UtcNowMilliseconds,
        });
    }

    /// <summary>Sets the simulated patient, then ticks: 100 ms per tick.</summary>
    private void Run(long ms, double leftC, double rightC, double roomC, double angleDeg = 0)
    {
        long end = _clock.ElapsedMilliseconds + ms;
        while (_clock.ElapsedMilliseconds < end)
        {
            _clock.Advance(100);
            double lsb = (_tick++ / 10 % 2) * Max30205.DegreesPerLsb;
            _leftPart.TemperatureC = leftC + lsb;
            _rightPart.TemperatureC = rightC + lsb;
            _ntc.TemperatureC = roomC + 5 * lsb;
            _pot.AngleDegrees = angleDeg + lsb * 10;
            _workflow.Tick();
        }
    }

    [Fact]
    public void ARoundThroughTheDriversGivesThePatientsTemperatures()
    {
        Assert.Equal(StartResult.Started, _workflow.StartTemperatureRound());
        _workflow.ConfirmRest();
        Run(601_000, leftC: 33.0, rightC: 33.8, roomC: 21.0);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(QualityFlags.None, r.Quality);
        Assert.Equal(33.0, r.LeftTempC, tolerance: 0.01);
        Assert.Equal(33.8 - 0.5, r.RightTempC, tolerance: 0.01);
        Assert.Equal(21.0, r.AmbientTempC, tolerance: 0.1);
        Assert.Empty(_sink.Faults);
    }

    [Fact]
    public void AFrozenMax30205IsReportedStuckAndNeverSettles()
    {
        _workflow.StartTemperatureRound();
        _workflow.ConfirmRest();
        Run(5_000, 33.0, 33.2, 21.0);
        _leftPart.FrozenTemperature = true;
        Run(600_000, 33.0, 33.2, 21.0);
        _workflow.EndTemperatureRound();

        var r = Assert.Single(_sink.Rounds);
        Assert.False(r.LeftSettled);
        Assert.Equal(QualityFlags.LeftFault | QualityFlags.LeftNotSettled, r.Quality);
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((Channel.LeftHip, SensorStatus.Stuck), (fault.Channel, fault.Status));
    }

    [Fact]
    public void AnUnpluggedProbeIsOneMissingFaultAndNaN()
    {
        _rightPart.Unplugged = true;
        _workflow.StartTemperatureRound();
        _workflow.ConfirmRest();
        Run(600_000, 33.0, 33.2, 21.0);
        _workflow.EndTemperatureRound();

        var r = Assert.Single(_sink.Rounds);
        Assert.True(double.IsNaN(r.RightTempC));
        Assert.Equal(QualityFlags.RightFault | QualityFlags.RightNotSettled, r.Quality);
        Assert.Equal((Channel.RightHip, SensorStatus.Missing), (Assert.Single(_sink.Faults).Channel, _sink.Faults[0].Status));
    }

    [Fact]
    public void AShortedPotInvalidatesTheRepetitionItHappenedIn()
    {
        _workflow.StartRomSession(HipSide.Right, Movement.Flexion);
        foreach (var (peak, shorted) in new[] { (100.0, false), (102.0, true), (104.0, false) })
        {
            _workflow.PressRepetition();
            Run(1000, 33, 33, 21, angleDeg: 10);
            _pot.WiperShortedToGround = shorted;
            Run(1000, 33, 33, 21, angleDeg: peak);
            _pot.WiperShortedToGround = false;
            Run(1000, 33, 33, 21, angleDeg: 10);
            _workflow.PressRepetition();
        }

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal([true, false, true], s.RepetitionValid);
        Assert.Equal(102.0, s.MedianDeg, tolerance: 0.1);
        Assert.True(s.Valid);
        Assert.Equal(QualityFlags.GoniometerFault, s.Quality);
        Assert.Equal(SensorStatus.RailLow, Assert.Single(_sink.Faults).Status);
    }

    private sealed class Wall(IMonotonicClock clock) : IWallClock
    {
        public bool IsSynchronized => true;

        public long UtcNowMilliseconds => 1_767_225_600_000 + clock.ElapsedMilliseconds;
    }
}
