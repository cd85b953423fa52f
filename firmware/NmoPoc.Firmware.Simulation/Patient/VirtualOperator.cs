using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Simulation.Patient;

/// <summary>
/// A nurse following the ward routine by pressing the unit's buttons, so the real workflow state machines run
/// unchanged: at each scheduled slot she fits the probes and starts a temperature round, confirms rest once the hips
/// are uncovered, waits for the unit to finish; after the day's first round she takes ROM sessions (three
/// repetitions each: press, move the limb to end range, press, return). Ticked by <see cref="VirtualBedsideUnit"/>.
/// </summary>
public sealed class VirtualOperator
{
    private const long UncoverMs = 30_000;
    private const long RestBeforeRepMs = 1_000;
    private const long SweepMs = 2_000;
    private const long HoldMs = 300;
    private const long ReturnMs = 1_000;
    private const long FirstSlotMs = 8 * 3_600_000L;

    private readonly MeasurementWorkflow _workflow;
    private readonly PatientModel _patient;
    private readonly int _roundsPerDay;
    private readonly (HipSide Side, Movement Movement)[] _sessions;
    private Phase _phase = Phase.Idle;
    private long _phaseStartMs;
    private long _nextSlotMs = long.MinValue;
    private bool _romDue;
    private int _session;
    private int _repetition;
    private double _peakDeg;
    private double _sessionOffsetDeg;

    public VirtualOperator(MeasurementWorkflow workflow, PatientModel patient, int roundsPerDay, (HipSide, Movement)[] romSessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundsPerDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(roundsPerDay, 24);
        _workflow = workflow;
        _patient = patient;
        _roundsPerDay = roundsPerDay;
        _sessions = romSessions;
    }

    private enum Phase { Idle, Uncovering, RoundRunning, RepRest, RepSweep, RepHold, RepReturn }

    /// <summary>Goniometer arm angle the operator holds right now.</summary>
    public double ArmAngleDeg { get; private set; }

    /// <summary>When the probes were last put on the skin (they start at room temperature).</summary>
    public long ProbesFittedAtMs { get; private set; } = long.MinValue;

    public int RoundsStarted { get; private set; }
    public int SessionsStarted { get; private set; }

    /// <summary>Buttons the workflow refused (should stay 0: the script waits for the right state).</summary>
    public int Refusals { get; private set; }

    public bool IsIdle => _phase == Phase.Idle;

    /// <summary>Largest clock step that keeps the script and the sampling faithful from <paramref name="wallMs"/> on.</summary>
    public long MaxStepMs(long wallMs) => _phase switch
    {
        Phase.Idle => Math.Max(1, _nextSlotMs == long.MinValue ? 1 : _nextSlotMs - wallMs),
        Phase.Uncovering or Phase.RoundRunning => 500,
        _ => 25,
    };

    /// <summary>The first slot at or after <paramref name="wallMs"/>: rounds spread evenly over the day from 08:00 UTC.</summary>
    public long NextSlot(long wallMs)
    {
        long spacing = PatientModel.MsPerDay / _roundsPerDay;
        long dayStart = wallMs - Mod(wallMs, PatientModel.MsPerDay);
        long first = dayStart + FirstSlotMs - PatientModel.MsPerDay;
        long k = (wallMs - first + spacing - 1) / spacing;
        long slot = first + k * spacing;

        // Slots restart at 08:00 each day (spacing may not divide the day exactly).
        long slotDay = slot - Mod(slot - FirstSlotMs, PatientModel.MsPerDay);
        return Mod(slot - FirstSlotMs, PatientModel.MsPerDay) >= spacing * _roundsPerDay ? slotDay + PatientModel.MsPerDay : slot;
    }

    public void Tick(long wallMs)
    {
        if (_nextSlotMs == long.MinValue)
        {
            _nextSlotMs = NextSlot(wallMs);
        }

        long inPhase = wallMs - _phaseStartMs;
        switch (_phase)
        {
            case Phase.Idle:
                if (wallMs >= _nextSlotMs && !_workflow.IsBusy)
                {
                    _romDue = IsFirstSlotOfDay(_nextSlotMs) && _sessions.Length > 0;
                    _nextSlotMs = NextSlot(wallMs + 1);
                    ProbesFittedAtMs = wallMs;
                    Press(_workflow.StartTemperatureRound() == StartResult.Started);
                    RoundsStarted++;
                    Enter(Phase.Uncovering, wallMs);
                }

                break;
            case Phase.Uncovering:
                if (inPhase >= UncoverMs)
                {
                    Press(_workflow.ConfirmRest());
                    Enter(Phase.RoundRunning, wallMs);
                }

                break;
            case Phase.RoundRunning:
                if (!_workflow.Temperature.IsRunning)
                {
                    if (_romDue)
                    {
                        _session = 0;
                        StartSession(wallMs);
                    }
                    else
                    {
                        Enter(Phase.Idle, wallMs);
                    }
                }

                break;
            case Phase.RepRest:
                ArmAngleDeg = 0;
                if (inPhase >= RestBeforeRepMs)
                {
                    var (side, movement) = _sessions[_session];
                    _peakDeg = _patient.RomDeg(side, movement, wallMs) + _sessionOffsetDeg + _patient.Gaussian(1.2);
                    Press(_workflow.PressRepetition());
                    Enter(Phase.RepSweep, wallMs);
                }

                break;
            case Phase.RepSweep:
                ArmAngleDeg = _peakDeg * Math.Min(1.0, (double)inPhase / SweepMs);
                if (inPhase >= SweepMs)
                {
                    Enter(Phase.RepHold, wallMs);
                }

                break;
            case Phase.RepHold:
                ArmAngleDeg = _peakDeg;
                if (inPhase >= HoldMs)
                {
                    Press(_workflow.PressRepetition());
                    _repetition++;
                    Enter(Phase.RepReturn, wallMs);
                }

                break;
            case Phase.RepReturn:
                ArmAngleDeg = _peakDeg * Math.Max(0.0, 1.0 - (double)inPhase / ReturnMs);
                if (inPhase >= ReturnMs)
                {
                    ArmAngleDeg = 0;
                    if (_repetition < RomSession.Repetitions)
                    {
                        Enter(Phase.RepRest, wallMs);
                    }
                    else if (++_session < _sessions.Length)
                    {
                        StartSession(wallMs);
                    }
                    else
                    {
                        Enter(Phase.Idle, wallMs);
                    }
                }

                break;
        }
    }

    private void StartSession(long wallMs)
    {
        var (side, movement) = _sessions[_session];
        _repetition = 0;

        // Between-session goniometer error (placement, end-feel): SEM about 4°.
        _sessionOffsetDeg = _patient.Gaussian(4.0);
        Press(_workflow.StartRomSession(side, movement) == StartResult.Started);
        SessionsStarted++;
        Enter(Phase.RepRest, wallMs);
    }

    private bool IsFirstSlotOfDay(long slotMs) => Mod(slotMs - FirstSlotMs, PatientModel.MsPerDay) < PatientModel.MsPerDay / _roundsPerDay;

    private void Enter(Phase phase, long wallMs)
    {
        _phase = phase;
        _phaseStartMs = wallMs;
    }

    private void Press(bool accepted)
    {
        if (!accepted)
        {
            Refusals++;
        }
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;
}
