using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class AlertLifecycleTests
{
    /// <summary>Baseline, then R1 on the right hip on 3 and 4 March at 09:00 with the given excess warmth.</summary>
    private static (TestWard Ward, string AlertId) Referred(decimal e = 1.2m)
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Warm(At(3, 3, 9), HipSide.Right, e);
        w.Warm(At(3, 4, 9), HipSide.Right, e);
        var t = w.LastRefer(HipSide.Right);
        Assert.Equal(TransitionKind.Raised, t.Kind);
        return (w, t.AlertId);
    }

    private static AcknowledgeAlert Ack(string id, DateTimeOffset at) => new() { AlertId = id, At = at, Actor = "dr-a" };

    private static ReferForUltrasound Refer(string id, DateTimeOffset at) => new() { AlertId = id, At = at, Actor = "dr-a" };

    private static DismissAlert Dismiss(string id, DateTimeOffset at, string reason = "known haematoma") =>
        new() { AlertId = id, At = at, Actor = "dr-a", Reason = reason };

    private static RecordUltrasoundOutcome Outcome(string id, DateTimeOffset at, UltrasoundOutcome o, DateTimeOffset? scanned = null) =>
        new() { AlertId = id, At = at, Actor = "sono-1", Outcome = o, ScannedAt = scanned ?? at };

    [Fact]
    public void New_evidence_attaches_to_the_one_open_refer_per_hip()
    {
        var (w, id) = Referred();
        var r = w.Warm(At(3, 5, 9), HipSide.Right, 1.3m);
        var t = r.Transitions.Single(x => x.Level == AlertLevel.Refer);
        Assert.Equal((id, TransitionKind.EvidenceAttached), (t.AlertId, t.Kind));
        var active = w.Active(AlertLevel.Refer, HipSide.Right)!;
        Assert.Equal((id, 2), (active.AlertId, active.EvidenceCount));
        Assert.Single(w.State.ActiveAlerts, a => a.Level == AlertLevel.Refer);
    }

    [Fact]
    public void Evidence_still_attaches_while_referred_and_the_other_hip_gets_its_own_alert()
    {
        var (w, id) = Referred();
        Assert.Equal(Disposition.Used, w.Act(Ack(id, At(3, 4, 10))).Disposition);
        Assert.Equal(Disposition.Used, w.Act(Refer(id, At(3, 4, 11))).Disposition);
        w.Rom(At(3, 5, 9), HipSide.Right, Movement.Flexion, 100m); // W-R + R4 within 72 h
        Assert.Equal(TransitionKind.EvidenceAttached, w.LastRefer(HipSide.Right).Kind);
        w.Warm(At(3, 5, 10), HipSide.Left, 1.1m);
        var left = w.Warm(At(3, 6, 10), HipSide.Left, 1.1m).Transitions.Single(t => t.Level == AlertLevel.Refer);
        Assert.Equal(TransitionKind.Raised, left.Kind);
        Assert.NotEqual(id, left.AlertId);
    }

    [Fact]
    public void Dismissal_suppresses_the_hip_for_7_days_then_persisting_signs_re_raise()
    {
        var (w, id) = Referred();
        w.Act(Ack(id, At(3, 4, 10)));
        var dismissed = w.Act(Dismiss(id, At(3, 4, 10)));
        Assert.Equal(TransitionKind.Dismissed, Assert.Single(dismissed.Transitions).Kind);

        for (var day = 5; day <= 10; day++)
        {
            w.Warm(At(3, day, 10), HipSide.Right, 1.2m);
            Assert.Equal(TransitionKind.Suppressed, w.LastRefer(HipSide.Right).Kind);
        }

        w.Warm(At(3, 11, 9, 59), HipSide.Right, 1.2m);
        Assert.Equal(TransitionKind.Suppressed, w.LastRefer(HipSide.Right).Kind);
        w.Warm(At(3, 11, 10), HipSide.Right, 1.2m);
        var again = w.LastRefer(HipSide.Right);
        Assert.Equal(TransitionKind.ReRaised, again.Kind);
        Assert.Equal(id, again.PreviousAlertId);
        Assert.NotEqual(id, again.AlertId);
    }

    [Theory]
    [InlineData(1.69, TransitionKind.Suppressed)]
    [InlineData(1.70, TransitionKind.ReRaised)]
    public void During_suppression_only_evidence_worse_by_half_a_degree_re_raises(double e, TransitionKind expected)
    {
        var (w, id) = Referred(1.2m);
        w.Act(Ack(id, At(3, 4, 10)));
        w.Act(Dismiss(id, At(3, 4, 11)));
        w.Warm(At(3, 5, 9), HipSide.Right, (decimal)e);
        Assert.Equal(expected, w.LastRefer(HipSide.Right).Kind);
    }

    [Theory]
    [InlineData(88.01, TransitionKind.Suppressed)] // loss 21.99 against 12 known at dismissal
    [InlineData(88.0, TransitionKind.ReRaised)] // loss 22: 10° worse
    public void During_suppression_rom_loss_worse_by_10_degrees_re_raises(double flexion, TransitionKind expected)
    {
        var (w, id) = Referred(1.2m);
        w.Rom(At(3, 4, 9, 30), HipSide.Right, Movement.Flexion, 98m); // loss 12 (attaches via R4)
        w.Act(Ack(id, At(3, 4, 10)));
        w.Act(Dismiss(id, At(3, 4, 11)));
        var r = w.Rom(At(3, 5, 9), HipSide.Right, Movement.Flexion, (decimal)flexion); // R4 with the warmth of 4 March
        Assert.True(r.Fired(RuleId.R4));
        Assert.Equal(expected, r.Transitions.Single(t => t.Level == AlertLevel.Refer).Kind);
    }

    [Theory]
    [InlineData(UltrasoundOutcome.NhoNotSeen)]
    [InlineData(UltrasoundOutcome.DvtFound)]
    [InlineData(UltrasoundOutcome.Other)]
    public void After_a_negative_ultrasound_re_referral_waits_for_day_10(UltrasoundOutcome outcome)
    {
        var (w, id) = Referred(1.2m);
        w.Act(Ack(id, At(3, 4, 10)));
        w.Act(Refer(id, At(3, 4, 11)));
        var recorded = w.Act(Outcome(id, At(3, 5, 16), outcome, scanned: At(3, 5, 10)));
        Assert.Equal(outcome, Assert.Single(recorded.Transitions).Outcome);

        // Scan on 5 March = day 0; day 9 is 14 March. R1 keeps holding every day.
        for (var day = 5; day <= 14; day++)
        {
            w.Warm(At(3, day, 23, 30), HipSide.Right, 1.2m);
            Assert.Equal(TransitionKind.Suppressed, w.LastRefer(HipSide.Right).Kind);
        }

        w.Warm(At(3, 15, 0, 30), HipSide.Right, 1.2m); // day 10, signs persist
        var again = w.LastRefer(HipSide.Right);
        Assert.Equal(TransitionKind.ReRaised, again.Kind);
        Assert.Contains("Day 10", again.Reason);
    }

    [Fact]
    public void After_a_negative_ultrasound_nothing_is_raised_on_day_10_without_signs()
    {
        var (w, id) = Referred(1.2m);
        w.Act(Ack(id, At(3, 4, 10)));
        w.Act(Refer(id, At(3, 4, 11)));
        w.Act(Outcome(id, At(3, 5, 16), UltrasoundOutcome.NhoNotSeen, scanned: At(3, 5, 10)));
        w.Warm(At(3, 15, 9), HipSide.Right, 0.2m);
        Assert.Equal(TransitionKind.OutcomeRecorded, w.LastRefer(HipSide.Right).Kind);
    }

    [Fact]
    public void After_NHO_is_seen_the_hip_gets_no_new_refer()
    {
        var (w, id) = Referred(1.2m);
        w.Act(Ack(id, At(3, 4, 10)));
        w.Act(Refer(id, At(3, 4, 11)));
        w.Act(Outcome(id, At(3, 5, 16), UltrasoundOutcome.NhoSeen, scanned: At(3, 5, 10)));
        w.Warm(At(4, 20, 9), HipSide.Right, 3.0m);
        w.Warm(At(4, 21, 9), HipSide.Right, 3.0m);
        Assert.Equal(TransitionKind.Suppressed, w.LastRefer(HipSide.Right).Kind);
        Assert.Equal(SuppressionKind.NhoConfirmed, w.State.SuppressionFor(HipSide.Right)!.Kind);
    }

    [Fact]
    public void WATCH_clears_after_48_hours_of_normal_readings_and_not_at_47()
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Warm(At(3, 3, 9), HipSide.Right, 0.8m);
        w.Warm(At(3, 4, 9), HipSide.Right, 0.1m);
        Assert.Empty(w.Warm(At(3, 5, 8), HipSide.Right, 0.1m).Transitions); // 47 h
        Assert.NotNull(w.Active(AlertLevel.Watch, HipSide.Right));
        var cleared = Assert.Single(w.Warm(At(3, 5, 9), HipSide.Right, 0.1m).Transitions); // 48 h
        Assert.Equal((TransitionKind.Cleared, AlertStatus.Cleared), (cleared.Kind, cleared.StatusAfter));
        Assert.Null(w.Active(AlertLevel.Watch, HipSide.Right));

        var again = Assert.Single(w.Warm(At(3, 6, 9), HipSide.Right, 0.9m).Transitions);
        Assert.Equal(TransitionKind.ReRaised, again.Kind);
        Assert.Equal(cleared.AlertId, again.PreviousAlertId);
    }

    [Fact]
    public void A_new_sign_restarts_the_48_hours()
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Warm(At(3, 3, 9), HipSide.Right, 0.8m);
        var attached = Assert.Single(w.Warm(At(3, 4, 9), HipSide.Right, 0.75m).Transitions);
        Assert.Equal(TransitionKind.EvidenceAttached, attached.Kind);
        Assert.Empty(w.Warm(At(3, 5, 9), HipSide.Right, 0m).Transitions);
        Assert.Equal(TransitionKind.Cleared, Assert.Single(w.Warm(At(3, 6, 9), HipSide.Right, 0m).Transitions).Kind);
    }

    [Fact]
    public void WATCH_raised_by_rom_loss_needs_a_normal_session_of_that_movement_to_clear()
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Rom(At(3, 3, 9), HipSide.Left, Movement.Abduction, 31m); // W-R
        w.Round(At(3, 5, 10), 33m, 33m);
        w.Round(At(3, 6, 10), 33m, 33m);
        w.Rom(At(3, 6, 11), HipSide.Left, Movement.Flexion, 110m);
        Assert.NotNull(w.Active(AlertLevel.Watch, HipSide.Left));
        var cleared = w.Rom(At(3, 6, 12), HipSide.Left, Movement.Abduction, 39m);
        Assert.Equal(TransitionKind.Cleared, Assert.Single(cleared.Transitions).Kind);
    }

    [Fact]
    public void WATCH_does_not_clear_without_readings()
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Warm(At(3, 3, 9), HipSide.Right, 0.8m);
        w.Rom(At(3, 10, 9), HipSide.Right, Movement.ExternalRotation, 40m); // no W-R for ER: says nothing about warmth
        Assert.NotNull(w.Active(AlertLevel.Watch, HipSide.Right));
    }

    [Fact]
    public void Legal_path_records_who_when_and_why()
    {
        var (w, id) = Referred();
        var ack = w.Act(Ack(id, At(3, 4, 10)) with { Note = "seen on round" });
        var t = Assert.Single(ack.Transitions);
        Assert.Equal(("dr-a", At(3, 4, 10), AlertStatus.Acknowledged), (t.Actor, t.At, t.StatusAfter));
        Assert.Contains("seen on round", t.Reason);
        var dismissed = Assert.Single(w.Act(Dismiss(id, At(3, 4, 11), "cellulitis under treatment")).Transitions);
        Assert.Contains("cellulitis under treatment", dismissed.Reason);
        Assert.Equal(AlertStatus.Dismissed, dismissed.StatusAfter);
    }

    [Fact]
    public void An_action_clicked_before_later_evidence_was_processed_is_still_accepted()
    {
        var (w, id) = Referred();
        w.Warm(At(3, 4, 12), HipSide.Right, 1.3m); // attaches evidence measured at 12:00
        var ack = w.Act(Ack(id, At(3, 4, 11, 55)), evaluatedAt: At(3, 4, 12, 1));
        Assert.Equal(Disposition.Used, ack.Disposition);
    }

    public static TheoryData<string> IllegalActions => new()
    {
        "refer-while-open", "dismiss-while-open", "outcome-while-acknowledged", "ack-twice", "dismiss-without-reason",
        "unknown-alert", "watch-alert", "act-on-dismissed", "before-last-change", "scan-before-raise", "no-actor",
    };

    [Theory]
    [MemberData(nameof(IllegalActions))]
    public void Illegal_transitions_are_rejected_with_a_reason_and_change_nothing(string which)
    {
        var (w, id) = Referred();
        var watchId = w.State.ActiveAlerts.Single(a => a.Level == AlertLevel.Watch && a.Hip == HipSide.Right).AlertId;
        (ClinicianAction[] earlier, ClinicianAction action) = which switch
        {
            "refer-while-open" => (None, (ClinicianAction)Refer(id, At(3, 4, 10))),
            "dismiss-while-open" => (None, Dismiss(id, At(3, 4, 10))),
            "outcome-while-acknowledged" => (new ClinicianAction[] { Ack(id, At(3, 4, 10)) },
                Outcome(id, At(3, 4, 12), UltrasoundOutcome.NhoNotSeen)),
            "ack-twice" => (new ClinicianAction[] { Ack(id, At(3, 4, 10)) }, Ack(id, At(3, 4, 11))),
            "dismiss-without-reason" => (new ClinicianAction[] { Ack(id, At(3, 4, 10)) }, Dismiss(id, At(3, 4, 11), " ")),
            "unknown-alert" => (None, Ack("P1:right:refer:9", At(3, 4, 10))),
            "watch-alert" => (None, Ack(watchId, At(3, 4, 10))),
            "act-on-dismissed" => (new ClinicianAction[] { Ack(id, At(3, 4, 10)), Dismiss(id, At(3, 4, 11)) },
                Refer(id, At(3, 4, 12))),
            "before-last-change" => (None, Ack(id, At(3, 4, 8))),
            "scan-before-raise" => (new ClinicianAction[] { Ack(id, At(3, 4, 10)), Refer(id, At(3, 4, 11)) },
                Outcome(id, At(3, 5, 11), UltrasoundOutcome.NhoNotSeen, scanned: At(3, 4, 8))),
            "no-actor" => (None, Ack(id, At(3, 4, 10)) with { Actor = "" }),
            _ => throw new ArgumentException(which),
        };
        foreach (var a in earlier)
        {
            Assert.Equal(Disposition.Used, w.Act(a).Disposition);
        }

        var before = w.State.ToJson();
        var r = w.Act(action);
        Assert.Equal(Disposition.Rejected, r.Disposition);
        Assert.False(string.IsNullOrWhiteSpace(r.Error));
        Assert.Empty(r.Transitions);
        Assert.Equal(before.Replace("\"Rejected\":0", "\"Rejected\":1"), w.State.ToJson());
    }

    private static readonly ClinicianAction[] None = Array.Empty<ClinicianAction>();

    [Fact]
    public void The_state_machine_allows_exactly_four_transitions()
    {
        var actions = new ClinicianAction[]
        {
            Ack("a", At(3, 1, 9)), Refer("a", At(3, 1, 9)), Dismiss("a", At(3, 1, 9)),
            Outcome("a", At(3, 1, 9), UltrasoundOutcome.NhoSeen),
        };
        var legal = new List<(AlertStatus, string)>();
        foreach (var status in Enum.GetValues<AlertStatus>())
        {
            foreach (var a in actions)
            {
                if (ReferLifecycle.Next(status, a, out var error) is { } next)
                {
                    legal.Add((status, a.GetType().Name + "->" + next));
                    Assert.Null(error);
                }
                else
                {
                    Assert.Contains("Cannot", error);
                }
            }
        }

        Assert.Equal(new[]
        {
            (AlertStatus.Open, "AcknowledgeAlert->Acknowledged"),
            (AlertStatus.Acknowledged, "ReferForUltrasound->Referred"),
            (AlertStatus.Acknowledged, "DismissAlert->Dismissed"),
            (AlertStatus.Referred, "RecordUltrasoundOutcome->OutcomeRecorded"),
        }, legal);
    }

    [Theory]
    [InlineData(23 * 60 + 59, EscalationStage.None)]
    [InlineData(24 * 60, EscalationStage.Attending)]
    [InlineData(47 * 60 + 59, EscalationStage.Attending)]
    [InlineData(48 * 60, EscalationStage.UnitLead)]
    public void Unacknowledged_refer_escalates_at_24_and_48_hours(int minutes, EscalationStage expected)
    {
        var (w, _) = Referred();
        var alert = w.Active(AlertLevel.Refer, HipSide.Right)!;
        Assert.Equal(expected, Escalation.StageAt(alert, alert.RaisedAt.AddMinutes(minutes), w.Rules));
    }

    [Fact]
    public void Acknowledging_stops_escalation_and_next_stage_times_are_given()
    {
        var (w, id) = Referred();
        var open = w.Active(AlertLevel.Refer, HipSide.Right)!;
        Assert.Equal(open.RaisedAt.AddHours(24), Escalation.NextStageAt(open, open.RaisedAt, w.Rules));
        Assert.Equal(open.RaisedAt.AddHours(48), Escalation.NextStageAt(open, open.RaisedAt.AddHours(30), w.Rules));
        Assert.Null(Escalation.NextStageAt(open, open.RaisedAt.AddHours(50), w.Rules));
        w.Act(Ack(id, At(3, 5, 9)));
        var acked = w.Active(AlertLevel.Refer, HipSide.Right)!;
        Assert.Equal(EscalationStage.None, Escalation.StageAt(acked, acked.RaisedAt.AddHours(100), w.Rules));
        Assert.Null(Escalation.NextStageAt(acked, acked.RaisedAt, w.Rules));
    }
}
