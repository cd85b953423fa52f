using MQTTnet;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>A packet over Mqtt:MaxPacketBytes ends its connection before its body is read, and is counted; the broker keeps serving.</summary>
public sealed class PacketSizeCapTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_oversized_packet_closes_the_connection_is_counted_and_nothing_is_stored()
    {
        await using var host = await TestHost.StartAsync(_dir.Path, "--NmoPoc:Mqtt:MaxPacketBytes=4096");
        const string u = "unit-0601";
        var secret = await host.ProvisionAsync(u);
        using var unit = await host.ConnectAsync(u, secret);
        var closed = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.DisconnectedAsync += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        var oversized = new byte[8 * 1024];
        Array.Fill(oversized, (byte)'x');
        var publish = TestHost.PublishAsync(unit, Messages.Topic(u, "readings"), oversized);
        var e = await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(MqttClientDisconnectReason.PacketTooLarge, e.Reason);
        await Assert.ThrowsAnyAsync<Exception>(() => publish.WaitAsync(TimeSpan.FromSeconds(20))); // never acknowledged

        var stats = await host.StatsAsync();
        Assert.Equal(1, TestHost.Counter(stats, "rejected." + RejectionReasons.PacketTooLarge));
        Assert.Equal(0, stats.StoredReadings);

        // Just under the cap still reaches validation (and is rejected there with a stored reason), and the broker still serves.
        using var again = await host.ConnectAsync(u, secret);
        var r = await TestHost.PublishAsync(again, Messages.Topic(u, "readings"), new byte[2048]);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, r.ReasonCode);
        Assert.True((await TestHost.PublishAsync(again, u, "readings", Messages.Temperature(u, 1, 1, Messages.T0))).IsSuccess);
        stats = await host.StatsAsync();
        Assert.Equal(1, stats.StoredReadings);
        Assert.Equal(1, TestHost.Counter(stats, "rejected." + RejectionReasons.PayloadTooLarge));
        Assert.Equal(1, TestHost.Counter(stats, "rejected." + RejectionReasons.PacketTooLarge));
    }

    [Fact]
    public async Task A_connect_announcing_256_MB_is_refused_before_authentication_without_waiting_for_its_body()
    {
        await using var host = await TestHost.StartAsync(_dir.Path);
        using var attacker = new System.Net.Sockets.TcpClient();
        await attacker.ConnectAsync(System.Net.IPAddress.Loopback, host.MqttPort);
        var stream = attacker.GetStream();
        await stream.WriteAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F }); // CONNECT, Remaining Length 268,435,455, and nothing after

        // MQTTnet alone would allocate the body and wait for it; the guard closes the connection at once.
        var read = await ReadUntilClosedAsync(stream).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, read);
        var stats = await host.StatsAsync();
        Assert.Equal(1, TestHost.Counter(stats, "rejected." + RejectionReasons.PacketTooLarge));

        const string u = "unit-0602";
        using var unit = await host.ConnectAsync(u, await host.ProvisionAsync(u));
        Assert.True((await TestHost.PublishAsync(unit, u, "readings", Messages.Temperature(u, 1, 1, Messages.T0))).IsSuccess);
    }

    // Bytes the server sent before closing (none expected); a reset counts as closed.
    private static async Task<int> ReadUntilClosedAsync(System.Net.Sockets.NetworkStream stream)
    {
        var total = 0;
        var buffer = new byte[256];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                total += n;
            }
        }
        catch (IOException)
        {
        }

        return total;
    }
}
