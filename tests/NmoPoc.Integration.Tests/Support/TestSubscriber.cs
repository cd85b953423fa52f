using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace NmoPoc.Integration.Tests.Support;

/// <summary>
/// The host's side in these tests: an MQTTnet client subscribed with QoS 1 to every unit topic, that reconnects and
/// resubscribes by itself (a broker restart loses its session) and keeps everything it receives.
/// </summary>
public sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public TestSubscriber(int port, string filter = "nmopoc/v1/units/#", string? username = null, string? password = null)
    {
        _filter = filter;
        var b = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(5));
        if (username is not null)
        {
            b.WithCredentials(username, password);
        }

        _options = b.Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Messages.Enqueue(new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain, DateTime.UtcNow));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>Subscriptions made (one per connection).</summary>
    public int Subscriptions;

    public bool IsConnected => _client.IsConnected;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public IEnumerable<Received> Records => Messages.Where(m => m.IsRecord);

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(_options, ct);
                    await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
                    Interlocked.Increment(ref Subscriptions);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                }
            }

            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
