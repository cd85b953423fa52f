using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Simulation.Patient;

/// <summary>
/// A virtual patient: true skin temperatures over both hips, room temperature and passive hip range of motion as
/// functions of time since the scenario began, deterministic from a seed. Magnitudes follow the clinical brief:
/// healthy left-right skin asymmetry 0.27 ± 0.20 °C between patients, probe noise about ±0.1 °C, goniometer
/// between-session error (SEM) about 4°, NHO warmth about +1.5 °C within ~5 days and flexion loss of 20-30° over
/// 1-2 weeks. The model gives what a perfect instrument would read; the devices add their own noise.
/// </summary>
public sealed class PatientModel
{
    public const long MsPerDay = 86_400_000L;

    private readonly Random _random;
    private readonly double _leftBaseC;
    private readonly double _rightBaseC;
    private readonly double _roomBaseC;
    private readonly double[] _romBaseDeg = new double[4];

    public PatientModel(Scenario scenario, int seed, long scenarioStartMs, double onsetDay = 10)
    {
        Scenario = scenario;
        Seed = seed;
        ScenarioStartMs = scenarioStartMs;
        OnsetDay = onsetDay;
        _random = new Random(seed);
        double mean = 33.4 + Gaussian(0.5);

        // Healthy asymmetry |L-R| ~ 0.27 ± 0.20 °C between patients; which side is warmer is random.
        double asymmetry = Math.Abs(0.27 + Gaussian(0.20)) * (_random.Next(2) == 0 ? 1 : -1);
        _leftBaseC = mean + asymmetry / 2;
        _rightBaseC = mean - asymmetry / 2;
        if (scenario is Scenario.StrokePareticLeft or Scenario.StrokePareticLeftNho)
        {
            _leftBaseC -= 0.6 + Math.Abs(Gaussian(0.2));
        }
        else if (scenario == Scenario.StrokePareticRight)
        {
            _rightBaseC -= 0.6 + Math.Abs(Gaussian(0.2));
        }

        _roomBaseC = 21.5 + Gaussian(0.6);
        _romBaseDeg[(int)Movement.Flexion] = 105 + Gaussian(6);
        _romBaseDeg[(int)Movement.Abduction] = 38 + Gaussian(4);
        _romBaseDeg[(int)Movement.InternalRotation] = 32 + Gaussian(4);
        _romBaseDeg[(int)Movement.ExternalRotation] = 38 + Gaussian(4);
        FlexionLossDeg = 20 + _random.NextDouble() * 10;
        WarmthC = 1.3 + _random.NextDouble() * 0.4;
    }

    public Scenario Scenario { get; }
    public int Seed { get; }

    /// <summary>UTC epoch ms of day 0.</summary>
    public long ScenarioStartMs { get; }

    /// <summary>Day (since the scenario start) NHO or the fever or the probe problem begins.</summary>
    public double OnsetDay { get; }

    /// <summary>Final NHO warmth at the affected hip (1.3-1.7 °C).</summary>
    public double WarmthC { get; }

    /// <summary>Final flexion loss at the affected hip (20-30°).</summary>
    public double FlexionLossDeg { get; }

    public double LeftBaselineC => _leftBaseC;
    public double RightBaselineC => _rightBaseC;

    public double Day(long wallMs) => (double)(wallMs - ScenarioStartMs) / MsPerDay;

    /// <summary>True skin temperature over a hip.</summary>
    public double SkinC(HipSide side, long wallMs)
    {
        double day = Day(wallMs);
        double baseline = side == HipSide.Left ? _leftBaseC : _rightBaseC;

        // Small circadian swing, the same on both sides (it cancels in the asymmetry).
        double circadian = 0.15 * Math.Sin(2 * Math.PI * (day - 0.3));
        double fever = Scenario == Scenario.Fever ? FeverC(day) * 0.8 : 0;
        return baseline + circadian + fever + WarmthOf(side, day);
    }

    /// <summary>Core temperature (°C): 37.0, up to 38.6 during the fever episode.</summary>
    public double CoreC(long wallMs) => 37.0 + (Scenario == Scenario.Fever ? FeverC(Day(wallMs)) : 0);

    public double RoomC(long wallMs)
    {
        double day = Day(wallMs);
        return _roomBaseC + 0.8 * Math.Sin(2 * Math.PI * (day - 0.25));
    }

    /// <summary>True passive range (end-range angle) of a hip movement.</summary>
    public double RomDeg(HipSide side, Movement movement, long wallMs)
    {
        double baseline = _romBaseDeg[(int)movement] + (side == HipSide.Right ? 1.5 : -1.5);
        double loss = LossFraction(side, Day(wallMs));
        double scale = movement == Movement.Flexion ? 1.0 : 0.4;
        return baseline - loss * FlexionLossDeg * scale;
    }

    public ProbeAttachment Probe(HipSide side, long wallMs)
    {
        if (Scenario != Scenario.SensorOff || side != HipSide.Right)
        {
            return ProbeAttachment.OnSkin;
        }

        double since = Day(wallMs) - OnsetDay;
        return since switch
        {
            < 0 => ProbeAttachment.OnSkin,
            < 1 => ProbeAttachment.Detached,
            < 2 => ProbeAttachment.Unplugged,
            _ => ProbeAttachment.OnSkin,
        };
    }

    /// <summary>Which hips develop NHO in this scenario, and from which day.</summary>
    public bool HasNho(HipSide side, out double onsetDay)
    {
        onsetDay = OnsetDay;
        switch (Scenario)
        {
            case Scenario.NhoLeft:
            case Scenario.StrokePareticLeftNho:
                return side == HipSide.Left;
            case Scenario.NhoRight:
                return side == HipSide.Right;
            case Scenario.Bilateral:
                onsetDay = side == HipSide.Left ? OnsetDay : OnsetDay + 3;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Standard normal times <paramref name="sd"/> (Box-Muller), from this patient's own stream.</summary>
    public double Gaussian(double sd)
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private double WarmthOf(HipSide side, double day)
    {
        if (!HasNho(side, out double onset) || day < onset)
        {
            return 0;
        }

        // Rises over ~5 days (logistic centred 2.5 days after onset), then plateaus.
        double x = day - onset;
        return WarmthC / (1 + Math.Exp(-(x - 2.5) * 1.6)) - WarmthC / (1 + Math.Exp(4.0));
    }

    private double LossFraction(HipSide side, double day)
    {
        if (!HasNho(side, out double onset) || day < onset + 1)
        {
            return 0;
        }

        // Stiffening lags the warmth by about a day and progresses over ~10 days.
        return Math.Min(1.0, (day - onset - 1) / 10.0);
    }

    private double FeverC(double day)
    {
        double x = day - OnsetDay;
        return x is < 0 or > 3 ? 0 : 1.6 * Math.Sin(Math.PI * x / 3);
    }
}
