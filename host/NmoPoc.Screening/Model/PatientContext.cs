namespace NmoPoc.Screening;

/// <summary>What caused the neurological injury. Shown for context; it never changes a threshold.</summary>
public enum InjuryType
{
    SpinalCordInjuryComplete,
    SpinalCordInjuryIncomplete,
    TraumaticBrainInjury,
    Stroke,
    Burn,
    Other,
}

/// <summary>
/// Risk factors from the rule set's monitoring schedule (section 3). They set how often to measure and are
/// shown for context; they never lower a threshold. Complete SCI is carried by <see cref="InjuryType"/>.
/// </summary>
[Flags]
public enum RiskFactors
{
    None = 0,
    /// <summary>SCI odds ratio 3.8.</summary>
    UrinaryTractInfection = 1,
    /// <summary>SCI odds ratio 2.9.</summary>
    Smoking = 2,
    /// <summary>SCI odds ratio 2.9.</summary>
    Pneumonia = 4,
    /// <summary>SCI odds ratio 2.5.</summary>
    PressureUlcer = 8,
    /// <summary>SCI odds ratio 2.3.</summary>
    Male = 16,
    /// <summary>SCI odds ratio 2.1.</summary>
    Spasticity = 32,
    /// <summary>Brain injury: the strongest predictor, relative risk about 60.</summary>
    AutonomicDysregulation = 64,
}

/// <summary>The patient a state belongs to. The patient id is the host's; it never reaches a device.</summary>
public sealed record PatientContext(
    string PatientId,
    DateOnly InjuryDate,
    InjuryType InjuryType,
    RiskFactors RiskFactors = RiskFactors.None);
