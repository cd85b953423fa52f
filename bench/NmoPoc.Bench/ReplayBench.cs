using System.Diagnostics;
using MQTTnet.Server;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Net;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation.Storage;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Bench;

/// <summary>
/// The unit's real publish path: readings through <see cref="OutboxSink"/> (encode + append + flush), then replayed by
/// the <see cref="OutboxForwarder"/> through <see cref="MqttNetLink"/> (MQTTnet 5, QoS 1, PUBACK per message) to an
/// MQTTnet broker on loopback. Usage: <c>replay [records]</c> (default 2000; the rate-limited run uses a tenth).
/// </summary>
public static class ReplayBench
{
    public const string Description = "outbox replay through the real MQTTnet link to an embedded broker: messages/s, allocations per encoded+appended message";

    private sealed class QuietLog : ILog
    {
        public void Write(LogLevel level, string source, string message)
        {
            if (level >= LogLevel.Warning)
            {
                Console.Error.WriteLine($"{source}: {message}");
            }
        }
    }

    public static int Run(string[] args)
    {
        int records = args.Length > 0 ? int.Parse(args[0]) : 2000;
        return RunAsync(records).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int records)
    {
        var log = new QuietLog();
        var layout = new OutboxOptions(Math.Max(records, 16), ProtocolRules.MaxPayloadBytes);
        var round = new TemperatureRound
        {
            MeasuredAtMs = 1_767_225_600_000, Probe = ProbeKind.Max30205, LeftTempC = 33.42, RightTempC = 34.18, AmbientTempC = 21.5,
            LeftSettled = true, RightSettled = true, RestSeconds = 660, PairOffsetC = -0.06, CalibrationAgeDays = 12, OperatorId = "N-1042",
        };

        // Allocations per encoded + appended message, core only (in-memory region), after a warm-up.
        var memory = new MemoryBlockStorage((int)layout.RequiredStorageBytes);
        var memoryOutbox = PersistentOutbox.Open(memory, layout, log);
        var sink = new OutboxSink(memoryOutbox, new MessageEncoder("unit-0001", "1.0.0"), log);
        for (int i = 0; i < 16; i++)
        {
            sink.OnTemperatureRound(round);
        }

        memory.ResetCounters();
        int measured = Math.Min(records, layout.Capacity) - 16;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < measured; i++)
        {
            round.MeasuredAtMs += 60_000;
            sink.OnTemperatureRound(round);
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"encode+append (OutboxSink, in-memory region): {(double)allocated / measured:0.0} B allocated/message, {watch.Elapsed.TotalMicroseconds / measured:0.0} us/message, {(double)memory.BytesWritten / measured:0} B written/message ({measured} messages)");

        int port = FreePort();
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        try
        {
            await Replay(port, records, layout, round, 0, log);
            await Replay(port, Math.Max(40, records / 10), layout, round, new ForwarderOptions().ReplayMessagesPerSecond, log);
        }
        finally
        {
            await server.StopAsync();
        }

        return 0;
    }

    private static async Task Replay(int port, int records, OutboxOptions layout, TemperatureRound round, int perSecond, ILog log)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nmopoc-replay-{Guid.NewGuid():N}.outbox");
        try
        {
            using var storage = new FileBlockStorage(path, (int)layout.RequiredStorageBytes);
            var outbox = PersistentOutbox.Open(storage, layout, log);
            var sink = new OutboxSink(outbox, new MessageEncoder("unit-0001", "1.0.0"), log);
            var appendWatch = Stopwatch.StartNew();
            for (int i = 0; i < records; i++)
            {
                sink.OnTemperatureRound(round);
            }

            appendWatch.Stop();
            using var link = new MqttNetLink(new MqttLinkOptions { Port = port, UnitId = "unit-0001" }, log);
            link.Start();
            if (!await link.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new InvalidOperationException("link did not connect to the embedded broker");
            }

            var options = new ForwarderOptions { ReplayMessagesPerSecond = perSecond, MaxPublishesPerPump = 100 };
            var forwarder = new OutboxForwarder(outbox, link, new UnitTopics("unit-0001"), new StopwatchClock(), options, log);
            var watch = Stopwatch.StartNew();
            while (outbox.Count > 0)
            {
                var status = forwarder.Pump();
                if (status is ForwardStatus.RateLimited or ForwardStatus.BackingOff)
                {
                    Thread.Sleep(1);
                }
            }

            watch.Stop();
            await link.StopAsync();
            string limit = perSecond == 0 ? "rate limit off" : $"default limit {perSecond}/s";
            Console.WriteLine($"replay, {limit}: {records} records in {watch.Elapsed.TotalSeconds:0.00} s = {records / watch.Elapsed.TotalSeconds:0} messages/s (QoS 1, PUBACK each, file outbox with fsync; appends took {appendWatch.Elapsed.TotalMilliseconds / records:0.00} ms each incl. fsync); {forwarder.Replayed} marked historical, {forwarder.Failures} failures");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
