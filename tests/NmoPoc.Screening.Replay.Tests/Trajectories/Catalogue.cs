namespace NmoPoc.Screening.Replay.Tests.Trajectories;

/// <summary>
/// The synthetic patients. Injury on Monday 2 February 2026 (day 0), so day 55 is 29 March 2026, the
/// spring-forward day in Europe/Berlin: the right-sided onset and the 120-day patient cross it. Baselines are
/// built on days 0–2. Normal: both hips 33.0 °C, flexion 110°, abduction 35°. Noise is uniform: skin ±0.10 °C
/// per probe, goniometer ±1.5° per repetition, unless a trajectory says otherwise.
/// </summary>
internal static class Catalogue
{
    public static readonly DateOnly Injury = new(2026, 2, 2);

    /// <summary>Warmth over the hip (added to 33.0 °C) from the onset day on: 0.6, 1.2, 1.5, then 1.6.</summary>
    private static decimal Warmth(int day, int onset) => (day - onset) switch
    {
        < 0 => 0m, 0 => 0.6m, 1 => 1.2m, 2 => 1.5m, _ => 1.6m,
    };

    /// <summary>Flexion from 2 days before onset: 106, 102, 98, then 92° (loss 18°).</summary>
    private static decimal Flexion(int day, int onset) => (day - onset) switch
    {
        < -2 => 110m, -2 => 106m, -1 => 102m, 0 => 98m, _ => 92m,
    };

    public static TrajectoryGenerator NhoLeft()
    {
        var g = new TrajectoryGenerator("P-left", 1, Injury);
        g.Run(0, 70, d => new DayState { LeftC = 33m + Warmth(d, 40), LeftFlexion = Flexion(d, 40) });
        return g;
    }

    public static TrajectoryGenerator NhoRight()
    {
        var g = new TrajectoryGenerator("P-right", 2, Injury);
        g.Run(0, 80, d => new DayState { RightC = 33m + Warmth(d, 54), RightFlexion = Flexion(d, 54) });
        return g;
    }

    /// <summary>Both hips +1.3 °C from day 45, flexion of both down to 92° from day 47.</summary>
    public static TrajectoryGenerator Bilateral()
    {
        var g = new TrajectoryGenerator("P-bilateral", 3, Injury);
        g.Run(0, 70, d => new DayState
        {
            LeftC = d >= 45 ? 34.3m : 33m, RightC = d >= 45 ? 34.3m : 33m,
            LeftFlexion = d >= 47 ? 92m : 110m, RightFlexion = d >= 47 ? 92m : 110m,
        });
        return g;
    }

    /// <summary>UTI: fever 38.6 °C (day 50 14:00, day 51 08:00), CRP 85 mg/L (upper limit 5) day 50 15:00; skin of both hips +0.4 °C on days 50–52.</summary>
    public static TrajectoryGenerator Uti()
    {
        var g = new TrajectoryGenerator("P-uti", 4, Injury);
        g.Run(0, 90, d => new DayState { LeftC = d is >= 50 and <= 52 ? 33.4m : 33m, RightC = d is >= 50 and <= 52 ? 33.4m : 33m });
        g.CoreTemperature(50, 14, 38.6m);
        g.CoreTemperature(51, 8, 38.6m);
        g.Lab(50, 15, "crp", 85m, 5m, "mg/L");
        return g;
    }

    /// <summary>As <see cref="Uti"/>, but the fever warms the skin of both hips by 1.2 °C on days 50–52.</summary>
    public static TrajectoryGenerator UtiBilateralWarm()
    {
        var g = new TrajectoryGenerator("P-uti-warm", 5, Injury);
        g.Run(0, 90, d => new DayState { LeftC = d is >= 50 and <= 52 ? 34.2m : 33m, RightC = d is >= 50 and <= 52 ? 34.2m : 33m });
        g.CoreTemperature(50, 14, 38.6m);
        g.CoreTemperature(51, 8, 38.6m);
        g.Lab(50, 15, "crp", 85m, 5m, "mg/L");
        return g;
    }

    /// <summary>Left probe loose on day 30 (27.4 °C, not settled), unplugged on days 31–32 (fault + null), back on day 33.</summary>
    public static TrajectoryGenerator SensorFellOff()
    {
        var g = new TrajectoryGenerator("P-sensor", 6, Injury);
        g.Run(0, 60, d => new DayState { LeftProbeLoose = d == 30, LeftProbeMissing = d is 31 or 32 });
        return g;
    }

    /// <summary>
    /// No NHO. Physio A measures with the unit's goniometer daily; physio B enters manual sessions every second day
    /// from day 4, reading 7° less flexion and 5° less abduction than A (plus ±3° per session, ±1.5° per repetition).
    /// </summary>
    public static TrajectoryGenerator TwoRaters()
    {
        var g = new TrajectoryGenerator("P-raters", 7, Injury);
        g.Run(0, 90, _ => new DayState());
        for (var d = 4; d < 90; d += 2)
        {
            foreach (var hip in new[] { HipSide.Left, HipSide.Right })
            {
                g.ManualRom(d, hip, Movement.Flexion, 110m, -7m, "physio-b");
                g.ManualRom(d, hip, Movement.Abduction, 35m, -5m, "physio-b");
            }
        }

        return g;
    }

    public static TrajectoryGenerator NoNho120()
    {
        var g = new TrajectoryGenerator("P-quiet", 8, Injury);
        g.Run(0, 120, _ => new DayState());
        return g;
    }

    /// <summary>Stroke: the paretic left hip reads 0.8 °C colder on days 0–29 and the same as the right from day 30. Probe noise ±0.04 °C.</summary>
    public static TrajectoryGenerator Stroke()
    {
        var g = new TrajectoryGenerator("P-stroke", 9, Injury, injuryType: "stroke", temperatureNoiseC: 0.04m);
        g.Run(0, 60, d => new DayState { LeftC = d < 30 ? 32.2m : 33m });
        return g;
    }

    /// <summary>
    /// Right hip +1.5 °C from day 40, +2.6 °C from day 44 (probe noise ±0.05 °C). The first REFER is acknowledged
    /// and dismissed on day 41 ("pressure injury over the trochanter").
    /// </summary>
    public static TrajectoryGenerator DismissedThenWorse()
    {
        var g = new TrajectoryGenerator("P-dismissed", 11, Injury, temperatureNoiseC: 0.05m);
        g.Run(0, 60, d => new DayState { RightC = d >= 44 ? 35.6m : d >= 40 ? 34.5m : 33m });
        g.Action("acknowledge", "P-dismissed:right:refer:1", g.At(41, 12), "dr-a");
        g.Action("dismiss", "P-dismissed:right:refer:1", g.At(41, 12, 30), "dr-a", "pressure injury over the trochanter");
        return g;
    }

    /// <summary>
    /// Right hip +1.5 °C from day 40 and it stays so (probe noise ±0.05 °C). REFER acknowledged and referred on
    /// day 41; the scan on day 42 (10:00) sees no NHO, recorded at 14:00.
    /// </summary>
    public static TrajectoryGenerator EarlyNegativeScan()
    {
        var g = new TrajectoryGenerator("P-negative-scan", 12, Injury, temperatureNoiseC: 0.05m);
        g.Run(0, 70, d => new DayState { RightC = d >= 40 ? 34.5m : 33m });
        g.Action("acknowledge", "P-negative-scan:right:refer:1", g.At(41, 12), "dr-b");
        g.Action("refer", "P-negative-scan:right:refer:1", g.At(41, 12, 5), "dr-b");
        g.Outcome("P-negative-scan:right:refer:1", g.At(42, 14), g.At(42, 10), "nhoNotSeen", "dr-b");
        return g;
    }

    /// <summary>
    /// Room at 16 °C on days 30–33 while a hot pack left the left hip 1.5 °C warmer: every round fails the gate
    /// (ambient outside 18–24 °C, flagged by the unit as well).
    /// </summary>
    public static TrajectoryGenerator ColdRoom()
    {
        var g = new TrajectoryGenerator("P-cold-room", 13, Injury);
        g.Run(0, 60, d => d is >= 30 and <= 33 ? new DayState { AmbientC = 16m, LeftC = 34.5m } : new DayState());
        return g;
    }
}
