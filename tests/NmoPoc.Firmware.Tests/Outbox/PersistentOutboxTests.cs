using System.Text;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Firmware.Tests.Outbox;

public class PersistentOutboxTests
{
    private static readonly OutboxOptions Small = new(capacity: 4, maxPayloadBytes: 64);

    private static MemoryBlockStorage NewStorage(OutboxOptions? options = null) => new((int)(options ?? Small).RequiredStorageBytes);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static uint Append(PersistentOutbox outbox, string payload, TopicKind kind = TopicKind.Readings)
    {
        uint seq = outbox.NextSeq;
        byte[] bytes = Bytes(payload);
        Assert.Equal(AppendStatus.Appended, outbox.Append(kind, seq, bytes, 0, bytes.Length));
        return seq;
    }

    private static List<(uint Seq, TopicKind Kind, string Payload)> Queued(PersistentOutbox outbox)
    {
        var list = new List<(uint, TopicKind, string)>();
        OutboxRecord record = outbox.CreateRecord();
        for (uint seq = outbox.OldestSeq; seq < outbox.NextSeq; seq++)
        {
            Assert.True(outbox.TryRead(seq, record));
            list.Add((record.Seq, record.Kind, Encoding.UTF8.GetString(record.Payload, 0, record.Length)));
        }

        return list;
    }

    [Fact]
    public void Blank_storage_is_formatted_as_boot_1_with_seq_starting_at_1()
    {
        var log = new ListLog();
        var outbox = PersistentOutbox.Open(NewStorage(), Small, log);

        Assert.Equal(1u, outbox.Boot);
        Assert.Equal(1u, outbox.NextSeq);
        Assert.Equal(0u, outbox.LastSeq);
        Assert.Equal(0, outbox.Count);
        Assert.Equal(4, outbox.Capacity);
        Assert.Equal(0u, outbox.Dropped);
        Assert.Equal(1, log.Count(LogLevel.Info, "formatting"));
    }

    [Fact]
    public void Appended_records_come_back_oldest_first_with_kind_boot_and_payload()
    {
        var outbox = PersistentOutbox.Open(NewStorage(), Small, new ListLog());
        Append(outbox, "{\"a\":1}");
        Append(outbox, "{\"f\":2}", TopicKind.Faults);

        OutboxRecord record = outbox.CreateRecord();
        Assert.True(outbox.ReadOldest(record));
        Assert.Equal((1u, 1u, TopicKind.Readings, "{\"a\":1}"), (record.Seq, record.Boot, record.Kind, Encoding.UTF8.GetString(record.Payload, 0, record.Length)));
        Assert.Equal(AckStatus.Removed, outbox.Acknowledge(1));
        Assert.True(outbox.ReadOldest(record));
        Assert.Equal((2u, TopicKind.Faults), (record.Seq, record.Kind));
        Assert.Equal(2u, outbox.LastSeq);
    }

    [Fact]
    public void Records_survive_a_reboot_in_order_and_the_boot_counter_counts_each_power_up()
    {
        var storage = NewStorage();
        var first = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(first, "one");
        Append(first, "two", TopicKind.Faults);
        Append(first, "three");

        var second = PersistentOutbox.Open(storage, Small, new ListLog());
        Assert.Equal(2u, second.Boot);
        Assert.Equal([(1u, TopicKind.Readings, "one"), (2u, TopicKind.Faults, "two"), (3u, TopicKind.Readings, "three")], Queued(second));
        Append(second, "four");

        var third = PersistentOutbox.Open(storage, Small, new ListLog());
        Assert.Equal(3u, third.Boot);
        OutboxRecord record = third.CreateRecord();
        Assert.True(third.TryRead(4, record));
        Assert.Equal(2u, record.Boot); // appended during boot 2
        Assert.Equal(5u, third.NextSeq);
    }

    [Fact]
    public void Seq_is_never_reused_after_the_outbox_drained_and_the_unit_rebooted()
    {
        var storage = NewStorage();
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        for (int i = 0; i < 10; i++)
        {
            Append(outbox, "r" + i);
            Assert.Equal(AckStatus.Removed, outbox.Acknowledge(outbox.OldestSeq));
        }

        outbox.Checkpoint();
        var rebooted = PersistentOutbox.Open(storage, Small, new ListLog());
        Assert.Equal(0, rebooted.Count);
        Assert.Equal(11u, rebooted.NextSeq);
        Assert.Equal(10u, rebooted.LastSeq);
    }

    [Fact]
    public void Overflow_drops_the_oldest_counts_and_logs_each_and_the_count_survives_a_reboot()
    {
        var storage = NewStorage();
        var log = new ListLog();
        var outbox = PersistentOutbox.Open(storage, Small, log);
        for (int i = 1; i <= 6; i++)
        {
            Append(outbox, "r" + i);
        }

        Assert.Equal(2u, outbox.Dropped);
        Assert.Equal(3u, outbox.OldestSeq);
        Assert.Equal(4, outbox.Count);
        Assert.Equal(1, log.Count(LogLevel.Warning, "dropped seq 1 unsent"));
        Assert.Equal(1, log.Count(LogLevel.Warning, "dropped seq 2 unsent"));

        var rebooted = PersistentOutbox.Open(storage, Small, new ListLog());
        Assert.Equal(2u, rebooted.Dropped);
        Assert.Equal(["r3", "r4", "r5", "r6"], Queued(rebooted).Select(q => q.Payload));
        Append(rebooted, "r7");
        Assert.Equal(3u, rebooted.Dropped);
        Assert.Equal(3u, PersistentOutbox.Open(storage, Small, new ListLog()).Dropped);
    }

    [Fact]
    public void Only_the_oldest_record_can_be_acknowledged()
    {
        var log = new ListLog();
        var outbox = PersistentOutbox.Open(NewStorage(), Small, log);
        Append(outbox, "a");
        Append(outbox, "b");
        Append(outbox, "c");

        Assert.Equal(AckStatus.NotOldest, outbox.Acknowledge(2));
        Assert.Equal(AckStatus.NotAssigned, outbox.Acknowledge(4));
        Assert.Equal(AckStatus.NotAssigned, outbox.Acknowledge(0));
        Assert.Equal(3, outbox.Count);
        Assert.Equal(3, log.Count(LogLevel.Warning, "refused"));

        Assert.Equal(AckStatus.Removed, outbox.Acknowledge(1));
        Assert.Equal(AckStatus.AlreadyRemoved, outbox.Acknowledge(1));
        Assert.Equal(AckStatus.Removed, outbox.Acknowledge(2));
        Assert.Equal(["c"], Queued(outbox).Select(q => q.Payload));
    }

    [Fact]
    public void An_ack_for_a_record_dropped_by_overflow_while_in_flight_is_already_removed()
    {
        var outbox = PersistentOutbox.Open(NewStorage(), Small, new ListLog());
        for (int i = 0; i < 4; i++)
        {
            Append(outbox, "r" + i);
        }

        OutboxRecord inFlight = outbox.CreateRecord();
        Assert.True(outbox.ReadOldest(inFlight));
        Append(outbox, "overflow"); // drops seq 1 while it is being published

        Assert.Equal(AckStatus.AlreadyRemoved, outbox.Acknowledge(inFlight.Seq));
        Assert.Equal(2u, outbox.OldestSeq);
        Assert.Equal(4, outbox.Count);
    }

    [Fact]
    public void Append_with_a_seq_other_than_NextSeq_fails_loudly_and_stores_nothing()
    {
        var storage = NewStorage();
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        storage.ResetCounters();

        var error = Assert.Throws<InvalidOperationException>(() => outbox.Append(TopicKind.Readings, 7, [1], 0, 1));
        Assert.Contains("next seq is 1", error.Message);
        Assert.Equal(0, storage.WriteCount);
        Assert.Equal(1u, outbox.NextSeq);
    }

    [Fact]
    public void A_payload_larger_than_the_slot_or_empty_is_refused_counted_and_logged_without_using_a_seq()
    {
        var log = new ListLog();
        var outbox = PersistentOutbox.Open(NewStorage(), Small, log);
        byte[] big = new byte[65];

        Assert.Equal(AppendStatus.PayloadTooLarge, outbox.Append(TopicKind.Readings, 1, big, 0, big.Length));
        Assert.Equal(AppendStatus.PayloadEmpty, outbox.Append(TopicKind.Readings, 1, big, 0, 0));
        Assert.Equal(2u, outbox.Rejected);
        Assert.Equal(1, log.Count(LogLevel.Error, "payload of 65 bytes exceeds the 64-byte slot"));
        Assert.Equal(1, log.Count(LogLevel.Error, "empty payload"));
        Assert.Equal(1u, outbox.NextSeq);
        Assert.Equal(AppendStatus.Appended, outbox.Append(TopicKind.Readings, 1, big, 0, 64));
    }

    [Fact]
    public void Bad_arguments_are_clear_errors()
    {
        var outbox = PersistentOutbox.Open(NewStorage(), Small, new ListLog());
        Assert.Throws<ArgumentNullException>(() => outbox.Append(TopicKind.Readings, 1, null!, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => outbox.Append(TopicKind.Readings, 1, new byte[4], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => outbox.Append((TopicKind)9, 1, new byte[4], 0, 4));
        Append(outbox, "ab");
        Assert.Throws<ArgumentException>(() => outbox.TryRead(1, new OutboxRecord(1)));
        Assert.Throws<ArgumentNullException>(() => PersistentOutbox.Open(null!, Small, new ListLog()));
        Assert.Throws<ArgumentNullException>(() => PersistentOutbox.Open(NewStorage(), null!, new ListLog()));
        Assert.Throws<ArgumentNullException>(() => PersistentOutbox.Open(NewStorage(), Small, null!));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(-1, 64)]
    [InlineData(1000001, 64)]
    [InlineData(4, 0)]
    [InlineData(4, 65536)]
    public void Capacity_and_payload_size_outside_their_range_are_refused(int capacity, int maxPayload)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OutboxOptions(capacity, maxPayload));
        Assert.Contains(capacity is < 1 or > 1000000 ? "capacity" : "max payload", error.Message);
    }

    [Fact]
    public void A_region_too_small_for_the_layout_is_refused_with_the_size_it_needs()
    {
        var options = new OutboxOptions(capacity: 100, maxPayloadBytes: 1024);
        Assert.Equal(128 + (100 * 1044), options.RequiredStorageBytes);
        var error = Assert.Throws<ArgumentException>(() => PersistentOutbox.Open(new MemoryBlockStorage(104527), options, new ListLog()));
        Assert.Contains("need 104528", error.Message);
        Assert.Equal(1u, PersistentOutbox.Open(new MemoryBlockStorage(104528), options, new ListLog()).Boot);
    }

    [Fact]
    public void Acks_become_durable_with_a_checkpoint_or_the_next_append_and_otherwise_are_sent_again()
    {
        var storage = NewStorage();
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(outbox, "a");
        Append(outbox, "b");
        outbox.Acknowledge(1);

        // Not persisted yet: a power cut now would resend "a" (the host deduplicates on boot+seq).
        Assert.Equal(1u, PersistentOutbox.Open(new MemoryBlockStorage(storage.Snapshot()), Small, new ListLog()).OldestSeq);

        outbox.Checkpoint();
        Assert.Equal(2u, PersistentOutbox.Open(new MemoryBlockStorage(storage.Snapshot()), Small, new ListLog()).OldestSeq);

        outbox.Acknowledge(2);
        Append(outbox, "c");
        var rebooted = PersistentOutbox.Open(storage, Small, new ListLog());
        Assert.Equal(["c"], Queued(rebooted).Select(q => q.Payload));
    }

    [Fact]
    public void Appends_cost_one_write_and_one_flush_and_never_more_than_two_of_each()
    {
        var storage = NewStorage();
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        storage.ResetCounters();
        Append(outbox, "plain");
        Assert.Equal((1L, 1L), (storage.WriteCount, storage.FlushCount));

        for (int i = 0; i < 40; i++)
        {
            storage.ResetCounters();
            Append(outbox, "r" + i); // overflows from the 4th on
            Assert.InRange(storage.WriteCount, 1, 2);
            Assert.InRange(storage.FlushCount, 1, 2);
            if (i % 3 == 0)
            {
                storage.ResetCounters();
                outbox.Acknowledge(outbox.OldestSeq);
                Assert.Equal(0, storage.WriteCount);
            }
        }

        storage.ResetCounters();
        outbox.Checkpoint();
        outbox.Checkpoint(); // nothing changed: no second write
        Assert.True(storage.WriteCount <= 1 && storage.FlushCount <= 1);
    }

    [Fact]
    public void A_record_corrupted_after_it_was_committed_is_dropped_counted_and_logged_never_sent()
    {
        var storage = NewStorage();
        var log = new ListLog();
        var outbox = PersistentOutbox.Open(storage, Small, log);
        Append(outbox, "a");
        Append(outbox, "b");
        Append(outbox, "c");
        int slotOfSeq2 = 128 + (2 * (20 + 64));
        storage.Corrupt(slotOfSeq2 + 16); // the payload byte of seq 2

        // On reboot the scan walks past the damaged record instead of stopping there and losing "c".
        var rebootLog = new ListLog();
        var rebooted = PersistentOutbox.Open(storage, Small, rebootLog);
        Assert.Equal(3, rebooted.Count);
        Assert.Equal(1, rebootLog.Count(LogLevel.Error, "1 record(s) from seq 2 failed their CRC check"));

        OutboxRecord record = rebooted.CreateRecord();
        Assert.True(rebooted.ReadOldest(record));
        Assert.Equal(1u, record.Seq);
        rebooted.Acknowledge(1);
        Assert.True(rebooted.ReadOldest(record));
        Assert.Equal(3u, record.Seq);
        Assert.Equal(1u, rebooted.Dropped);
        Assert.Equal(1, rebootLog.Count(LogLevel.Warning, "storage corruption): dropped seq 2"));
    }

    [Fact]
    public void With_both_state_copies_destroyed_the_records_are_recovered_and_boot_and_seq_continue_past_them()
    {
        var storage = NewStorage();
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(outbox, "a");
        outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(outbox, "b"); // boot 3
        Append(outbox, "c");
        for (int i = 0; i < 128; i++)
        {
            storage.Corrupt(i);
        }

        var log = new ListLog();
        var salvaged = PersistentOutbox.Open(storage, Small, log);
        Assert.Equal(["a", "b", "c"], Queued(salvaged).Select(q => q.Payload));
        Assert.Equal(4u, salvaged.Boot);
        Assert.Equal(4u, salvaged.NextSeq);
        Assert.Equal(1, log.Count(LogLevel.Error, "outbox state unreadable"));
        Assert.Equal(5u, PersistentOutbox.Open(storage, Small, new ListLog()).Boot);
    }

    [Fact]
    public void A_new_layout_applies_at_once_when_the_outbox_is_empty()
    {
        var storage = new MemoryBlockStorage(8192);
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(outbox, "a");
        outbox.Acknowledge(1);
        outbox.Checkpoint();

        var log = new ListLog();
        var bigger = new OutboxOptions(capacity: 10, maxPayloadBytes: 100);
        var reopened = PersistentOutbox.Open(storage, bigger, log);
        Assert.Equal((10, 100), (reopened.Capacity, reopened.MaxPayloadBytes));
        Assert.Equal(2u, reopened.NextSeq);
        Assert.Equal(1, log.Count(LogLevel.Info, "layout changed from 4 x 64 to 10 x 100"));
        for (int i = 0; i < 10; i++)
        {
            Append(reopened, new string('x', 100));
        }

        Assert.Equal(0u, reopened.Dropped);
        Assert.Equal(10, PersistentOutbox.Open(storage, bigger, new ListLog()).Count);
    }

    [Fact]
    public void A_new_layout_waits_while_records_are_queued_so_none_is_lost()
    {
        var storage = new MemoryBlockStorage(8192);
        var outbox = PersistentOutbox.Open(storage, Small, new ListLog());
        Append(outbox, "a");
        Append(outbox, "b");

        var log = new ListLog();
        var bigger = new OutboxOptions(capacity: 10, maxPayloadBytes: 100);
        var reopened = PersistentOutbox.Open(storage, bigger, log);
        Assert.Equal(4, reopened.Capacity);
        Assert.Equal(["a", "b"], Queued(reopened).Select(q => q.Payload));
        Assert.Equal(1, log.Count(LogLevel.Warning, "not applied while 2 records are queued"));

        reopened.Acknowledge(1);
        reopened.Acknowledge(2);
        reopened.Checkpoint();
        var drained = PersistentOutbox.Open(storage, bigger, new ListLog());
        Assert.Equal(10, drained.Capacity);
        Assert.Equal(3u, drained.NextSeq);
    }

    [Fact]
    public void A_state_from_a_larger_region_skips_a_whole_ring_of_seqs_and_says_so()
    {
        var large = new OutboxOptions(capacity: 50, maxPayloadBytes: 64);
        var storage = new MemoryBlockStorage((int)large.RequiredStorageBytes);
        var outbox = PersistentOutbox.Open(storage, large, new ListLog());
        Append(outbox, "a");
        Append(outbox, "b");

        byte[] truncated = storage.Snapshot().AsSpan(0, (int)Small.RequiredStorageBytes).ToArray();
        var log = new ListLog();
        var reopened = PersistentOutbox.Open(new MemoryBlockStorage(truncated), Small, log);
        Assert.Equal(51u, reopened.NextSeq); // head 1 + old capacity 50: no seq can be reused
        Assert.Equal(0, reopened.Count);
        Assert.Equal(1, log.Count(LogLevel.Error, "queued records from seq 1 are lost"));
    }

    [Fact]
    public void One_thread_can_append_while_another_forwards_without_loss_or_reordering()
    {
        var options = new OutboxOptions(capacity: 64, maxPayloadBytes: 32);
        var outbox = PersistentOutbox.Open(new MemoryBlockStorage((int)options.RequiredStorageBytes), options, new ListLog());
        const int total = 2000;
        var received = new List<uint>();
        var mismatches = new List<string>();
        Exception? failure = null;
        var consumer = new Thread(() =>
        {
            try
            {
                OutboxRecord record = outbox.CreateRecord();
                while (received.Count < total)
                {
                    if (!outbox.ReadOldest(record))
                    {
                        Thread.Yield();
                        continue;
                    }

                    if (Encoding.UTF8.GetString(record.Payload, 0, record.Length) != "p" + record.Seq || outbox.Acknowledge(record.Seq) != AckStatus.Removed)
                    {
                        mismatches.Add("seq " + record.Seq);
                    }

                    received.Add(record.Seq);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        consumer.Start();
        for (int i = 0; i < total; i++)
        {
            // Keep the producer within capacity so nothing overflows and every seq must arrive.
            while (outbox.Count >= options.Capacity)
            {
                Thread.Yield();
            }

            Append(outbox, "p" + outbox.NextSeq);
        }

        Assert.True(consumer.Join(TimeSpan.FromMinutes(2)), "consumer did not finish");
        Assert.Null(failure);
        Assert.Empty(mismatches);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (uint)i), received);
        Assert.Equal(0u, outbox.Dropped);
    }
}
