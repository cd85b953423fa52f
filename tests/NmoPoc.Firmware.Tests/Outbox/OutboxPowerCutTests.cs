using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Firmware.Tests.Outbox;

/// <summary>
/// Power cuts at every byte of every write. The storage contract (<c>IBlockStorage</c>): durable after Flush;
/// otherwise any prefix of the unflushed writes lands, the last one possibly torn. So every possible cut is "writes
/// 0..i-1 landed, write i landed k bytes (truncated, or corrupted from byte k on)". For each, recovery must give
/// exactly the committed records: everything appended before, the interrupted append only if all its bytes landed,
/// in seq order, byte-exact, and no record that was never appended. Boot and seq must never go back.
/// </summary>
public class OutboxPowerCutTests
{
    // Tiny ring so a few hundred steps wrap it dozens of times and overflow often.
    private static readonly OutboxOptions Options = new(capacity: 5, maxPayloadBytes: 40);
    private static readonly int RegionBytes = (int)Options.RequiredStorageBytes + 7;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_cut_at_every_byte_of_every_write_recovers_exactly_the_committed_records(int seed)
    {
        var scenario = new OutboxScenario(Options, new PowerCutStorage(RegionBytes), seed);
        scenario.Open();
        for (int step = 0; step < 400; step++)
        {
            scenario.RandomStep();
        }

        // The scenario must have exercised what this test is about.
        Assert.True(scenario.Model.Next > 20 * Options.Capacity, "ring wrapped too few times");
        Assert.True(scenario.Model.Dropped.Count >= 10, "too few overflows");
        Assert.True(scenario.Ops.Count(o => o.Kind == OpKind.Open) >= 5, "too few reboots");
        Assert.True(scenario.Ops.Count(o => o.Kind == OpKind.Checkpoint && o.EndWrite > o.FirstWrite) >= 5, "too few checkpoints");
        Assert.True(scenario.Ops.Count(o => o.Kind == OpKind.Append && o.FlushesAfter - o.FlushesBefore == 2) >= 5, "too few appends that flushed a state first");

        int cuts = 0;
        int landedAppends = 0;
        IReadOnlyList<StorageWrite> writes = scenario.Storage.Writes;
        for (int i = 0; i < writes.Count; i++)
        {
            StorageWrite write = writes[i];
            byte[] before = scenario.Storage.ImageAfter(i);
            var expect = Expectation.For(scenario, i);
            for (int k = 0; k <= write.Data.Length; k++)
            {
                byte[] image = (byte[])before.Clone();
                PowerCutStorage.ApplyTorn(image, write, k, TornWrite.Truncated);
                landedAppends += AssertRecovers(image, scenario, expect, write, checkStillUsable: true).RecordLanded ? 1 : 0;
                cuts++;

                if (k < write.Data.Length)
                {
                    image = (byte[])before.Clone();
                    PowerCutStorage.ApplyTorn(image, write, k, TornWrite.Corrupted, garbageSeed: (i * 1000) + k);
                    Assert.False(AssertRecovers(image, scenario, expect, write, checkStillUsable: true).RecordLanded);
                    cuts++;
                }
            }
        }

        Assert.Equal(writes.Sum(w => (2 * w.Data.Length) + 1), cuts);
        Assert.True(landedAppends >= scenario.Ops.Count(o => o.Kind == OpKind.Append), "every append must be seen landing at least once (k = length)");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Repeated_cuts_and_recoveries_never_lose_a_committed_record_or_reuse_a_seq_or_boot(int seed)
    {
        var rng = new Random(seed);
        var scenario = new OutboxScenario(Options, new PowerCutStorage(RegionBytes), seed);
        scenario.Open();
        for (int cycle = 0; cycle < 300; cycle++)
        {
            int steps = rng.Next(1, 8);
            for (int step = 0; step < steps; step++)
            {
                scenario.RandomStep();
            }

            // Cut the power during the last call that wrote anything (later calls wrote nothing, so this is "now").
            Op last = scenario.Ops.Last(o => o.EndWrite > o.FirstWrite);
            int index = rng.Next(last.FirstWrite, last.EndWrite);
            StorageWrite write = scenario.Storage.Writes[index];
            var mode = rng.Next(2) == 0 ? TornWrite.Truncated : TornWrite.Corrupted;
            int landed = rng.Next(0, mode == TornWrite.Truncated ? write.Data.Length + 1 : write.Data.Length);
            byte[] image = scenario.Storage.ImageCutDuring(index, landed, mode, garbageSeed: cycle);

            Recovered recovered = AssertRecovers(image, scenario, Expectation.For(scenario, index), write, checkStillUsable: false);

            // An interrupted power-up never handed its boot number to anyone; every completed one must stay below.
            uint completedBoot = last.Kind == OpKind.Open ? last.BootBefore : scenario.Model.Boot;
            Assert.True(recovered.Boot > completedBoot, $"boot {recovered.Boot} not above {completedBoot}");

            // The model forgets what the cut undid: an append that never landed, drops and acks that were not persisted.
            OutboxModel model = scenario.Model;
            if (last.Kind == OpKind.Append && !recovered.RecordLanded)
            {
                model.Completed.Remove(last.NextBefore);
            }

            Assert.All(model.Completed, seq => Assert.True(seq < recovered.Next, $"completed seq {seq} would be reused (next {recovered.Next})"));
            foreach (uint seq in model.Records.Keys.Where(s => s >= recovered.Next).ToList())
            {
                model.Records.Remove(seq);
            }

            model.Dropped.RemoveWhere(s => s >= recovered.Head);
            model.Head = recovered.Head;
            model.Next = recovered.Next;
            model.Boot = recovered.Boot - 1; // the scenario's Open counts this power-up itself
            model.InitialDurableHead = recovered.Head;
            scenario = new OutboxScenario(Options, new PowerCutStorage(image), rng.Next(), model);
            scenario.Open();
        }

        Assert.True(scenario.Model.Next > 50 * Options.Capacity, "ring wrapped too few times");
    }

    [Fact]
    public void A_cut_during_the_very_first_format_leaves_a_storage_that_formats_again()
    {
        var storage = new PowerCutStorage(RegionBytes);
        PersistentOutbox.Open(storage, Options, new ListLog());
        StorageWrite format = Assert.Single(storage.Writes);
        for (int k = 0; k < format.Data.Length; k++)
        {
            var outbox = PersistentOutbox.Open(new MemoryBlockStorage(storage.ImageCutDuring(0, k, TornWrite.Truncated)), Options, new ListLog());
            Assert.Equal(1u, outbox.Boot);
            Assert.Equal(1u, outbox.NextSeq);
            Assert.Equal(0, outbox.Count);
        }
    }

    private static Recovered AssertRecovers(byte[] image, OutboxScenario scenario, Expectation expect, StorageWrite write, bool checkStillUsable)
    {
        bool finalWriteLanded = expect.IsFinalWriteOfOp && image.AsSpan(write.Position, write.Data.Length).SequenceEqual(write.Data);
        bool recordLanded = expect.Op.Kind == OpKind.Append && finalWriteLanded;
        uint expectedNext = expect.Op.NextBefore + (recordLanded ? 1u : 0u);
        uint expectedBoot = (expect.Op.Kind == OpKind.Open && finalWriteLanded ? expect.Op.BootAfter : expect.Op.BootBefore) + 1;
        string where = $"write {write.Index} ({expect.Op.Kind}), {image.AsSpan(write.Position, write.Data.Length).CommonPrefixLength(write.Data)}/{write.Data.Length} bytes intact";

        var storage = new MemoryBlockStorage(image);
        var outbox = PersistentOutbox.Open(storage, Options, new ListLog());

        Assert.True(expectedNext == outbox.NextSeq, $"{where}: next seq {outbox.NextSeq}, expected {expectedNext}");
        Assert.True(expectedBoot == outbox.Boot, $"{where}: boot {outbox.Boot}, expected {expectedBoot}");
        uint head = outbox.OldestSeq;
        uint highestHead = Math.Min(expect.Op.HeadAfter, expectedNext);
        Assert.True(head >= expect.DurableHead && head <= highestHead, $"{where}: head {head} outside {expect.DurableHead}..{highestHead}");
        Assert.True(expectedNext - head == (uint)outbox.Count, $"{where}: count {outbox.Count}");

        OutboxRecord record = outbox.CreateRecord();
        for (uint seq = head; seq < expectedNext; seq++)
        {
            Assert.True(outbox.TryRead(seq, record), $"{where}: seq {seq} lost");
            AppendedRecord expected = scenario.Model.Records[seq];
            Assert.True(
                expected.Kind == record.Kind && expected.Boot == record.Boot && record.Payload.AsSpan(0, record.Length).SequenceEqual(expected.Payload),
                $"{where}: seq {seq} differs from what was appended");
        }

        Assert.False(outbox.TryRead(head - 1, record), $"{where}: record before the head");
        Assert.False(outbox.TryRead(expectedNext, record), $"{where}: record past the tail");
        uint droppedBelowHead = (uint)scenario.Model.Dropped.Count(s => s < head);
        Assert.True(droppedBelowHead == outbox.Dropped, $"{where}: dropped {outbox.Dropped}, expected {droppedBelowHead}");

        if (checkStillUsable)
        {
            byte[] payload = [1, 2, 3];
            Assert.Equal(AppendStatus.Appended, outbox.Append(TopicKind.Faults, expectedNext, payload, 0, payload.Length));
            var again = PersistentOutbox.Open(storage, Options, new ListLog());
            Assert.Equal(expectedNext + 1, again.NextSeq);
            Assert.Equal(expectedBoot + 1, again.Boot);
            Assert.True(again.TryRead(expectedNext, record) && record.Payload.AsSpan(0, record.Length).SequenceEqual(payload), $"{where}: append after recovery lost");
        }

        return new Recovered(head, expectedNext, outbox.Boot, recordLanded);
    }

    private sealed record Recovered(uint Head, uint Next, uint Boot, bool RecordLanded);

    /// <summary>What the journal says about the call that issued a write (computed once per write, not per byte).</summary>
    private sealed record Expectation(Op Op, bool IsFinalWriteOfOp, uint DurableHead)
    {
        public static Expectation For(OutboxScenario scenario, int writeIndex)
        {
            Op op = scenario.OpOfWrite(writeIndex);
            return new Expectation(op, writeIndex == op.EndWrite - 1, scenario.DurableHeadBefore(writeIndex));
        }
    }
}
