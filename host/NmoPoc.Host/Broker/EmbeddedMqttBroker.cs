using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Broker;

/// <summary>
/// MQTTnet broker inside the host. Authentication per unit, topic authorisation, and ingest in the publish
/// interceptor. A PUBACK means "committed": either the publish interceptor awaits the commit (AckMode.InInterceptor;
/// MQTTnet sends the PUBACK after the interceptor returns), or (AckMode.Pipelined, the default) the interceptor
/// queues the write and the outbound-packet interceptor holds each PUBACK until its write is committed. PUBACKs of
/// one connection leave in the order its PUBLISHes arrived, so a per-connection FIFO of commit tasks pairs them.
/// </summary>
public sealed class EmbeddedMqttBroker(
    IOptions<NmoPocOptions> options,
    UnitAuthenticator authenticator,
    IngestPipeline pipeline,
    IngestMetrics metrics,
    ILogger<EmbeddedMqttBroker> log) : IBrokerHost, IHostedService, IAsyncDisposable
{
    private const string AckStateKey = "nmopoc.ackState";
    private MqttServer? _server;
    private readonly List<string> _endpoints = [];
    private bool _pipelined;
    private int _pubAcksHeld;

    /// <summary>Per connection: the commits its pending PUBACKs wait for, in arrival order.</summary>
    internal sealed class AckState
    {
        public readonly ConcurrentQueue<Task<IngestResult>> Pending = new();

        /// <summary>Set by the inbound-packet interceptor for a QoS 1 PUBLISH, consumed by the publish interceptor (a will message has none).</summary>
        public volatile bool NextPublishIsAcked;

        private int _ending;

        /// <summary>True for the first caller only: a closing connection stays listed for a while and must not be ended (and counted) twice.</summary>
        public bool TryBeginEnding() => Interlocked.Exchange(ref _ending, 1) == 0;

        /// <summary>The disconnect failed: the connection may still be open, so the next sweep must be able to try again.</summary>
        public void EndingFailed() => Volatile.Write(ref _ending, 0);
    }

    public bool IsRunning => _server?.IsStarted == true;

    public IReadOnlyList<string> Endpoints => _endpoints;

    /// <summary>Acknowledgements of received publishes that are waiting for their commit right now (not sent yet).</summary>
    public int PubAcksHeld => Volatile.Read(ref _pubAcksHeld);

    public async Task<IReadOnlyList<string>> ConnectedClientsAsync(CancellationToken ct = default) =>
        _server is { IsStarted: true } s ? (await s.GetClientsAsync()).Select(c => c.Id).ToList() : [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.Mqtt;
        var builder = new MqttServerOptionsBuilder();
        var (v4, v6) = BindAddresses(o.BindAddress);
        if (o.PlainEnabled)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(v4).WithDefaultEndpointBoundIPV6Address(v6).WithDefaultEndpointPort(o.Port).WithDefaultEndpointReuseAddress();
            _endpoints.Add($"mqtt://{o.BindAddress}:{o.Port}");
        }

        if (o.Tls.Enabled)
        {
            var cert = TlsCertificates.Load(o.Tls);
            builder.WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(v4).WithEncryptedEndpointBoundIPV6Address(v6)
                .WithEncryptedEndpointPort(o.Tls.Port).WithTlsEndpointReuseAddress().WithEncryptionCertificate(cert);
            _endpoints.Add($"mqtts://{o.BindAddress}:{o.Tls.Port} (certificate {cert.Subject}, expires {cert.NotAfter:yyyy-MM-dd})");
        }

        if (_endpoints.Count == 0)
        {
            throw new InvalidOperationException("NmoPoc:Mqtt has neither the plain nor the TLS listener enabled");
        }

        _pipelined = options.Value.Ingest.AckMode == AckMode.Pipelined;
        var listener = new GuardedTcpServerAdapter(o.MaxPacketBytes, OnPacketTooLarge, log);
        _server = new MqttServerFactory().CreateMqttServer(builder.Build(), [listener]);
        _server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        _server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        _server.InterceptingInboundPacketAsync += OnInboundPacketAsync;
        if (_pipelined)
        {
            _server.InterceptingOutboundPacketAsync += OnOutboundPacketAsync;
        }

        _server.ClientConnectedAsync += e =>
        {
            e.SessionItems[AckStateKey] = new AckState(); // fresh per connection, before its first packet is read
            return pipeline.RecordConnectionAsync(e.ClientId, connected: true);
        };
        _server.ClientDisconnectedAsync += e => e.ClientId is null ? Task.CompletedTask : pipeline.RecordConnectionAsync(e.ClientId, connected: false);
        await _server.StartAsync();
        log.LogInformation("Embedded MQTT broker listening on {Endpoints}", string.Join(", ", _endpoints));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync();
            log.LogInformation("Embedded MQTT broker stopped");
        }
    }

    public Task<bool> DisconnectUnitAsync(string unitId, CancellationToken ct = default) =>
        DisconnectAsync(unitId, MqttDisconnectReasonCode.NotAuthorized, "unit revoked");

    private async Task<bool> DisconnectAsync(string unitId, MqttDisconnectReasonCode code, string reason)
    {
        if (_server is null)
        {
            return false;
        }

        var clients = await _server.GetClientsAsync();
        var client = clients.FirstOrDefault(c => c.Id == unitId);
        var state = client?.Session.Items[AckStateKey] as AckState;
        if (client is null || state is not null && !state.TryBeginEnding())
        {
            return false;
        }

        try
        {
            await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = code, ReasonString = reason });
            return true;
        }
        catch (Exception e)
        {
            state?.EndingFailed();
            log.LogWarning(e, "Could not end the session of {UnitId} ({Reason}); the next attempt will try again", unitId, reason);
            return false;
        }
    }

    private async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var decision = await authenticator.AuthenticateAsync(e.ClientId, e.UserName, e.Password, (e.RemoteEndPoint as IPEndPoint)?.Address);
        if (decision == ConnectDecision.Accepted)
        {
            log.LogInformation("Unit {UnitId} connected from {Endpoint}", e.ClientId, e.RemoteEndPoint);
            return;
        }

        e.ReasonCode = decision switch
        {
            ConnectDecision.ClientIdMismatch => MqttConnectReasonCode.ClientIdentifierNotValid,
            ConnectDecision.Revoked => MqttConnectReasonCode.NotAuthorized,
            ConnectDecision.Throttled => MqttConnectReasonCode.ConnectionRateExceeded,
            ConnectDecision.Busy => MqttConnectReasonCode.ServerBusy,
            _ => MqttConnectReasonCode.BadUserNameOrPassword,
        };
        var reason = ConnectReason(decision);
        metrics.Refused("connect", reason);
        // A locked-out pair's attempts are only counted: the throttle logged the lockout once.
        log.Log(decision == ConnectDecision.Throttled ? LogLevel.Debug : LogLevel.Warning,
            "Refused MQTT connect: client {ClientId}, user {UserName}, from {Endpoint}: {Reason}", e.ClientId, e.UserName, e.RemoteEndPoint, reason);
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return; // injected by the host itself (future host -> unit commands)
        }

        var m = e.ApplicationMessage;
        var ticket = pipeline.Begin(e.ClientId, m.Topic, m.Payload, CancellationToken.None);
        var state = e.SessionItems[AckStateKey] as AckState;
        IngestResult result;
        if (_pipelined && state is { NextPublishIsAcked: true })
        {
            state.NextPublishIsAcked = false;
            state.Pending.Enqueue(ticket.Completion); // its PUBACK waits in OnOutboundPacketAsync
            result = ticket.Verdict;
        }
        else
        {
            // QoS 0/2, will messages, or AckMode.InInterceptor: MQTTnet sends the PUBACK after this returns.
            Interlocked.Increment(ref _pubAcksHeld);
            try
            {
                result = await ticket.Completion;
            }
            finally
            {
                Interlocked.Decrement(ref _pubAcksHeld);
            }
        }

        switch (result.Status)
        {
            case IngestStatus.Accepted:
                e.ProcessPublish = m.Retain; // keep the retained status; nobody else may subscribe to unit topics
                break;
            case IngestStatus.Duplicate:
                e.ProcessPublish = false;
                break;
            case IngestStatus.NotAuthorized:
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                e.Response.ReasonString = result.Detail;
                break;
            case IngestStatus.Rejected:
                // Still PUBACKed (MQTT 5 clients see the reason) so a bad message can't loop forever; kept in rejections.
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = result.Reason + ": " + result.Detail;
                break;
            default:
                // Not committed: close without PUBACK so the unit keeps it in its outbox and re-sends.
                e.ProcessPublish = false;
                e.CloseConnection = true;
                break;
        }
    }

    private Task OnInboundPacketAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPublishPacket publish)
        {
            return Task.CompletedTask;
        }

        if (_pipelined && publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce && e.SessionItems[AckStateKey] is AckState state)
        {
            state.NextPublishIsAcked = true;
        }

        return Task.CompletedTask;
    }

    // Called by the connection's stream before MQTTnet reads (and allocates) the packet's body; the stream then ends the connection.
    private void OnPacketTooLarge(EndPoint? remote, PacketTooLargeException e)
    {
        metrics.Rejected(RejectionReasons.PacketTooLarge);
        log.LogWarning("Refused a packet from {Endpoint}: packetTooLarge, type {PacketType} announcing {Size} bytes (limit {Limit}); connection closed before reading it",
            remote, e.PacketType, e.RemainingLength, options.Value.Mqtt.MaxPacketBytes);
    }

    private async Task OnOutboundPacketAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPubAckPacket || e.SessionItems[AckStateKey] is not AckState state || !state.Pending.TryDequeue(out var commit))
        {
            return;
        }

        IngestResult result;
        Interlocked.Increment(ref _pubAcksHeld);
        try
        {
            result = await commit;
        }
        finally
        {
            Interlocked.Decrement(ref _pubAcksHeld);
        }

        if (result.Status == IngestStatus.StorageError)
        {
            // Not committed: no PUBACK, and close so the unit re-sends from its outbox on reconnect.
            e.ProcessPacket = false;
            _ = DisconnectAsync(e.ClientId, MqttDisconnectReasonCode.UnspecifiedError, "storage error; re-send");
        }
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (TopicPolicy.MaySubscribe(e.ClientId, filter))
        {
            return Task.CompletedTask;
        }

        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        metrics.Refused("subscribe", RejectionReasons.NotAuthorized);
        log.LogWarning("Refused subscription of {ClientId} to {TopicFilter}: a unit may subscribe only to its own cmd/#", e.ClientId, filter);
        return Task.CompletedTask;
    }

    // MQTTnet listens on IPv4 and IPv6 (IPAddress.None turns one off). 0.0.0.0 means both "any"s;
    // any other address means exactly that address.
    private static (IPAddress V4, IPAddress V6) BindAddresses(string configured)
    {
        var a = IPAddress.Parse(configured);
        if (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return (IPAddress.None, a);
        }

        return (a, a.Equals(IPAddress.Any) ? IPAddress.IPv6Any : IPAddress.None);
    }

    private static string ConnectReason(ConnectDecision d) => d switch
    {
        ConnectDecision.Anonymous => "anonymous",
        ConnectDecision.ClientIdMismatch => "clientIdMismatch",
        ConnectDecision.UnknownUnit => "unknownUnit",
        ConnectDecision.Revoked => "revoked",
        ConnectDecision.BadSecret => "badSecret",
        ConnectDecision.Throttled => "throttled",
        ConnectDecision.Busy => "busy",
        _ => d.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await StopAsync(CancellationToken.None);
            _server.Dispose();
            _server = null;
        }
    }
}
