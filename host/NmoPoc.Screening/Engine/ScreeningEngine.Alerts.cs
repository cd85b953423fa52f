using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

// WATCH and REFER per patient and hip: raise, attach, clear, suppress, re-raise, and clinician actions.
public sealed partial class ScreeningEngine
{
    private static readonly string[] KindNames = { "temperature", "flexion", "abduction", "internal rotation" };

    private void WatchSigns(Run run, HipSide hip, Ev ev, int kind, List<Finding> findings)
    {
        var s = run.S;
        var h = s.Hips[(int)hip];
        run.Findings.AddRange(findings);
        var reason = string.Join(" ", findings.Select(f => f.Sentence));
        if (h.Watch is { Status: AlertStatus.Open } open)
        {
            open.EvidenceCount += findings.Count;
            open.LastChangedAt = ev.At;
            run.Transitions.Add(Transition(run.S, open, TransitionKind.EvidenceAttached, ev.At, _actor,
                "New WATCH evidence: " + reason, findings));
        }
        else
        {
            var previous = h.Watch?.Id;
            var alert = NewAlert(s, hip, AlertLevel.Watch, ++h.WatchCount, findings[0].Rule, ev.At, findings.Count);
            h.Watch = alert;
            Array.Clear(h.Signalled);
            run.Transitions.Add(Transition(run.S, alert, previous is null ? TransitionKind.Raised : TransitionKind.ReRaised,
                ev.At, _actor, "WATCH: " + reason, findings) with { PreviousAlertId = previous });
        }

        h.LastSignAt = ev.At;
        if (kind != NoKind)
        {
            h.Signalled[kind] = true;
        }
    }

    /// <summary>
    /// A valid reading without a WATCH sign. WATCH clears once no sign has been seen for the clearing period and,
    /// for every kind of reading that signalled in this episode, a normal one was taken after that period.
    /// </summary>
    private void NormalReading(Run run, HipSide hip, Ev ev, int kind)
    {
        var h = run.S.Hips[(int)hip];
        h.LastNormalAt[kind] = ev.At;
        if (h.Watch is not { Status: AlertStatus.Open } watch || h.LastSignAt is not { } lastSign)
        {
            return;
        }

        var clearFrom = lastSign + Rules.WatchClearAfter;
        if (ev.At < clearFrom)
        {
            return;
        }

        var kinds = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            if (h.Signalled[k])
            {
                if (h.LastNormalAt[k] is not { } n || n < clearFrom)
                {
                    return;
                }

                kinds.Add(KindNames[k]);
            }
        }

        watch.Status = AlertStatus.Cleared;
        watch.LastChangedAt = ev.At;
        var reason = $"WATCH cleared on the {Text.HipLower(hip)}: no WATCH sign since {Text.DayTime(Ward(lastSign))}, "
            + $"normal {Text.List(kinds)} readings {Text.Hours(Rules.WatchClearAfter)} or more later "
            + $"(latest {ev.Id}, {Text.DayTime(Ward(ev.At))}), rule set {Rules.Version}.";
        run.Transitions.Add(Transition(run.S, watch, TransitionKind.Cleared, ev.At, _actor, reason, Array.Empty<Finding>()));
    }

    private void ReferFindings(Run run, HipSide hip, List<Finding> findings, DateTimeOffset at)
    {
        var s = run.S;
        var h = s.Hips[(int)hip];
        run.Findings.AddRange(findings);
        var evidence = string.Join(" ", findings.Select(f => f.Sentence));
        if (h.Refer is { } active && IsActive(active))
        {
            active.EvidenceCount += findings.Count;
            active.LastChangedAt = Max(active.LastChangedAt, at);
            Absorb(active, findings);
            run.Transitions.Add(Transition(run.S, active, TransitionKind.EvidenceAttached, at, _actor,
                "New evidence attached to the open REFER: " + evidence, findings));
            return;
        }

        string? why = null;
        if (h.Block is { } block && BlockHolds(block, at))
        {
            var worse = block.Kind == BlockKind.Diagnosed ? null : Worsening(block, findings);
            if (worse is null)
            {
                run.Transitions.Add(new AlertTransition(block.SourceAlertId, s.Patient.PatientId, hip, AlertLevel.Refer,
                    TransitionKind.Suppressed, h.Refer?.Status ?? AlertStatus.Dismissed, at, _actor,
                    BlockText(block) + " Held back: " + evidence, findings));
                return;
            }

            why = $"Re-raised during the hold after {block.SourceAlertId} because the evidence is worse: {worse}.";
        }
        else if (h.Block is { } ended)
        {
            why = ended.Kind == BlockKind.Dismissed
                ? $"The {Text.Hours(Rules.DismissalSuppression)} hold after dismissing {ended.SourceAlertId} has ended and the signs persist."
                : $"Day {Rules.ReReferralAfterNegativeUltrasoundDays} after the ultrasound for {ended.SourceAlertId} has been reached and the signs persist.";
        }

        h.Block = null;
        var previous = h.Refer?.Id;
        var alert = NewAlert(s, hip, AlertLevel.Refer, ++h.ReferCount, findings[0].Rule, at, findings.Count);
        Absorb(alert, findings);
        h.Refer = alert;
        var text = "REFER for hip ultrasound. " + (why is null ? "" : why + " ") + evidence;
        run.Transitions.Add(Transition(run.S, alert, previous is null ? TransitionKind.Raised : TransitionKind.ReRaised, at,
            _actor, text, findings) with { Referral = ReferralRequest.For(hip), PreviousAlertId = previous });
    }

    private bool BlockHolds(BlockData b, DateTimeOffset at) => b.Kind switch
    {
        BlockKind.Dismissed => at < b.Until,
        BlockKind.NegativeUltrasound => WardDay(at) < b.UntilDay,
        _ => true,
    };

    /// <summary>How the new findings beat the hold's reference by the worsening margin; null when they don't.</summary>
    private string? Worsening(BlockData b, List<Finding> findings)
    {
        foreach (var f in findings)
        {
            if (f.Measures.ExcessWarmthC is { } e && e >= b.RefE + Rules.WorseningC)
            {
                return $"excess warmth {Text.C(e)} against {Text.C(b.RefE)} before, at least {Text.C(Rules.WorseningC)} more";
            }

            for (var m = 0; m < 4; m++)
            {
                if (f.Measures.RomLossDeg[m] is { } loss && loss >= b.RefLoss[m] + Rules.WorseningDeg)
                {
                    return $"{Text.Movement((Movement)m)} loss {Text.Deg(loss)} against {Text.Deg(b.RefLoss[m])} before, at least {Text.Deg(Rules.WorseningDeg)} more";
                }
            }
        }

        return null;
    }

    private string BlockText(BlockData b) => b.Kind switch
    {
        BlockKind.Dismissed =>
            $"REFER held back: {b.SourceAlertId} was dismissed by {b.By} on {Text.DayTime(Ward(b.Since))} ({b.Why}); "
            + $"no new REFER on this hip until {Text.DayTime(Ward(b.Until!.Value))} unless worse by {Text.C(Rules.WorseningC)} or {Text.Deg(Rules.WorseningDeg)}.",
        BlockKind.NegativeUltrasound =>
            $"REFER held back: the ultrasound for {b.SourceAlertId} on {Text.Day(WardDay(b.Since))} ({b.Why}); "
            + $"re-referral from day {Rules.ReReferralAfterNegativeUltrasoundDays} ({Text.Day(b.UntilDay!.Value)}) if the signs persist, earlier only if worse by {Text.C(Rules.WorseningC)} or {Text.Deg(Rules.WorseningDeg)}.",
        _ => $"REFER held back: NHO was seen on ultrasound for {b.SourceAlertId} on {Text.Day(WardDay(b.Since))}; screening has done its job for this hip.",
    };

    private string? ApplyAction(Run run, ClinicianAction a, DateTimeOffset evaluatedAt)
    {
        var s = run.S;
        if (string.IsNullOrWhiteSpace(a.AlertId))
        {
            return "An action needs the id of the alert it acts on.";
        }

        if (string.IsNullOrWhiteSpace(a.Actor))
        {
            return "An action needs who did it.";
        }

        var hipIndex = Array.FindIndex(s.Hips, h => h.Refer?.Id == a.AlertId);
        if (hipIndex < 0)
        {
            return s.Hips.Any(h => h.Watch?.Id == a.AlertId)
                ? $"{a.AlertId} is a WATCH: it needs no action and clears itself after {Text.Hours(Rules.WatchClearAfter)} of normal readings."
                : $"No current REFER {a.AlertId} for patient {s.Patient.PatientId}: unknown or superseded by a newer alert on that hip.";
        }

        var hip = (HipSide)hipIndex;
        var h = s.Hips[hipIndex];
        var alert = h.Refer!;
        if (a.At < alert.LastActionAt)
        {
            return $"The action at {a.At:O} is earlier than the alert's raise or last action at {alert.LastActionAt:O}.";
        }

        if (a.At > evaluatedAt + Rules.MaxClockSkew)
        {
            return $"The action at {a.At:O} is later than the evaluation time {evaluatedAt:O}.";
        }

        if (a is DismissAlert d && string.IsNullOrWhiteSpace(d.Reason))
        {
            return "A dismissal needs a reason.";
        }

        if (a is RecordUltrasoundOutcome o && (o.ScannedAt < alert.RaisedAt || o.ScannedAt > a.At))
        {
            return $"The scan time {o.ScannedAt:O} must lie between the alert being raised ({alert.RaisedAt:O}) and the recording ({a.At:O}).";
        }

        var next = ReferLifecycle.Next(alert.Status, a, out var error);
        if (next is null)
        {
            return $"{a.AlertId}: {error}";
        }

        alert.Status = next.Value;
        alert.LastChangedAt = Max(alert.LastChangedAt, a.At);
        alert.LastActionAt = a.At;
        var note = string.IsNullOrWhiteSpace(a.Note) ? "" : $" Note: {a.Note}";
        TransitionKind kind;
        string reason;
        UltrasoundOutcome? outcome = null;
        switch (a)
        {
            case AcknowledgeAlert:
                alert.AcknowledgedAt = a.At;
                kind = TransitionKind.Acknowledged;
                reason = $"Acknowledged by {a.Actor}; escalation stopped.";
                break;
            case ReferForUltrasound:
                kind = TransitionKind.Referred;
                reason = $"Referred by {a.Actor}: {ReferralRequest.For(hip).Text}";
                break;
            case DismissAlert dismiss:
                kind = TransitionKind.Dismissed;
                h.Block = NewBlock(h, alert, BlockKind.Dismissed, a.At, a.Actor, dismiss.Reason);
                h.Block.Until = a.At + Rules.DismissalSuppression;
                reason = $"Dismissed by {a.Actor}: {dismiss.Reason}. No new REFER on the {Text.HipLower(hip)} until "
                    + $"{Text.DayTime(Ward(h.Block.Until.Value))} unless the evidence worsens by {Text.C(Rules.WorseningC)} or {Text.Deg(Rules.WorseningDeg)}.";
                break;
            default:
                var rec = (RecordUltrasoundOutcome)a;
                kind = TransitionKind.OutcomeRecorded;
                outcome = rec.Outcome;
                var what = rec.Outcome switch
                {
                    UltrasoundOutcome.NhoSeen => "NHO seen",
                    UltrasoundOutcome.NhoNotSeen => "NHO not seen",
                    UltrasoundOutcome.DvtFound => "DVT found",
                    _ => "other finding",
                };
                if (rec.Outcome == UltrasoundOutcome.NhoSeen)
                {
                    h.Block = NewBlock(h, alert, BlockKind.Diagnosed, rec.ScannedAt, a.Actor, what);
                    reason = $"Ultrasound outcome recorded by {a.Actor}: {what}. No further REFER for the {Text.HipLower(hip)}.";
                }
                else
                {
                    h.Block = NewBlock(h, alert, BlockKind.NegativeUltrasound, rec.ScannedAt, a.Actor, what);
                    h.Block.UntilDay = WardDay(rec.ScannedAt).AddDays(Rules.ReReferralAfterNegativeUltrasoundDays);
                    reason = $"Ultrasound outcome recorded by {a.Actor}: {what}. Re-referral from day {Rules.ReReferralAfterNegativeUltrasoundDays} "
                        + $"after the scan ({Text.Day(h.Block.UntilDay.Value)}) if the signs persist.";
                }

                break;
        }

        run.Transitions.Add(Transition(run.S, alert, kind, a.At, a.Actor, reason + note, Array.Empty<Finding>()) with { Outcome = outcome });
        return null;
    }

    /// <summary>The reference later evidence must beat: the worst of the alert's evidence and the latest measures.</summary>
    private static BlockData NewBlock(HipData h, AlertData alert, BlockKind kind, DateTimeOffset since, string by, string why)
    {
        var b = new BlockData { Kind = kind, SourceAlertId = alert.Id, Since = since, By = by, Why = why };
        b.RefE = Math.Max(0m, Math.Max(alert.MaxE ?? 0m, h.LatestE ?? 0m));
        for (var m = 0; m < 4; m++)
        {
            b.RefLoss[m] = Math.Max(0m, Math.Max(alert.MaxLoss[m] ?? 0m, h.LatestLoss[m] ?? 0m));
        }

        return b;
    }

    private static bool IsActive(AlertData a) =>
        a.Status is AlertStatus.Open or AlertStatus.Acknowledged or AlertStatus.Referred;

    private static void Absorb(AlertData a, List<Finding> findings)
    {
        foreach (var f in findings)
        {
            if (f.Measures.ExcessWarmthC is { } e && (a.MaxE is null || e > a.MaxE))
            {
                a.MaxE = e;
            }

            for (var m = 0; m < 4; m++)
            {
                if (f.Measures.RomLossDeg[m] is { } l && (a.MaxLoss[m] is null || l > a.MaxLoss[m]))
                {
                    a.MaxLoss[m] = l;
                }
            }
        }
    }

    private static AlertData NewAlert(StateData s, HipSide hip, AlertLevel level, int number, RuleId rule,
        DateTimeOffset at, int evidence) => new()
        {
            Id = $"{s.Patient.PatientId}:{(hip == HipSide.Left ? "left" : "right")}:{(level == AlertLevel.Watch ? "watch" : "refer")}:{number}",
            Hip = hip,
            Level = level,
            Status = AlertStatus.Open,
            RaisedBy = rule,
            RaisedAt = at,
            LastChangedAt = at,
            LastActionAt = at,
            EvidenceCount = evidence,
        };

    private static AlertTransition Transition(StateData s, AlertData a, TransitionKind kind, DateTimeOffset at, string actor,
        string reason, IReadOnlyList<Finding> findings) =>
        new(a.Id, s.Patient.PatientId, a.Hip, a.Level, kind, a.Status, at, actor, reason, findings);
}
