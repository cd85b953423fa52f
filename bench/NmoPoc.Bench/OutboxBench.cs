using System.Diagnostics;
using System.Text;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Bench;

/// <summary>
/// Outbox figures: storage and wear per record, append and replay throughput of the managed code with an in-memory
/// region and an instantly acknowledging link (no flash or network latency), allocations per append and per
/// forwarded record. Usage: <c>outbox [records]</c> (default 20000).
/// </summary>
public static class OutboxBench
{
    public const string Description = "outbox storage/wear per record, appends/s, replays/s, allocations";

    private const int Capacity = 1024;
    private const int TypicalPayloadBytes = 400;

    public static int Run(string[] args)
    {
        int records = args.Length > 0 ? int.Parse(args[0]) : 20000;
        var options = new OutboxOptions(Capacity, OutboxOptions.ProtocolMaxPayloadBytes);
        byte[] payload = TypicalPayload(TypicalPayloadBytes);

        Console.WriteLine($"outbox layout: {Capacity} slots x {options.SlotBytes} B = {options.RequiredStorageBytes} B region (max payload {options.MaxPayloadBytes} B)");
        Console.WriteLine($"record overhead: {options.SlotBytes - options.MaxPayloadBytes} B (16 header + 4 CRC); typical {TypicalPayloadBytes} B payload writes {TypicalPayloadBytes + options.SlotBytes - options.MaxPayloadBytes} B, reserves {options.SlotBytes} B");

        Wear(options, payload, records);
        Appends(options, payload, records);
        Replays(options, payload, records);
        Recovery(options, payload);
        return 0;
    }

    // Bytes, writes and flushes that reach storage per record over whole lifecycles (append, publish, ack, checkpoints).
    private static void Wear(OutboxOptions options, byte[] payload, int records)
    {
        // Live: each reading is forwarded as soon as it is appended (the forwarder checkpoints when the outbox drains).
        var rig = new Rig(options, new ForwarderOptions());
        rig.Link.Connected = true;
        rig.Storage.ResetCounters();
        for (int i = 0; i < records; i++)
        {
            rig.Append(payload);
            rig.Forwarder.Pump();
        }

        Report("wear, live (append then forward)", rig.Storage, records);

        // Outage then replay: records pile up (ring overflowing past capacity), then are replayed in bulk.
        rig = new Rig(options, new ForwarderOptions { ReplayMessagesPerSecond = 0, MaxPublishesPerPump = 100 });
        rig.Storage.ResetCounters();
        for (int i = 0; i < records; i++)
        {
            rig.Append(payload);
        }

        rig.Link.Connected = true;
        while (rig.Forwarder.Pump() != ForwardStatus.Idle)
        {
        }

        Report($"wear, outage of {records} then replay (ring overflows)", rig.Storage, records);
    }

    private static void Appends(OutboxOptions options, byte[] payload, int records)
    {
        // Steady state of an outage: the ring is full, every append also drops the oldest (the costliest path; each
        // drop is logged, which is what allocates here).
        var rig = new Rig(options, new ForwarderOptions());
        for (int i = 0; i < 2 * Capacity; i++)
        {
            rig.Append(payload);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < records; i++)
        {
            rig.Append(payload);
        }

        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"appends (ring full, each drops the oldest): {records / watch.Elapsed.TotalSeconds:F0}/s, {watch.Elapsed.TotalMicroseconds / records:F2} us each, {(double)allocated / records:F1} B allocated per append");

        // Ring with room: acknowledged as it goes (one record write and one flush per append).
        rig = new Rig(options, new ForwarderOptions());
        for (int i = 0; i < Capacity; i++)
        {
            rig.Outbox.Acknowledge(rig.Append(payload)); // warm-up
        }

        allocated = GC.GetAllocatedBytesForCurrentThread();
        watch.Restart();
        for (int i = 0; i < records; i++)
        {
            uint seq = rig.Append(payload);
            rig.Outbox.Acknowledge(seq);
        }

        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"appends (ring with room, each acked):         {records / watch.Elapsed.TotalSeconds:F0}/s, {watch.Elapsed.TotalMicroseconds / records:F2} us each, {(double)allocated / records:F1} B allocated per append+ack");
    }

    private static void Replays(OutboxOptions options, byte[] payload, int records)
    {
        var forwarding = new ForwarderOptions { ReplayMessagesPerSecond = 0, MaxPublishesPerPump = 100 };
        long forwarded = 0;
        long allocated = 0;
        var watch = new Stopwatch();
        for (int round = -1; forwarded < records; round++)
        {
            var rig = new Rig(options, forwarding);
            for (int i = 0; i < Capacity; i++)
            {
                rig.Append(payload);
            }

            rig.Reboot(forwarding); // every record is now from a previous boot: replayed and marked historical
            rig.Link.Connected = true;
            rig.Forwarder.Pump(); // first pump: sees the connection, logs the replay (not part of the steady state)
            long publishedBefore = rig.Forwarder.Published;
            long roundAllocated = 0;
            ForwardStatus status;
            watch.Start();
            do
            {
                // Counted around each pump only, so the bench's own bookkeeping stays out of the figure.
                long before = GC.GetAllocatedBytesForCurrentThread();
                status = rig.Forwarder.Pump();
                roundAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            while (status != ForwardStatus.Idle);

            watch.Stop();
            if (round < 0)
            {
                watch.Reset(); // warm-up round: JIT, tiering
            }
            else
            {
                allocated += roundAllocated;
                forwarded += rig.Forwarder.Published - publishedBefore;
            }

            if (rig.Forwarder.Replayed != Capacity || rig.Link.Published != Capacity)
            {
                throw new InvalidOperationException($"replayed {rig.Forwarder.Replayed} of {Capacity}");
            }
        }

        Console.WriteLine($"replays (instant PUBACK, rate limit off, marked historical): {forwarded / watch.Elapsed.TotalSeconds:F0}/s, {watch.Elapsed.TotalMicroseconds / forwarded:F2} us each, {(double)allocated / forwarded:F1} B allocated per forwarded record");
    }

    private static void Recovery(OutboxOptions options, byte[] payload)
    {
        var rig = new Rig(options, new ForwarderOptions());
        for (int i = 0; i < Capacity; i++)
        {
            rig.Append(payload);
        }

        const int rounds = 20;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < rounds; i++)
        {
            PersistentOutbox.Open(rig.Storage, options, NullLog.Instance);
        }

        watch.Stop();
        Console.WriteLine($"recovery of a full ring ({Capacity} records of {payload.Length} B): {watch.Elapsed.TotalMilliseconds / rounds:F2} ms per Open");
    }

    private static void Report(string what, MemoryBlockStorage storage, int records)
    {
        Console.WriteLine(
            $"{what}: {(double)storage.BytesWritten / records:F1} B written, {(double)storage.WriteCount / records:F2} writes, {(double)storage.FlushCount / records:F2} flushes per record");
    }

    // A temperatureRound like the encoder's, padded in the operatorId-free way to the wanted size.
    private static byte[] TypicalPayload(int size)
    {
        const string head = "{\"v\":1,\"type\":\"temperatureRound\",\"unitId\":\"unit-0007\",\"boot\":12,\"seq\":4711,\"measuredAtMs\":1767225600000,\"probe\":\"max30205\",\"leftTempC\":33.42,\"rightTempC\":34.18,\"ambientTempC\":21.50,\"leftSettled\":true,\"rightSettled\":true,\"restSeconds\":660,\"pairOffsetC\":-0.06,\"calibrationAgeDays\":12,\"operatorId\":\"N-1042\",\"qualityFlags\":[";
        string tail = "]" + HistoricalFlag.LiveTail;
        var json = new StringBuilder(head);
        while (json.Length + tail.Length + 18 <= size)
        {
            json.Append(json[^1] == '[' ? "\"leftNotSettled\"" : ",\"leftNotSettled\"");
        }

        json.Append(tail);
        while (json.Length < size)
        {
            json.Insert(head.Length - 1 - 16, ' '); // whitespace inside the object keeps it valid JSON
        }

        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private sealed class Rig
    {
        private readonly OutboxOptions _options;

        public Rig(OutboxOptions options, ForwarderOptions forwarding)
        {
            _options = options;
            Storage = new MemoryBlockStorage((int)options.RequiredStorageBytes);
            Reboot(forwarding);
        }

        public MemoryBlockStorage Storage { get; }

        public InstantAckLink Link { get; private set; } = null!;

        public PersistentOutbox Outbox { get; private set; } = null!;

        public OutboxForwarder Forwarder { get; private set; } = null!;

        public void Reboot(ForwarderOptions forwarding)
        {
            Link = new InstantAckLink();
            Outbox = PersistentOutbox.Open(Storage, _options, NullLog.Instance);
            Forwarder = new OutboxForwarder(Outbox, Link, new UnitTopics("unit-0007"), new StopwatchClock(), forwarding, NullLog.Instance);
        }

        public uint Append(byte[] payload)
        {
            uint seq = Outbox.NextSeq;
            if (Outbox.Append(TopicKind.Readings, seq, payload, 0, payload.Length) != AppendStatus.Appended)
            {
                throw new InvalidOperationException("append refused");
            }

            return seq;
        }
    }

    private sealed class InstantAckLink : IMqttLink
    {
        public bool Connected { get; set; }

        public bool IsConnected => Connected;

        public int ConnectionCount => Connected ? 1 : 0;

        public long Published { get; private set; }

        public PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain)
        {
            Published++;
            return PublishStatus.Acked;
        }
    }

    private sealed class StopwatchClock : IMonotonicClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long ElapsedMilliseconds => _watch.ElapsedMilliseconds;
    }

    private sealed class NullLog : ILog
    {
        public static readonly NullLog Instance = new();

        public void Write(LogLevel level, string source, string message)
        {
        }
    }
}
