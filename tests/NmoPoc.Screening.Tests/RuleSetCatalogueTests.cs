namespace NmoPoc.Screening.Tests;

public class RuleSetCatalogueTests
{
    private static readonly DateTimeOffset When = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Catalogue_describes_every_threshold_of_the_rule_set_with_its_v1_default_inside_its_range()
    {
        Assert.Equal(RuleSetOverrides.FieldNames, RuleSetCatalogue.All.Select(t => t.Key));
        foreach (var t in RuleSetCatalogue.All)
        {
            Assert.Equal(t.Default, RuleSetCatalogue.ValueOf(RuleSet.V1, t));
            Assert.InRange(t.Default, t.Min, t.Max);
            Assert.False(string.IsNullOrWhiteSpace(t.Label), t.Key);
            Assert.False(string.IsNullOrWhiteSpace(t.BoundsReason), t.Key);
            Assert.False(string.IsNullOrWhiteSpace(t.Unit), t.Key);
        }
    }

    [Fact]
    public void Overrides_in_catalogue_units_make_a_new_version_with_old_to_new_change_records()
    {
        var result = RuleSetOverrides.TryApply(RuleSet.V1,
            new Dictionary<string, decimal> { ["wtExcessWarmthC"] = 0.6m, ["WatchClearAfter"] = 72m, ["R5MinSeparation"] = 45m, ["BaselineReadings"] = 4 },
            "v1-site1", "lead-7", When, "local audit");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        var r = result.Override!.RuleSet;
        Assert.Equal(("v1-site1", "v1"), (r.Version, r.BasedOnVersion));
        Assert.Equal((0.6m, TimeSpan.FromHours(72), TimeSpan.FromMinutes(45), 4), (r.WtExcessWarmthC, r.WatchClearAfter, r.R5MinSeparation, r.BaselineReadings));
        Assert.Equal(0.7m, RuleSet.V1.WtExcessWarmthC);
        Assert.Equal(
            [("BaselineReadings", "3", "4"), ("WtExcessWarmthC", "0.7", "0.6"), ("WatchClearAfter", "2.00:00:00", "3.00:00:00"), ("R5MinSeparation", "00:30:00", "00:45:00")],
            result.Override.Changes.Select(c => (c.Field, c.OldValue, c.NewValue)).ToList());
        Assert.All(result.Override.Changes, c => Assert.Equal(("lead-7", When, "local audit", "v1", "v1-site1"), (c.ChangedBy, c.ChangedAt, c.Reason, c.FromVersion, c.ToVersion)));
        Assert.Empty(new ScreeningEngine(r, TestWard.Berlin).Rules.Validate());
    }

    [Fact]
    public void Values_outside_the_allowed_range_are_refused_with_field_range_and_reason()
    {
        var result = RuleSetOverrides.TryApply(RuleSet.V1,
            new Dictionary<string, decimal> { ["R1ExcessWarmthC"] = 0.2m, ["R6FeverC"] = 40m, ["BaselineReadings"] = 2.5m, ["NoSuchThing"] = 1m },
            "v1-site1", "lead-7", When, "x");

        Assert.False(result.Succeeded);
        var r1 = Assert.Single(result.Errors, e => e.Field == "R1ExcessWarmthC");
        Assert.Equal((0.5m, 2.2m, "Cel"), (r1.Min, r1.Max, r1.Unit));
        Assert.Contains("must be between 0.5 and 2.2 Cel (was 0.2)", r1.Message);
        Assert.Contains("healthy asymmetry", r1.Message);
        Assert.Equal((37.5m, 39.5m), (result.Errors.Single(e => e.Field == "R6FeverC").Min, result.Errors.Single(e => e.Field == "R6FeverC").Max));
        Assert.Contains("whole number", result.Errors.Single(e => e.Field == "BaselineReadings").Message);
        Assert.Contains("not a tunable setting", result.Errors.Single(e => e.Field == "NoSuchThing").Message);
    }

    [Fact]
    public void At_the_bounds_is_allowed_and_just_outside_is_not()
    {
        Assert.True(RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["R5ExcessWarmthC"] = 4.0m }, "a", "x", When, "y").Succeeded);
        Assert.False(RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["R5ExcessWarmthC"] = 4.01m }, "a", "x", When, "y").Succeeded);
        Assert.True(RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["WtExcessWarmthC"] = 0.3m }, "a", "x", When, "y").Succeeded);
        Assert.False(RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["WtExcessWarmthC"] = 0.29m }, "a", "x", When, "y").Succeeded);
    }

    [Fact]
    public void Cross_field_conflicts_missing_who_or_why_and_no_change_are_named()
    {
        // W-T above R4 (both in range alone): every REFER finding must also be a WATCH sign.
        var conflict = RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["WtExcessWarmthC"] = 0.8m }, "a", "x", When, "y");
        var e = Assert.Single(conflict.Errors);
        Assert.Equal("WtExcessWarmthC", e.Field);
        Assert.Contains("R4ExcessWarmthC", e.Message);
        Assert.Equal((0.3m, 1.5m), (e.Min, e.Max));

        var missing = RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal>(), "a", " ", When, "");
        Assert.Equal(["actor", "reason", "overrides"], missing.Errors.Select(x => x.Field));

        var same = RuleSetOverrides.TryApply(RuleSet.V1, new Dictionary<string, decimal> { ["R6FeverC"] = 38.0m }, "a", "x", When, "y");
        Assert.Equal("overrides", Assert.Single(same.Errors).Field);
    }
}
