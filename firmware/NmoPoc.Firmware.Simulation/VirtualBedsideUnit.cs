using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Simulation;

/// <summary>What one virtual unit is: its ID, patient scenario, routine and outbox size.</summary>
public sealed class VirtualBedsideUnitOptions
{
    public required string UnitId { get; init; }
    public Scenario Scenario { get; init; } = Scenario.Healthy;
    public int Seed { get; init; } = 1;

    /// <summary>UTC epoch ms of scenario day 0.</summary>
    public long ScenarioStartMs { get; init; }

    /// <summary>Scenario day the NHO, fever or probe problem begins.</summary>
    public double OnsetDay { get; init; } = 10;
    public int RoundsPerDay { get; init; } = 2;
    public string OperatorId { get; init; } = "N-1042";

    /// <summary>Flexion and abduction of both hips.</summary>
    public static readonly (HipSide Side, Movement Movement)[] DefaultRomSessions =
        [(HipSide.Left, Movement.Flexion), (HipSide.Right, Movement.Flexion), (HipSide.Left, Movement.Abduction), (HipSide.Right, Movement.Abduction)];

    /// <summary>All four movements of both hips: what the host's measurement schedule asks for.</summary>
    public static readonly (HipSide Side, Movement Movement)[] AllRomSessions =
    [
        .. DefaultRomSessions,
        (HipSide.Left, Movement.InternalRotation), (HipSide.Right, Movement.InternalRotation),
        (HipSide.Left, Movement.ExternalRotation), (HipSide.Right, Movement.ExternalRotation),
    ];

    /// <summary>ROM sessions taken after the first round of each day.</summary>
    public (HipSide Side, Movement Movement)[] RomSessions { get; init; } = DefaultRomSessions;

    public int OutboxCapacity { get; init; } = 1024;
    public int HeartbeatIntervalSeconds { get; init; } = 60;
    public ForwarderOptions Forwarder { get; init; } = new();
    public string FirmwareVersion { get; init; } = "1.0.0";

    /// <summary>Storage bytes the outbox of this size needs (file size of the unit's outbox file).</summary>
    public long StorageBytes => new OutboxOptions(OutboxCapacity, ProtocolRules.MaxPayloadBytes).RequiredStorageBytes;
}

/// <summary>
/// One bedside unit in software: the unchanged firmware core (<see cref="BedsideUnit"/>, drivers, workflow, outbox,
/// forwarder) wired to register-level simulated parts (two MAX30205 skin probes, an ADS1115 with the goniometer pot
/// and the ambient NTC divider) that a <see cref="PatientModel"/> drives, and a <see cref="VirtualOperator"/> pressing
/// the buttons. Time is a <see cref="ManualClock"/> moved by <see cref="Run"/>. One power-up: to reboot, make a new
/// one over the same storage (the outbox counts the boot and replays what is queued).
/// </summary>
public sealed class VirtualBedsideUnit
{
    private const double ProbePairOffsetC = 0.05;
    private const long ProbeTimeConstantMs = 60_000;

    // While connected the main loop runs at least once a second (heartbeat, forwarder); offline, idle hours are skipped.
    private const long ConnectedMaxStepMs = 1_000;

    private readonly double _roundOffsetRangeC = 0.08;
    private double _leftRoundOffsetC;
    private double _rightRoundOffsetC;
    private long _offsetsForFitMs = long.MinValue;

    private readonly IMqttLink _link;

    public VirtualBedsideUnit(VirtualBedsideUnitOptions options, IBlockStorage storage, IMqttLink link, ManualClock clock, ILog log)
    {
        Options = options;
        _link = link;
        Clock = clock;
        Patient = new PatientModel(options.Scenario, options.Seed, options.ScenarioStartMs, options.OnsetDay);

        LeftProbe = new SimulatedMax30205(UnitWiring.LeftHipMax30205Address) { BusClockHz = UnitWiring.SensorBusClockHz, RecordTransfers = false };
        RightProbe = new SimulatedMax30205(UnitWiring.RightHipMax30205Address) { BusClockHz = UnitWiring.SensorBusClockHz, RecordTransfers = false };
        Adc = new SimulatedAds1115(clock, UnitWiring.Ads1115Address) { BusClockHz = UnitWiring.SensorBusClockHz, RecordTransfers = false };
        Adc.SetInputVolts(3, 3.3);
        Pot = new SimulatedPotentiometer(Adc);
        Room = new SimulatedNtcDivider(Adc);

        var left = new Max30205(LeftProbe);
        var right = new Max30205(RightProbe);
        left.Initialize();
        right.Initialize();
        var adc = new Ads1115(Adc, clock);
        var goniometer = new Goniometer(adc, CalibrateOnJig(adc));

        var outbox = PersistentOutbox.Open(storage, new OutboxOptions(options.OutboxCapacity, ProtocolRules.MaxPayloadBytes), log);
        long calibratedAt = options.ScenarioStartMs - 5 * PatientModel.MsPerDay;
        Unit = new BedsideUnit(new BedsideUnitParts
        {
            UnitId = options.UnitId,
            FirmwareVersion = options.FirmwareVersion,
            Settings = new MeasurementSettings { BadgeOperatorId = options.OperatorId },
            Calibration = new CalibrationRecord { PairOffsetC = ProbePairOffsetC, PairCalibratedAtMs = calibratedAt, GoniometerCalibratedAtMs = calibratedAt },
            LeftHip = left,
            RightHip = right,
            Ambient = new NtcThermistor(adc),
            Goniometer = goniometer,
            Clock = clock,
            WallClock = clock,
            Outbox = outbox,
            Link = link,
            Forwarder = options.Forwarder,
            HeartbeatIntervalSeconds = options.HeartbeatIntervalSeconds,
            Log = log,
        });
        Operator = new VirtualOperator(Unit.Workflow, Patient, options.RoundsPerDay, options.RomSessions);
    }

    public VirtualBedsideUnitOptions Options { get; }
    public ManualClock Clock { get; }
    public PatientModel Patient { get; }
    public VirtualOperator Operator { get; }
    public BedsideUnit Unit { get; }
    public SimulatedMax30205 LeftProbe { get; }
    public SimulatedMax30205 RightProbe { get; }
    public SimulatedAds1115 Adc { get; }
    public SimulatedPotentiometer Pot { get; }
    public SimulatedNtcDivider Room { get; }

    /// <summary>
    /// Moves virtual time forward by <paramref name="milliseconds"/> in steps small enough for the workflow's
    /// sampling and the operator's script (long idle stretches are crossed in one step), ticking the unit each step.
    /// </summary>
    public ForwardStatus Run(long milliseconds)
    {
        long end = Clock.ElapsedMilliseconds + milliseconds;
        ForwardStatus status = Step();
        while (Clock.ElapsedMilliseconds < end)
        {
            long step = Math.Min(end - Clock.ElapsedMilliseconds, Operator.MaxStepMs(Clock.UtcNowMilliseconds));
            if (_link.IsConnected)
            {
                step = Math.Min(step, ConnectedMaxStepMs);
            }

            Clock.Advance(Math.Max(1, step));
            status = Step();
        }

        return status;
    }

    /// <summary>Runs until the wall clock reaches <paramref name="wallMs"/>.</summary>
    public ForwardStatus RunUntil(long wallMs) => Run(Math.Max(0, wallMs - Clock.UtcNowMilliseconds));

    /// <summary>One tick at the current time: patient to parts, operator, firmware.</summary>
    public ForwardStatus Step()
    {
        long now = Clock.UtcNowMilliseconds;
        Operator.Tick(now);
        ApplyPatient(now);
        return Unit.Tick();
    }

    private GoniometerCalibration CalibrateOnJig(Ads1115 adc)
    {
        // As a technician would: arms at 0° then 90° on the jig, raw counts stored.
        var uncalibrated = new Goniometer(adc, new GoniometerCalibration(0, 10_000, 0));
        Pot.AngleDegrees = 0;
        uncalibrated.ReadRaw(out int atZero);
        Pot.AngleDegrees = 90;
        uncalibrated.ReadRaw(out int atNinety);
        Pot.AngleDegrees = 0;
        return new GoniometerCalibration(atZero, atNinety, Options.ScenarioStartMs - 5 * PatientModel.MsPerDay);
    }

    private void ApplyPatient(long now)
    {
        double room = Patient.RoomC(now);
        Room.TemperatureC = room + Patient.Gaussian(0.03);

        // A live goniometer jitters in its last bits; a frozen one is a fault the firmware catches.
        Pot.AngleDegrees = Operator.ArmAngleDeg + Patient.Gaussian(0.05);

        if (_offsetsForFitMs != Operator.ProbesFittedAtMs)
        {
            // Probe-to-skin contact differs a little at each fitting: about ±0.1 °C between rounds.
            _offsetsForFitMs = Operator.ProbesFittedAtMs;
            _leftRoundOffsetC = Patient.Gaussian(_roundOffsetRangeC);
            _rightRoundOffsetC = Patient.Gaussian(_roundOffsetRangeC);
        }

        Drive(LeftProbe, HipSide.Left, now, room, _leftRoundOffsetC, 0);
        Drive(RightProbe, HipSide.Right, now, room, _rightRoundOffsetC, ProbePairOffsetC);
    }

    private void Drive(SimulatedMax30205 probe, HipSide side, long now, double room, double fitOffset, double probeOffset)
    {
        var attachment = Patient.Probe(side, now);
        probe.Unplugged = attachment == ProbeAttachment.Unplugged;
        double noise = Patient.Gaussian(0.03);
        if (attachment == ProbeAttachment.Detached)
        {
            probe.TemperatureC = room + 1.5 + noise + probeOffset;
            return;
        }

        double skin = Patient.SkinC(side, now) + fitOffset;
        double sinceFit = Operator.ProbesFittedAtMs == long.MinValue ? double.MaxValue : now - Operator.ProbesFittedAtMs;
        double start = room + 2;
        double t = skin + (start - skin) * Math.Exp(-sinceFit / ProbeTimeConstantMs);
        probe.TemperatureC = t + noise + probeOffset;
    }
}
