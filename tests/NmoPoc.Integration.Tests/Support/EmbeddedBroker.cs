using MQTTnet.Protocol;
using MQTTnet.Server;

namespace NmoPoc.Integration.Tests.Support;

/// <summary>
/// A real MQTTnet 5 broker on 127.0.0.1 that a test can stop and start again on the same port. Units are refused
/// (server unavailable, so they back off and retry) until the test subscriber has subscribed after each start, so the
/// subscriber never misses a message because it reconnected later than the unit.
/// </summary>
public sealed class EmbeddedBroker(int port) : IAsyncDisposable
{
    private MqttServer? _server;
    private volatile bool _subscriberReady;

    public int Port { get; } = port;

    public int Starts { get; private set; }

    public int RefusedConnects;

    public async Task StartAsync()
    {
        _subscriberReady = false;
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(Port).WithDefaultEndpointReuseAddress().Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += e =>
        {
            if (!e.ClientId.StartsWith("test-subscriber", StringComparison.Ordinal) && !_subscriberReady)
            {
                Interlocked.Increment(ref RefusedConnects);
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            }

            return Task.CompletedTask;
        };
        _server.ClientSubscribedTopicAsync += e =>
        {
            if (e.ClientId.StartsWith("test-subscriber", StringComparison.Ordinal))
            {
                _subscriberReady = true;
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync();
        Starts++;
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync();
            server.Dispose();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
