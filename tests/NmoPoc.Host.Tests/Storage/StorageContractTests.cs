using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Storage;

/// <summary>
/// What every storage provider must do. SQLite runs it now (SqliteStorageContractTests); a PostgreSQL provider
/// adds a subclass and must pass the same tests.
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = Messages.T0;
    private static readonly DateTimeOffset Now = T0.AddDays(30);

    protected IHostStorage Store { get; private set; } = null!;

    /// <summary>A fresh, empty store (not yet migrated).</summary>
    protected abstract Task<IHostStorage> CreateEmptyAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateEmptyAsync();
        await Store.MigrateAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migration_is_idempotent_and_versioned()
    {
        var fresh = await CreateEmptyAsync();
        Assert.Equal(0, await fresh.GetSchemaVersionAsync());
        Assert.False(await fresh.PingAsync());
        await fresh.MigrateAsync();
        var v = await fresh.GetSchemaVersionAsync();
        Assert.True(v >= 1);
        await fresh.MigrateAsync();
        Assert.Equal(v, await fresh.GetSchemaVersionAsync());
        Assert.True(await fresh.PingAsync());
    }

    [Fact]
    public async Task Units_add_list_revoke()
    {
        var u = new UnitCredential("unit-0001", [1, 2], [3, 4], 100_000, T0, null);
        Assert.True(await Store.AddUnitAsync(u));
        Assert.False(await Store.AddUnitAsync(u with { Salt = [9] }));
        var got = await Store.GetUnitAsync("unit-0001");
        Assert.NotNull(got);
        Assert.Equal(u.Salt, got.Salt);
        Assert.Equal(u.Hash, got.Hash);
        Assert.Equal(100_000, got.Iterations);
        Assert.False(got.IsRevoked);
        Assert.Null(await Store.GetUnitAsync("unit-0002"));

        Assert.True(await Store.RevokeUnitAsync("unit-0001", T0.AddDays(1)));
        Assert.False(await Store.RevokeUnitAsync("unit-0001", T0.AddDays(2)));
        Assert.False(await Store.RevokeUnitAsync("unit-9999", T0));
        Assert.Equal(T0.AddDays(1), (await Store.GetUnitAsync("unit-0001"))!.RevokedAt);
        Assert.Single(await Store.ListUnitsAsync());
    }

    [Fact]
    public async Task Records_are_idempotent_on_unit_boot_seq_within_and_across_batches()
    {
        var a = Record("unit-0001", 1, 1, T0);
        var outcomes = await Store.WriteBatchAsync([a, Record("unit-0001", 1, 2, T0), Record("unit-0001", 1, 1, T0)]);
        Assert.Equal([WriteOutcome.Stored, WriteOutcome.Stored, WriteOutcome.Duplicate], outcomes);

        // Same seq on a new boot, or on another unit, is a different reading; a fault shares the sequence, so a
        // fault reusing a reading's key is a collision (kept apart), not a duplicate.
        outcomes = await Store.WriteBatchAsync([
            Record("unit-0001", 1, 1, T0), Record("unit-0001", 2, 1, T0), Record("unit-0002", 1, 1, T0),
            Record("unit-0001", 1, 2, T0, type: "fault", json: Messages.Fault("unit-0001", 1, 2, T0).ToJsonString()),
        ]);
        Assert.Equal([WriteOutcome.Duplicate, WriteOutcome.Stored, WriteOutcome.Stored, WriteOutcome.KeyCollision], outcomes);
        Assert.Equal(4, await Store.CountReadingsAsync());

        var stored = await Store.GetReadingsForUnitAsync("unit-0001", new ReadingFilter());
        Assert.Equal(3, stored.Count);
        var first = stored.Single(r => r.Boot == 1 && r.Seq == 1);
        Assert.Equal(T0, first.MeasuredAt); // the first copy stays; the replay changed nothing
        Assert.Equal(Now, first.ReceivedAt);
        Assert.Equal(a.PayloadJson, first.PayloadJson);
    }

    [Fact]
    public async Task A_replay_differing_only_in_historical_is_a_duplicate_but_other_differences_are_a_key_collision()
    {
        var live = Messages.Temperature("unit-0001", 1, 1, T0);
        var replay = Messages.Temperature("unit-0001", 1, 1, T0, historical: true);
        var changed = Messages.Temperature("unit-0001", 1, 1, T0, left: 35.0);
        var outcomes = await Store.WriteBatchAsync([
            Record("unit-0001", 1, 1, T0, json: live.ToJsonString()),
            Record("unit-0001", 1, 1, T0, json: replay.ToJsonString()),
            Record("unit-0001", 1, 1, T0, json: changed.ToJsonString()),
        ]);
        Assert.Equal([WriteOutcome.Stored, WriteOutcome.Duplicate, WriteOutcome.KeyCollision], outcomes);
        Assert.Equal(1, await Store.CountReadingsAsync());
        var kept = Assert.Single(await Store.GetRejectionsAsync("unit-0001", "keyCollision", 10));
        Assert.Equal(changed.ToJsonString(), System.Text.Encoding.UTF8.GetString(kept.Payload));
    }

    [Fact]
    public async Task Rejections_keep_reason_and_raw_bytes()
    {
        byte[] raw = [0xff, 0x00, 0x7b];
        await Store.WriteBatchAsync([
            new IngestWrite { Kind = IngestWriteKind.Rejection, UnitId = "unit-0001", Topic = "t", Reason = "malformedJson", Detail = "d", RawPayload = raw, ReceivedAt = Now },
            new IngestWrite { Kind = IngestWriteKind.Rejection, UnitId = "unit-0002", Topic = "t2", Reason = "notAuthorized", RawPayload = [], ReceivedAt = Now },
        ]);
        var all = await Store.GetRejectionsAsync(null, null, 10);
        Assert.Equal(2, all.Count);
        var r = Assert.Single(await Store.GetRejectionsAsync("unit-0001", null, 10));
        Assert.Equal(raw, r.Payload);
        Assert.Equal("malformedJson", r.Reason);
        Assert.Equal("d", r.Detail);
        Assert.Single(await Store.GetRejectionsAsync(null, "notAuthorized", 10));
        var counts = await Store.CountRejectionsByReasonAsync();
        Assert.Equal(1, counts["malformedJson"]);
        Assert.Equal(1, counts["notAuthorized"]);
    }

    [Fact]
    public async Task Unit_state_tracks_status_heartbeat_and_connection()
    {
        Assert.Null(await Store.GetUnitStateAsync("unit-0001"));
        await Store.WriteBatchAsync([
            new IngestWrite { Kind = IngestWriteKind.Connection, UnitId = "unit-0001", Connected = true, ReceivedAt = Now },
            new IngestWrite { Kind = IngestWriteKind.Status, UnitId = "unit-0001", State = "online", SentAt = Now, ReceivedAt = Now, Fw = "1.0.0" },
            new IngestWrite
            {
                Kind = IngestWriteKind.Heartbeat, UnitId = "unit-0001", SentAt = Now.AddSeconds(60), ReceivedAt = Now.AddSeconds(61), BatteryMv = 3900,
                BatteryPct = 15, RssiDbm = -70, OutboxDepth = 3, OutboxDropped = 1, Fw = "1.0.1",
            },
        ]);
        var s = await Store.GetUnitStateAsync("unit-0001");
        Assert.NotNull(s);
        Assert.True(s.Connected);
        Assert.Equal("online", s.StatusState);
        Assert.Equal(Now.AddSeconds(61), s.LastHeartbeatAt);
        Assert.Equal(15, s.BatteryPct);
        Assert.Equal(3, s.OutboxDepth);
        Assert.Equal("1.0.1", s.Fw);

        await Store.WriteBatchAsync([new IngestWrite { Kind = IngestWriteKind.Status, UnitId = "unit-0001", State = "offline", SentAt = Now, ReceivedAt = Now.AddMinutes(5), Fw = "1.0.1" }]);
        Assert.Equal("offline", (await Store.GetUnitStateAsync("unit-0001"))!.StatusState);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as ingest writes them: with the facts taken from the parsed message
    public async Task Channel_summary_shows_last_good_reading_and_latest_fault_per_channel(bool withFacts)
    {
        await Store.WriteBatchAsync([
            Record("unit-0001", 1, 1, T0, json: Messages.Temperature("unit-0001", 1, 1, T0, left: 33.0, right: null).ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 2, T0.AddMinutes(1), type: "fault", json: Messages.Fault("unit-0001", 1, 2, T0.AddMinutes(1), "rightHip").ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 3, T0.AddMinutes(2), type: "fault", json: Messages.Fault("unit-0001", 1, 3, T0.AddMinutes(2), "leftHip").ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 4, T0.AddMinutes(3), json: Messages.Temperature("unit-0001", 1, 4, T0.AddMinutes(3), left: 33.2, right: null).ToJsonString(), facts: withFacts),
        ]);
        var s = await Store.GetChannelSummaryAsync("unit-0001");
        var left = s.Channels.Single(c => c.Channel == "leftHip");
        var right = s.Channels.Single(c => c.Channel == "rightHip");
        Assert.Equal(T0.AddMinutes(3), left.LastGoodAt);
        Assert.Equal(T0.AddMinutes(2), left.LastFaultAt);
        Assert.Null(right.LastGoodAt);
        Assert.Equal(T0.AddMinutes(1), right.LastFaultAt);
        Assert.Equal("missing", right.LastFaultStatus);
        Assert.Equal(3, s.LastCalibrationAgeDays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as ingest writes them: with the facts taken from the parsed message
    public async Task Channel_summary_follows_readings_written_after_it_was_first_asked_for(bool withFacts)
    {
        await Store.WriteBatchAsync([Record("unit-0001", 1, 1, T0.AddHours(1), facts: withFacts)]);
        var first = await Store.GetChannelSummaryAsync("unit-0001");
        Assert.Null(first.Channels.Single(c => c.Channel == "goniometer").LastGoodAt); // no ROM session yet

        var faultyRom = Messages.Rom("unit-0001", 1, 4, T0.AddHours(4));
        faultyRom["qualityFlags"] = new System.Text.Json.Nodes.JsonArray("goniometerFault");
        var olderRound = Messages.Temperature("unit-0001", 1, 5, T0, left: 33.0, right: 33.1);
        olderRound["calibrationAgeDays"] = 40;
        await Store.WriteBatchAsync([
            Record("unit-0001", 1, 2, T0.AddHours(2), type: "romSession", json: Messages.Rom("unit-0001", 1, 2, T0.AddHours(2)).ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 3, T0.AddHours(3), type: "fault", json: Messages.Fault("unit-0001", 1, 3, T0.AddHours(3), "rightHip").ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 4, T0.AddHours(4), type: "romSession", json: faultyRom.ToJsonString(), facts: withFacts),
            Record("unit-0001", 1, 5, T0, json: olderRound.ToJsonString(), facts: withFacts), // late: measured before the first round
            Record("unit-0002", 1, 1, T0.AddHours(9), json: Messages.Temperature("unit-0002", 1, 1, T0.AddHours(9), left: null).ToJsonString(), facts: withFacts),
        ]);

        var s = await Store.GetChannelSummaryAsync("unit-0001");
        Assert.Equal(T0.AddHours(2), s.Channels.Single(c => c.Channel == "goniometer").LastGoodAt); // the flagged session is not good
        Assert.Equal(T0.AddHours(1), s.Channels.Single(c => c.Channel == "leftHip").LastGoodAt); // the late round does not go back in time
        Assert.Equal(T0.AddHours(3), s.Channels.Single(c => c.Channel == "rightHip").LastFaultAt);
        Assert.Equal(3, s.LastCalibrationAgeDays); // from the latest measured round, not the latest written
        var other = await Store.GetChannelSummaryAsync("unit-0002");
        Assert.Null(other.Channels.Single(c => c.Channel == "leftHip").LastGoodAt);
        Assert.Equal(T0.AddHours(9), other.Channels.Single(c => c.Channel == "rightHip").LastGoodAt);
    }

    [Fact]
    public async Task Readings_belong_to_the_patient_assigned_at_measurement_time()
    {
        var alice = await Store.AddPatientAsync(Patient("p-alice"), Now);
        var bob = await Store.AddPatientAsync(Patient("p-bob"), Now);
        Assert.NotNull((await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", alice.Id, null, T0, T0.AddDays(2)), Now)).Assignment);
        Assert.NotNull((await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", bob.Id, null, T0.AddDays(2), null), Now)).Assignment);

        await Store.WriteBatchAsync([
            Record("unit-0001", 1, 1, T0.AddHours(-1)),         // before any assignment
            Record("unit-0001", 1, 2, T0),                      // start is inclusive
            Record("unit-0001", 1, 3, T0.AddDays(2).AddMilliseconds(-1)),
            Record("unit-0001", 1, 4, T0.AddDays(2)),           // end is exclusive: bob's
            Record("unit-0001", 1, 5, T0.AddDays(1)),           // arrives late, measured during alice's stay
        ]);

        Assert.Equal([2L, 5, 3], (await Store.GetReadingsForPatientAsync(alice.Id, new ReadingFilter())).Select(r => r.Seq));
        Assert.Equal([4L], (await Store.GetReadingsForPatientAsync(bob.Id, new ReadingFilter())).Select(r => r.Seq));
        Assert.Equal([1L], (await Store.GetUnassignedReadingsAsync(null, new ReadingFilter())).Select(r => r.Seq));
        Assert.All(await Store.GetReadingsForPatientAsync(alice.Id, new ReadingFilter()), r => Assert.Equal(alice.Id, r.PatientId));

        // Filters: measurement-time window and type.
        Assert.Equal([5L], (await Store.GetReadingsForPatientAsync(alice.Id, new ReadingFilter(T0.AddHours(1), T0.AddDays(1).AddHours(1)))).Select(r => r.Seq));
        Assert.Empty(await Store.GetReadingsForPatientAsync(alice.Id, new ReadingFilter(Type: "fault")));
    }

    [Fact]
    public async Task Back_dated_assignment_attributes_earlier_unassigned_readings()
    {
        await Store.WriteBatchAsync([Record("unit-0003", 1, 1, T0), Record("unit-0003", 1, 2, T0.AddHours(5))]);
        Assert.Equal(2, (await Store.GetUnassignedReadingsAsync("unit-0003", new ReadingFilter())).Count);

        var carol = await Store.AddPatientAsync(Patient("p-carol"), Now);
        await Store.AddAssignmentAsync(new AssignmentInput("unit-0003", carol.Id, null, T0.AddDays(-1), null), Now);

        Assert.Empty(await Store.GetUnassignedReadingsAsync("unit-0003", new ReadingFilter()));
        Assert.Equal([1L, 2], (await Store.GetReadingsForPatientAsync(carol.Id, new ReadingFilter())).Select(r => r.Seq));
    }

    [Fact]
    public async Task Assignments_of_one_unit_may_not_overlap()
    {
        var p = await Store.AddPatientAsync(Patient("p-1"), Now);
        var q = await Store.AddPatientAsync(Patient("p-2"), Now);
        var first = (await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", p.Id, null, T0, T0.AddDays(10)), Now)).Assignment!;

        // Overlapping inside, across the start, across the end, and an open-ended one that covers it.
        foreach (var (s, e) in new (DateTimeOffset, DateTimeOffset?)[]
                 {
                     (T0.AddDays(1), T0.AddDays(2)), (T0.AddDays(-1), T0.AddDays(1)), (T0.AddDays(9), T0.AddDays(11)), (T0.AddDays(-5), null),
                 })
        {
            var r = await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", q.Id, null, s, e), Now);
            Assert.Null(r.Assignment);
            Assert.Equal(first.Id, r.ConflictsWith!.Id);
        }

        // Adjacent is fine ([start, end) intervals), and another unit is independent.
        Assert.NotNull((await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", q.Id, null, T0.AddDays(10), null), Now)).Assignment);
        Assert.NotNull((await Store.AddAssignmentAsync(new AssignmentInput("unit-0002", q.Id, null, T0, null), Now)).Assignment);

        // Moving the first one's end into the next one is refused; ending it earlier is fine.
        Assert.NotNull((await Store.EndAssignmentAsync(first.Id, T0.AddDays(12))).ConflictsWith);
        Assert.Equal(T0.AddDays(8), (await Store.EndAssignmentAsync(first.Id, T0.AddDays(8))).Assignment!.End);
        Assert.True((await Store.EndAssignmentAsync(9999, T0)).NotFound);
        Assert.Equal(2, (await Store.ListAssignmentsAsync("unit-0001", null)).Count);
        Assert.Equal(2, (await Store.ListAssignmentsAsync(null, q.Id)).Count);
    }

    [Fact]
    public async Task Patients_wards_beds_round_trip()
    {
        var p = await Store.AddPatientAsync(
            new PatientInput("MRN-42", "J. Doe", new DateOnly(2026, 2, 1), InjuryType.SciComplete, [RiskFactor.Uti, RiskFactor.Male, RiskFactor.Uti]), Now);
        Assert.Equal("MRN-42", p.Pseudonym);
        Assert.Equal([RiskFactor.Uti, RiskFactor.Male], p.RiskFactors);
        Assert.Equal(new DateOnly(2026, 2, 1), p.InjuryDate);
        Assert.Equal(p.Id, (await Store.FindPatientByPseudonymAsync("MRN-42"))!.Id);
        var updated = await Store.UpdatePatientAsync(p.Id, new PatientInput("MRN-42", "Jane Doe", null, InjuryType.Tbi, [RiskFactor.AutonomicDysregulation]));
        Assert.Equal(InjuryType.Tbi, updated!.InjuryType);
        Assert.Null(updated.InjuryDate);
        Assert.Null(await Store.UpdatePatientAsync(9999, new PatientInput("x", "x", null, InjuryType.Other, null)));
        Assert.Single(await Store.ListPatientsAsync());

        var ward = await Store.AddWardAsync("Spinal 2");
        var bed = await Store.AddBedAsync(ward.Id, "B-07");
        Assert.Equal(bed, await Store.GetBedAsync(bed.Id));
        Assert.Equal([bed], await Store.ListBedsAsync(ward.Id));
        Assert.Equal(ward, await Store.GetWardAsync(ward.Id));
        var a = (await Store.AddAssignmentAsync(new AssignmentInput("unit-0001", p.Id, bed.Id, T0, null), Now)).Assignment!;
        Assert.Equal(bed.Id, a.BedId);
    }

    [Fact]
    public async Task Manual_entries_keep_who_entered_them_and_the_rom_median()
    {
        var p = await Store.AddPatientAsync(Patient("p-m"), Now);
        var rom = await Store.AddManualEntryAsync(p.Id,
            new ManualEntryInput(ManualEntryKind.Rom, T0, "nurse-17", null, "left", "flexion", [100, null, 104], "manual goniometer"), Now);
        Assert.Equal(102, rom.MedianDeg);
        Assert.Equal("nurse-17", rom.EnteredBy);
        Assert.Equal(Now, rom.EnteredAt);
        Assert.Equal([100, null, 104], rom.RepetitionsDeg!);
        var crp = await Store.AddManualEntryAsync(p.Id, new ManualEntryInput(ManualEntryKind.Crp, T0.AddHours(1), "dr-3", 42.5, null, null, null, null), Now);
        Assert.Equal("mg/L", crp.Unit);
        Assert.Equal(42.5, crp.Value);
        Assert.Equal([rom.Id, crp.Id], (await Store.ListManualEntriesAsync(p.Id)).Select(e => e.Id));
    }

    private static PatientInput Patient(string pseudonym) => new(pseudonym, "Test " + pseudonym, null, InjuryType.SciIncomplete, []);

    internal static IngestWrite Record(
        string unit, long boot, long seq, DateTimeOffset measured, string type = "temperatureRound", string? json = null, bool facts = false)
    {
        json ??= Messages.Temperature(unit, boot, seq, measured).ToJsonString();
        return new()
        {
            Kind = IngestWriteKind.Record, UnitId = unit, Boot = boot, Seq = seq, Type = type, MeasuredAt = measured, ReceivedAt = Now,
            PayloadJson = json, Facts = facts ? ChannelFacts.FromPayload(type, json) : null,
        };
    }
}
