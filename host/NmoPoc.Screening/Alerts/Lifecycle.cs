using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

public enum AlertStatus
{
    /// <summary>REFER raised, not yet acknowledged (escalates); WATCH shown on the worklist.</summary>
    Open,
    Acknowledged,
    /// <summary>Ultrasound requested; waiting for the outcome. New evidence still attaches.</summary>
    Referred,
    /// <summary>Closed by a clinician with a reason; the hip is suppressed for a while.</summary>
    Dismissed,
    /// <summary>Closed with an ultrasound outcome.</summary>
    OutcomeRecorded,
    /// <summary>WATCH only: cleared by the engine after normal readings.</summary>
    Cleared,
}

public enum TransitionKind
{
    /// <summary>First alert of this level on this hip.</summary>
    Raised,
    /// <summary>A new alert on a hip that had one before (after clearing, dismissal or an outcome).</summary>
    ReRaised,
    /// <summary>New evidence added to the open alert; no new alert.</summary>
    EvidenceAttached,
    /// <summary>A REFER rule held but a dismissal or an ultrasound outcome holds new REFERs back.</summary>
    Suppressed,
    Cleared,
    Acknowledged,
    Referred,
    Dismissed,
    OutcomeRecorded,
}

public enum UltrasoundOutcome
{
    NhoSeen,
    NhoNotSeen,
    DvtFound,
    Other,
}

public enum EscalationStage
{
    None,
    /// <summary>Unacknowledged REFER: goes to the attending.</summary>
    Attending,
    /// <summary>Still unacknowledged: goes to the unit lead.</summary>
    UnitLead,
}

/// <summary>What the referral asks for (section 3, "What the referral asks for").</summary>
public sealed record ReferralRequest(HipSide Hip, string Text, IReadOnlyList<string> LookAlikes)
{
    /// <summary>SNOMED CT: ultrasound of hip.</summary>
    public const string HipUltrasoundSnomed = "241502008";

    public static IReadOnlyList<string> DefaultLookAlikes { get; } = new[]
    {
        "deep vein thrombosis (DVT)", "cellulitis", "septic arthritis", "fracture", "haematoma", "pressure injury",
    };

    public static ReferralRequest For(HipSide hip)
    {
        var side = hip == HipSide.Left ? "left" : "right";
        var text = $"{(hip == HipSide.Left ? "Left" : "Right")} hip ultrasound with Doppler (soft tissue, hyperaemia) "
            + $"and venous compression ultrasound of the same ({side}) limb to exclude DVT. "
            + "Look-alikes to consider: " + string.Join(", ", DefaultLookAlikes) + ". "
            + "Record the outcome: NHO seen, NHO not seen, DVT found or other.";
        return new ReferralRequest(hip, text, DefaultLookAlikes);
    }
}

/// <summary>
/// One change of an alert, as the host persists and audits it: who, when, why. Engine transitions name the
/// engine and rule-set version as actor and the measured-at time of the reading that caused them.
/// </summary>
public sealed record AlertTransition(
    string AlertId,
    string PatientId,
    HipSide Hip,
    AlertLevel Level,
    TransitionKind Kind,
    AlertStatus StatusAfter,
    DateTimeOffset At,
    string Actor,
    string Reason,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>Set when a REFER is raised or re-raised.</summary>
    public ReferralRequest? Referral { get; init; }

    /// <summary>Set on <see cref="TransitionKind.OutcomeRecorded"/>.</summary>
    public UltrasoundOutcome? Outcome { get; init; }

    /// <summary>On a re-raise: the alert this one follows.</summary>
    public string? PreviousAlertId { get; init; }
}

/// <summary>An alert as it stands, for worklists and escalation timers.</summary>
public sealed record AlertSnapshot(
    string AlertId,
    HipSide Hip,
    AlertLevel Level,
    AlertStatus Status,
    RuleId RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset LastChangedAt,
    int EvidenceCount)
{
    /// <summary>Open, acknowledged or referred: new evidence attaches to it.</summary>
    public bool IsActive => Status is AlertStatus.Open or AlertStatus.Acknowledged or AlertStatus.Referred;
}

/// <summary>A clinician's action on a REFER alert. Every action names who, when and (for a dismissal) why.</summary>
public abstract record ClinicianAction
{
    public required string AlertId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Who acted (staff id).</summary>
    public required string Actor { get; init; }

    /// <summary>Free text kept with the transition.</summary>
    public string? Note { get; init; }
}

public sealed record AcknowledgeAlert : ClinicianAction;

public sealed record ReferForUltrasound : ClinicianAction;

public sealed record DismissAlert : ClinicianAction
{
    public required string Reason { get; init; }
}

public sealed record RecordUltrasoundOutcome : ClinicianAction
{
    public required UltrasoundOutcome Outcome { get; init; }

    /// <summary>When the scan was done; re-referral days count from its ward calendar day.</summary>
    public required DateTimeOffset ScannedAt { get; init; }
}

/// <summary>
/// The REFER state machine: open → acknowledged → referred | dismissed; referred → outcome recorded.
/// Anything else is refused with a reason.
/// </summary>
public static class ReferLifecycle
{
    /// <summary>The status after <paramref name="action"/>, or null with <paramref name="error"/> set.</summary>
    public static AlertStatus? Next(AlertStatus from, ClinicianAction action, out string? error)
    {
        ArgumentNullException.ThrowIfNull(action);
        AlertStatus? to = (from, action) switch
        {
            (AlertStatus.Open, AcknowledgeAlert) => AlertStatus.Acknowledged,
            (AlertStatus.Acknowledged, ReferForUltrasound) => AlertStatus.Referred,
            (AlertStatus.Acknowledged, DismissAlert) => AlertStatus.Dismissed,
            (AlertStatus.Referred, RecordUltrasoundOutcome) => AlertStatus.OutcomeRecorded,
            _ => null,
        };
        error = to is null
            ? $"Cannot {Verb(action)} a REFER that is {StatusText(from)}: allowed are open → acknowledged → referred or dismissed, and referred → outcome recorded."
            : null;
        return to;
    }

    internal static string Verb(ClinicianAction a) => a switch
    {
        AcknowledgeAlert => "acknowledge",
        ReferForUltrasound => "refer",
        DismissAlert => "dismiss",
        RecordUltrasoundOutcome => "record an ultrasound outcome on",
        _ => "act on",
    };

    internal static string StatusText(AlertStatus s) => s switch
    {
        AlertStatus.Open => "open (not yet acknowledged)",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Referred => "referred",
        AlertStatus.Dismissed => "dismissed",
        AlertStatus.OutcomeRecorded => "closed with an ultrasound outcome",
        AlertStatus.Cleared => "cleared",
        _ => s.ToString(),
    };
}

/// <summary>Escalation of an unacknowledged REFER: attending at 24 h, unit lead at 48 h (defaults). Pure.</summary>
public static class Escalation
{
    public static EscalationStage StageAt(AlertSnapshot alert, DateTimeOffset now, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(rules);
        if (alert.Level != AlertLevel.Refer || alert.Status != AlertStatus.Open)
        {
            return EscalationStage.None;
        }

        var waited = now - alert.RaisedAt;
        return waited >= rules.EscalateToUnitLeadAfter ? EscalationStage.UnitLead
            : waited >= rules.EscalateToAttendingAfter ? EscalationStage.Attending
            : EscalationStage.None;
    }

    /// <summary>When the next stage starts if nobody acknowledges; null when nothing more will happen.</summary>
    public static DateTimeOffset? NextStageAt(AlertSnapshot alert, DateTimeOffset now, RuleSet rules) =>
        StageAt(alert, now, rules) switch
        {
            _ when alert.Level != AlertLevel.Refer || alert.Status != AlertStatus.Open => null,
            EscalationStage.None => alert.RaisedAt + rules.EscalateToAttendingAfter,
            EscalationStage.Attending => alert.RaisedAt + rules.EscalateToUnitLeadAfter,
            _ => null,
        };
}
