using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class RuleSetTests
{
    [Fact]
    public void V1_holds_every_threshold_of_the_clinical_document_and_is_valid()
    {
        var r = RuleSet.V1;
        Assert.Empty(r.Validate());
        Assert.Equal("v1", r.Version);
        Assert.Equal((18m, 24m, 90, 600, 2, 10m), (r.GateAmbientMinC, r.GateAmbientMaxC, r.GateMaxCalibrationAgeDays, r.GateMinRestSeconds, r.RomMinValidRepetitions, r.RomMaxSpreadDeg));
        Assert.Equal((3, 2), (r.BaselineReadings, r.BaselineMinDistinctDays));
        Assert.Equal((0.7m, 10m, 8m, 8m, 1.0m), (r.WtExcessWarmthC, r.WrFlexionLossDeg, r.WrAbductionLossDeg, r.WrInternalRotationLossDeg, r.WbRiseAboveBaselineC));
        Assert.Equal(TimeSpan.FromHours(48), r.WatchClearAfter);
        Assert.Equal((1.0m, 2), (r.R1ExcessWarmthC, r.R1ConsecutiveDays));
        Assert.Equal((15m, 10m, 10m, TimeSpan.FromHours(20)), (r.R2FlexionLossDeg, r.R2AbductionLossDeg, r.R2InternalRotationLossDeg, r.R2MinSeparation));
        Assert.Equal((90m, 100m), (r.R3FlexionBelowDeg, r.R3MinBaselineFlexionDeg));
        Assert.Equal((0.7m, 10m, TimeSpan.FromHours(72)), (r.R4ExcessWarmthC, r.R4RomLossDeg, r.R4Window));
        Assert.Equal((2.0m, TimeSpan.FromMinutes(30)), (r.R5ExcessWarmthC, r.R5MinSeparation));
        Assert.Equal(38.0m, r.R6FeverC);
        Assert.Equal((TimeSpan.FromDays(7), 0.5m, 10m, 10), (r.DismissalSuppression, r.WorseningC, r.WorseningDeg, r.ReReferralAfterNegativeUltrasoundDays));
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromHours(48)), (r.EscalateToAttendingAfter, r.EscalateToUnitLeadAfter));
    }

    [Theory]
    [InlineData("negative", "WtExcessWarmthC must be greater than 0 (was -0.7)")]
    [InlineData("band", "GateAmbientMinC (24) must be below GateAmbientMaxC (18)")]
    [InlineData("watchAboveRefer", "WrFlexionLossDeg (16) must not be above R2FlexionLossDeg (15)")]
    [InlineData("escalation", "EscalateToUnitLeadAfter (12:00:00) must be later than EscalateToAttendingAfter (1.00:00:00)")]
    [InlineData("baselineDays", "BaselineMinDistinctDays must be between 1 and BaselineReadings (3) (was 4)")]
    [InlineData("version", "Version must be 1-64 letters")]
    [InlineData("watchAboveR4", "WtExcessWarmthC (0.8) must not be above R4ExcessWarmthC (0.7)")]
    [InlineData("fever", "R6FeverC must be between 37.5 and 41 °C (was 36)")]
    public void Nonsense_rule_sets_are_rejected_with_a_clear_message(string which, string message)
    {
        var bad = which switch
        {
            "negative" => RuleSet.V1 with { WtExcessWarmthC = -0.7m },
            "band" => RuleSet.V1 with { GateAmbientMinC = 24m, GateAmbientMaxC = 18m },
            "watchAboveRefer" => RuleSet.V1 with { WrFlexionLossDeg = 16m },
            "escalation" => RuleSet.V1 with { EscalateToUnitLeadAfter = TimeSpan.FromHours(12) },
            "baselineDays" => RuleSet.V1 with { BaselineMinDistinctDays = 4 },
            "version" => RuleSet.V1 with { Version = "" },
            "fever" => RuleSet.V1 with { R6FeverC = 36m },
            "watchAboveR4" => RuleSet.V1 with { WtExcessWarmthC = 0.8m },
            _ => throw new ArgumentException(which),
        };
        Assert.Contains(bad.Validate(), e => e.StartsWith(message, StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidRuleSetException>(() => new ScreeningEngine(bad, Berlin));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void An_override_makes_a_new_version_with_one_change_record_per_field()
    {
        var when = At(2, 10, 14);
        var o = RuleSetOverrides.Apply(RuleSet.V1, "v1-site-a",
            r => r with { WtExcessWarmthC = 0.8m, R4ExcessWarmthC = 0.8m, DismissalSuppression = TimeSpan.FromDays(5) },
            "lead-7", when, "local audit: too many W-T signs");
        Assert.Equal(("v1-site-a", "v1"), (o.RuleSet.Version, o.RuleSet.BasedOnVersion));
        Assert.Equal(0.7m, RuleSet.V1.WtExcessWarmthC); // v1 itself never changes
        Assert.Equal(new[]
        {
            new RuleSetChange("v1", "v1-site-a", "WtExcessWarmthC", "0.7", "0.8", "lead-7", when, "local audit: too many W-T signs"),
            new RuleSetChange("v1", "v1-site-a", "R4ExcessWarmthC", "0.7", "0.8", "lead-7", when, "local audit: too many W-T signs"),
            new RuleSetChange("v1", "v1-site-a", "DismissalSuppression", "7.00:00:00", "5.00:00:00", "lead-7", when, "local audit: too many W-T signs"),
        }, o.Changes);
    }

    [Fact]
    public void An_override_is_refused_when_it_reuses_the_version_changes_nothing_lacks_who_or_why_or_is_invalid()
    {
        var when = At(2, 10, 14);
        Assert.Contains("must have a new version", Assert.Throws<InvalidRuleSetException>(() =>
            RuleSetOverrides.Apply(RuleSet.V1, "v1", r => r with { WtExcessWarmthC = 0.8m }, "a", when, "b")).Message);
        Assert.Contains("changes no threshold", Assert.Throws<InvalidRuleSetException>(() =>
            RuleSetOverrides.Apply(RuleSet.V1, "v2", r => r, "a", when, "b")).Message);
        Assert.Contains("who changed it", Assert.Throws<InvalidRuleSetException>(() =>
            RuleSetOverrides.Apply(RuleSet.V1, "v2", r => r with { WtExcessWarmthC = 0.8m }, " ", when, "b")).Message);
        Assert.Contains("needs a reason", Assert.Throws<InvalidRuleSetException>(() =>
            RuleSetOverrides.Apply(RuleSet.V1, "v2", r => r with { WtExcessWarmthC = 0.8m }, "a", when, "")).Message);
        var invalid = Assert.Throws<InvalidRuleSetException>(() =>
            RuleSetOverrides.Apply(RuleSet.V1, "v2", r => r with { R5ExcessWarmthC = 0m }, "a", when, "b"));
        Assert.Contains(invalid.Errors, e => e.StartsWith("R5ExcessWarmthC must be greater than 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_threshold_field_is_diffed()
    {
        // Changing each field on its own yields exactly one change record naming it.
        foreach (var name in RuleSetOverrides.FieldNames)
        {
            var p = typeof(RuleSet).GetProperty(name)!;
            var copy = RuleSet.V1 with { };
            object bumped = p.GetValue(copy) switch
            {
                decimal d => d + 0.01m,
                int i => i + 1,
                TimeSpan t => t + TimeSpan.FromMinutes(1),
                var other => throw new InvalidOperationException($"{name}: {other}"),
            };
            p.SetValue(copy, bumped);
            Assert.Equal(name, Assert.Single(RuleSetOverrides.Diff(RuleSet.V1, copy)).Field);
        }

        Assert.Equal(38, RuleSetOverrides.FieldNames.Count);
    }

    [Fact]
    public void The_engine_uses_the_override_and_findings_name_its_version()
    {
        var rules = RuleSetOverrides.Apply(RuleSet.V1, "v1-site-a", r => r with { WtExcessWarmthC = 0.8m, R4ExcessWarmthC = 0.8m },
            "lead-7", At(2, 10, 14), "audit").RuleSet;
        var w = new TestWard(rules);
        w.FullBaseline();
        Assert.Empty(w.Warm(At(3, 3, 9), HipSide.Right, 0.79m).Findings);
        var f = Assert.Single(w.Warm(At(3, 3, 10), HipSide.Right, 0.8m).Findings);
        Assert.Equal("v1-site-a", f.RuleSetVersion);
        Assert.EndsWith("(rule W-T, rule set v1-site-a).", f.Sentence);
    }
}
