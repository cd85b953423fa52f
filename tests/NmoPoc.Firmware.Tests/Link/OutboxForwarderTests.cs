using NmoPoc.Firmware.Simulation.Devices;
using System.Text;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;
using NmoPoc.Firmware.Tests.Outbox;

namespace NmoPoc.Firmware.Tests.Link;

public class OutboxForwarderTests
{
    /// <summary>A unit: outbox on in-memory storage, scripted link, simulated clock, forwarder.</summary>
    private sealed class Rig
    {
        private readonly OutboxOptions _outboxOptions;

        public Rig(ForwarderOptions? options = null, int capacity = 256)
        {
            Options = options ?? new ForwarderOptions();
            _outboxOptions = new OutboxOptions(capacity, 512);
            Storage = new MemoryBlockStorage((int)_outboxOptions.RequiredStorageBytes);
            Link = new ScriptedLink(Clock);
            Reboot();
        }

        public ManualClock Clock { get; } = new();

        public ScriptedLink Link { get; private set; }

        public MemoryBlockStorage Storage { get; }

        public ForwarderOptions Options { get; }

        public ListLog Log { get; } = new();

        public PersistentOutbox Outbox { get; private set; } = null!;

        public OutboxForwarder Forwarder { get; private set; } = null!;

        public Dictionary<uint, string> Stored { get; } = [];

        /// <summary>Power-up: the connection is gone, the outbox is recovered from storage.</summary>
        public void Reboot()
        {
            Link = new ScriptedLink(Clock);
            Outbox = PersistentOutbox.Open(Storage, _outboxOptions, Log);
            Forwarder = new OutboxForwarder(Outbox, Link, new UnitTopics("unit-0007"), Clock, Options, Log);
        }

        public uint Append(TopicKind kind = TopicKind.Readings, string? payload = null)
        {
            uint seq = Outbox.NextSeq;
            string type = kind == TopicKind.Faults ? "fault" : "temperatureRound";
            payload ??= $"{{\"v\":1,\"type\":\"{type}\",\"unitId\":\"unit-0007\",\"boot\":{Outbox.Boot},\"seq\":{seq},\"leftTempC\":33.42,\"historical\":false}}";
            byte[] bytes = Encoding.UTF8.GetBytes(payload);
            Assert.Equal(AppendStatus.Appended, Outbox.Append(kind, seq, bytes, 0, bytes.Length));
            Stored[seq] = payload;
            return seq;
        }

        public void AppendMany(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Append(i % 5 == 4 ? TopicKind.Faults : TopicKind.Readings);
            }
        }

        /// <summary>Pumps every <paramref name="stepMs"/> of simulated time until the outbox is empty.</summary>
        public int PumpUntilIdle(int stepMs, int maxPumps = 100000)
        {
            for (int pumps = 1; pumps <= maxPumps; pumps++)
            {
                if (Forwarder.Pump() == ForwardStatus.Idle)
                {
                    return pumps;
                }

                Clock.Advance(stepMs);
            }

            throw new InvalidOperationException("outbox never drained");
        }

        /// <summary>Every acked publication is the stored payload, marked historical or not, and nothing else changed.</summary>
        public void AssertAckedMatchStore()
        {
            foreach (Publication p in Link.Acked)
            {
                string stored = Stored[p.Seq];
                string expected = p.Historical ? stored[..^HistoricalFlag.LiveTail.Length] + HistoricalFlag.ReplayedTail : stored;
                Assert.Equal(expected, p.Text);
                Assert.Equal(stored.Contains("\"fault\"") ? "nmopoc/v1/units/unit-0007/faults" : "nmopoc/v1/units/unit-0007/readings", p.Topic);
                Assert.Equal(MqttQos.AtLeastOnce, p.Qos);
                Assert.False(p.Retain);
            }
        }
    }

    private static void AssertAckedInOrderExactlyOnce(Rig rig, uint first, uint last)
    {
        uint[] acked = rig.Link.Acked.Select(p => p.Seq).ToArray();
        Assert.Equal(Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (uint)i), acked);
    }

    [Fact]
    public void Live_records_go_out_in_order_on_their_topics_unmarked_and_leave_the_outbox_only_after_their_puback()
    {
        var rig = new Rig();
        rig.Link.Connect();
        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());
        rig.Append();
        rig.Append(TopicKind.Faults);
        rig.Append();
        int countDuringPublish = -1;
        rig.Link.Respond = i => { countDuringPublish = i == 0 ? rig.Outbox.Count : countDuringPublish; return PublishStatus.Acked; };

        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());

        Assert.Equal(3, countDuringPublish); // still stored while its publish was in flight
        AssertAckedInOrderExactlyOnce(rig, 1, 3);
        Assert.All(rig.Link.Publications, p => Assert.False(p.Historical));
        rig.AssertAckedMatchStore();
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal((3L, 0L), (rig.Forwarder.Published, rig.Forwarder.Replayed));
    }

    [Fact]
    public void Without_a_connection_nothing_is_published_and_nothing_removed()
    {
        var rig = new Rig();
        rig.Append();
        Assert.Equal(ForwardStatus.NotConnected, rig.Forwarder.Pump());
        Assert.Empty(rig.Link.Publications);
        Assert.Equal(1, rig.Outbox.Count);
    }

    [Fact]
    public void Records_that_waited_for_the_connection_are_replayed_marked_historical_and_later_ones_go_live()
    {
        var rig = new Rig();
        rig.Append();
        rig.Append(TopicKind.Faults);
        rig.Link.Connect();
        rig.PumpUntilIdle(10);
        rig.Append();
        rig.PumpUntilIdle(10);

        Assert.Equal([true, true, false], rig.Link.Publications.Select(p => p.Historical));
        AssertAckedInOrderExactlyOnce(rig, 1, 3);
        rig.AssertAckedMatchStore();
        Assert.Equal((3L, 2L), (rig.Forwarder.Published, rig.Forwarder.Replayed));
        Assert.Equal(1, rig.Log.Count(LogLevel.Info, "replaying 2 queued record(s) from seq 1 as historical"));
    }

    [Fact]
    public void Records_from_before_a_reboot_are_historical()
    {
        var rig = new Rig();
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.Append(); // live when appended, but the unit reboots before sending it
        rig.Reboot();
        rig.Append();
        rig.Link.Connect();
        rig.PumpUntilIdle(10);

        Assert.Equal([true, true], rig.Link.Publications.Select(p => p.Historical));
        Assert.Equal([1u, 2u], rig.Link.Acked.Select(p => p.Seq));
        Assert.Contains("\"boot\":1,", rig.Link.Publications[0].Text);
        Assert.Contains("\"boot\":2,", rig.Link.Publications[1].Text);
    }

    [Fact]
    public void A_reconnect_between_two_pumps_is_noticed_and_what_waited_through_it_is_historical()
    {
        var rig = new Rig();
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.Append();
        rig.Link.Disconnect();
        rig.Link.Connect(); // the forwarder never saw IsConnected false
        rig.PumpUntilIdle(10);

        Assert.True(Assert.Single(rig.Link.Publications).Historical);
    }

    [Fact]
    public void A_timeout_keeps_the_record_backs_off_doubling_and_retries_the_same_record()
    {
        var rig = new Rig(new ForwarderOptions { RetryInitialMs = 1000, RetryMaxMs = 3000 });
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.Append();
        rig.Append();
        rig.Link.Respond = i => i < 3 ? PublishStatus.Timeout : PublishStatus.Acked;

        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump());
        Assert.Equal(2, rig.Outbox.Count);
        rig.Clock.Advance(999);
        Assert.Equal(ForwardStatus.BackingOff, rig.Forwarder.Pump());
        rig.Clock.Advance(1);
        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump()); // 2nd try; now waits 2000
        rig.Clock.Advance(1999);
        Assert.Equal(ForwardStatus.BackingOff, rig.Forwarder.Pump());
        rig.Clock.Advance(1);
        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump()); // 3rd try; now waits 3000 (capped)
        rig.Clock.Advance(2999);
        Assert.Equal(ForwardStatus.BackingOff, rig.Forwarder.Pump());
        rig.Clock.Advance(1);
        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());

        Assert.Equal([1u, 1u, 1u, 1u, 2u], rig.Link.Publications.Select(p => p.Seq));
        Assert.Equal([0L, 1000L, 3000L, 6000L, 6000L], rig.Link.Publications.Select(p => p.AtMs));
        AssertAckedInOrderExactlyOnce(rig, 1, 2);
        Assert.Equal(3L, rig.Forwarder.Failures);
        Assert.Equal(3, rig.Log.Count(LogLevel.Warning, "publish of seq 1 failed (no PUBACK before timeout); kept"));
    }

    [Fact]
    public void A_rejected_record_is_logged_as_an_error_kept_and_retried_never_dropped()
    {
        var rig = new Rig();
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.Append();
        rig.Link.Respond = i => i == 0 ? PublishStatus.Rejected : PublishStatus.Acked;

        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump());
        Assert.Equal(1, rig.Outbox.Count);
        Assert.Equal(1, rig.Log.Count(LogLevel.Error, "publish of seq 1 failed (rejected by broker)"));
        rig.PumpUntilIdle(100);
        AssertAckedInOrderExactlyOnce(rig, 1, 1);
    }

    [Fact]
    public void A_disconnect_mid_replay_loses_nothing_reorders_nothing_and_resumes_historical()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 0 });
        rig.AppendMany(30);
        rig.Link.Connect();
        rig.Link.Respond = i =>
        {
            if (i == 6)
            {
                rig.Link.Disconnect(); // broker gone before the PUBACK of the 7th
                return PublishStatus.NotConnected;
            }

            return PublishStatus.Acked;
        };

        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump());
        Assert.Equal(24, rig.Outbox.Count);
        Assert.Equal(ForwardStatus.NotConnected, rig.Forwarder.Pump());
        rig.Append(); // queued during the outage
        rig.Link.Connect();
        rig.PumpUntilIdle(10);
        rig.Append(); // after the reconnect: live
        rig.PumpUntilIdle(10);

        AssertAckedInOrderExactlyOnce(rig, 1, 32);
        Assert.Equal(7u, rig.Link.Publications[7].Seq); // the unacknowledged one is sent again first
        Assert.All(rig.Link.Publications.SkipLast(1), p => Assert.True(p.Historical));
        Assert.False(rig.Link.Publications[^1].Historical);
        rig.AssertAckedMatchStore();
    }

    [Fact]
    public void Replays_are_limited_in_every_one_second_window_while_live_records_are_not()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 20, MaxPublishesPerPump = 10 });
        rig.AppendMany(100);
        rig.Link.Connect();
        uint liveSeq = 0;
        for (int pump = 0; rig.Outbox.Count > 0; pump++)
        {
            rig.Forwarder.Pump();
            rig.Clock.Advance(10);
            if (rig.Clock.ElapsedMilliseconds == 500)
            {
                liveSeq = rig.Append(); // appended mid-replay: waits its turn, then goes unmarked
            }
        }

        Publication[] replayed = rig.Link.Publications.Where(p => p.Historical).ToArray();
        Assert.Equal(100, replayed.Length);
        foreach (Publication p in replayed)
        {
            int inWindow = replayed.Count(q => q.AtMs >= p.AtMs && q.AtMs < p.AtMs + 1000);
            Assert.True(inWindow <= 20, $"{inWindow} replays in the second from {p.AtMs} ms");
        }

        Assert.Equal(20, replayed.Count(p => p.AtMs < 1000)); // the limit, not a slower pace
        Assert.InRange(replayed[^1].AtMs, 4000, 4100);
        Publication live = rig.Link.Publications[^1];
        Assert.Equal((liveSeq, false), (live.Seq, live.Historical));
        AssertAckedInOrderExactlyOnce(rig, 1, 101);

        // Right after the replay the window is full, yet live records go out at once (10 per pump).
        long now = rig.Clock.ElapsedMilliseconds;
        rig.AppendMany(30);
        Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());
        Assert.All(rig.Link.Publications.Skip(101), p => Assert.Equal((now, false), (p.AtMs, p.Historical)));
        AssertAckedInOrderExactlyOnce(rig, 1, 131);
    }

    [Fact]
    public void With_the_rate_limit_off_a_replay_is_bounded_only_by_the_per_pump_budget()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 0, MaxPublishesPerPump = 10 });
        rig.AppendMany(100);
        rig.Link.Connect();
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        }

        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());
        Assert.All(rig.Link.Publications, p => Assert.Equal(0, p.AtMs));
        AssertAckedInOrderExactlyOnce(rig, 1, 100);
    }

    [Fact]
    public void A_replay_whose_payload_lacks_the_live_tail_is_sent_unmarked_counted_and_logged()
    {
        var rig = new Rig();
        rig.Append(payload: "{\"v\":1,\"type\":\"fault\",\"seq\":1}");
        rig.Link.Connect();
        rig.PumpUntilIdle(10);

        Assert.Equal("{\"v\":1,\"type\":\"fault\",\"seq\":1}", Assert.Single(rig.Link.Acked).Text);
        Assert.Equal(1L, rig.Forwarder.UnmarkedReplays);
        Assert.Equal(1, rig.Log.Count(LogLevel.Error, "seq 1 replayed unmarked"));
    }

    [Fact]
    public void Acknowledgements_are_persisted_when_the_outbox_drains_and_when_a_publish_fails()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 0, CheckpointEveryAcks = 1000 });
        rig.AppendMany(5);
        rig.Link.Connect();
        rig.PumpUntilIdle(10);
        rig.Reboot();
        Assert.Equal(0, rig.Outbox.Count);

        rig.AppendMany(5);
        rig.Link.Connect();
        rig.Link.Respond = i => i == 3 ? PublishStatus.Timeout : PublishStatus.Acked;
        Assert.Equal(ForwardStatus.Failed, rig.Forwarder.Pump());
        rig.Reboot();
        Assert.Equal(2, rig.Outbox.Count);
    }

    [Fact]
    public void During_a_long_replay_acknowledgements_are_persisted_every_few_acks()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 0, MaxPublishesPerPump = 35, CheckpointEveryAcks = 16 });
        rig.AppendMany(80);
        rig.Link.Connect();
        Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        Assert.Equal(45, rig.Outbox.Count);

        // A power cut now: acks up to the last multiple of 16 are durable, the 3 after it are sent again.
        var afterCut = PersistentOutbox.Open(new MemoryBlockStorage(rig.Storage.Snapshot()), new OutboxOptions(256, 512), new ListLog());
        Assert.Equal(80 - 32, afterCut.Count);
        Assert.Equal(33u, afterCut.OldestSeq);
    }

    [Fact]
    public void A_record_dropped_by_overflow_while_in_flight_does_not_disturb_the_order()
    {
        var rig = new Rig(new ForwarderOptions { ReplayMessagesPerSecond = 0 }, capacity: 4);
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.AppendMany(4);
        rig.Link.Respond = i =>
        {
            if (i == 0)
            {
                rig.Append(); // the sampling thread appends during the publish: the ring is full, seq 1 is dropped
            }

            return PublishStatus.Acked;
        };

        rig.PumpUntilIdle(10);
        AssertAckedInOrderExactlyOnce(rig, 1, 5);
        Assert.Equal(1u, rig.Outbox.Dropped); // counted: it was dropped from the store, though the broker got it
    }

    [Fact]
    public void A_pump_publishes_at_most_its_budget()
    {
        var rig = new Rig(new ForwarderOptions { MaxPublishesPerPump = 3 });
        rig.Link.Connect();
        rig.Forwarder.Pump();
        rig.AppendMany(7);
        Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        Assert.Equal(3, rig.Link.Publications.Count);
        Assert.Equal(ForwardStatus.MorePending, rig.Forwarder.Pump());
        Assert.Equal(ForwardStatus.Idle, rig.Forwarder.Pump());
        AssertAckedInOrderExactlyOnce(rig, 1, 7);
    }

    [Theory]
    [InlineData(-1, 10, 1000, 60000, 16)]
    [InlineData(1001, 10, 1000, 60000, 16)]
    [InlineData(20, 0, 1000, 60000, 16)]
    [InlineData(20, 10, 0, 60000, 16)]
    [InlineData(20, 10, 5000, 4000, 16)]
    [InlineData(20, 10, 1000, 60000, 0)]
    public void Forwarder_options_that_cannot_work_are_refused(int rate, int budget, int retryInitial, int retryMax, int checkpointEvery)
    {
        var options = new ForwarderOptions
        {
            ReplayMessagesPerSecond = rate,
            MaxPublishesPerPump = budget,
            RetryInitialMs = retryInitial,
            RetryMaxMs = retryMax,
            CheckpointEveryAcks = checkpointEvery,
        };
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        var rig = new Rig();
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutboxForwarder(rig.Outbox, rig.Link, new UnitTopics("unit-0007"), rig.Clock, options, rig.Log));
    }
}
