using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace NmoPoc.Integration.Tests.Support;

/// <summary>
/// A real MQTTnet 5 broker on 127.0.0.1 that a test can stop and start again on the same port. Units are refused
/// (server unavailable, so they back off and retry) until the test subscriber has subscribed after each start, so the
/// subscriber never misses a message because it reconnected later than the unit. Like the host's embedded broker,
/// it also keeps every unit publish in its publish interceptor, before the PUBACK (<see cref="Ingested"/>): a broker
/// without persistence that is stopped can lose a message it already acknowledged but not yet forwarded to a
/// subscriber; the ingest record shows whether a loss was the unit's or the broker's.
/// </summary>
public sealed class EmbeddedBroker(int port) : IAsyncDisposable
{
    private MqttServer? _server;
    private volatile bool _subscriberReady;

    public int Port { get; } = port;

    public int Starts { get; private set; }

    public int RefusedConnects;

    /// <summary>Every unit PUBLISH the broker accepted, recorded before its PUBACK went out.</summary>
    public ConcurrentQueue<Received> Ingested { get; } = new();

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
        _server.InterceptingPublishAsync += e =>
        {
            if (!e.ClientId.StartsWith("test-subscriber", StringComparison.Ordinal))
            {
                Ingested.Enqueue(new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain, DateTime.UtcNow));
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
