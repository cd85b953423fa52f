using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Host.Clinical;

namespace NmoPoc.Host.Demo;

/// <summary>One demo bed: the synthetic patient on it, the unit measuring them and what happens to them.</summary>
/// <param name="BackfillDays">Days of history the unit generates on first start (the assignment starts a day earlier).</param>
/// <param name="OnsetDaysAgo">Days before the seed time the scenario's event (NHO, fever, probe falling off) starts.</param>
public sealed record DemoBed(
    int Number, InjuryType InjuryType, int InjuryDaysBeforeAssignment, RiskFactor[] RiskFactors,
    Scenario Scenario, int BackfillDays, int OnsetDaysAgo)
{
    public string Pseudonym => $"DEMO-{Number:000}";

    public string DisplayName => $"DEMO Patient {Number:00}";

    public string BedLabel => $"DEMO Bed {Number:00}";

    public string UnitId => $"demo-unit-{Number:00}";
}

/// <summary>
/// The demo ward: 12 synthetic patients, every name and ID marked DEMO. Mostly stable patients, two NHO onsets
/// (left, right), one bilateral NHO, one fever (a false-alarm trap), one probe falling off, one stroke with a paretic side.
/// </summary>
public static class DemoWard
{
    public const string WardName = "DEMO ward (synthetic patients, not for clinical use)";

    public const string Notice = "DEMO MODE: synthetic patients, not for clinical use";

    public static readonly IReadOnlyList<DemoBed> Beds =
    [
        new(1, InjuryType.SciComplete, 12, [RiskFactor.Male, RiskFactor.CompleteInjury, RiskFactor.Uti, RiskFactor.Spasticity], Scenario.NhoLeft, 45, 12),
        new(2, InjuryType.Tbi, 20, [RiskFactor.Male, RiskFactor.Spasticity, RiskFactor.AutonomicDysregulation], Scenario.Healthy, 38, 10),
        new(3, InjuryType.SciIncomplete, 8, [RiskFactor.Smoking], Scenario.Healthy, 30, 10),
        new(4, InjuryType.Tbi, 15, [RiskFactor.Male, RiskFactor.Pneumonia, RiskFactor.Spasticity], Scenario.NhoRight, 52, 7),
        new(5, InjuryType.Burn, 5, [RiskFactor.Male], Scenario.Healthy, 33, 10),
        new(6, InjuryType.SciComplete, 25, [RiskFactor.Male, RiskFactor.CompleteInjury, RiskFactor.PressureUlcer, RiskFactor.Uti], Scenario.Bilateral, 60, 14),
        new(7, InjuryType.SciIncomplete, 10, [RiskFactor.Uti], Scenario.Fever, 41, 9),
        new(8, InjuryType.Other, 30, [], Scenario.Healthy, 35, 10),
        new(9, InjuryType.Tbi, 18, [RiskFactor.Smoking, RiskFactor.Male], Scenario.SensorOff, 44, 2),
        new(10, InjuryType.Stroke, 6, [RiskFactor.Spasticity], Scenario.StrokePareticLeft, 57, 10),
        new(11, InjuryType.SciIncomplete, 14, [RiskFactor.Male, RiskFactor.Pneumonia], Scenario.Healthy, 48, 10),
        new(12, InjuryType.Burn, 9, [RiskFactor.PressureUlcer], Scenario.Healthy, 31, 10),
    ];
}
