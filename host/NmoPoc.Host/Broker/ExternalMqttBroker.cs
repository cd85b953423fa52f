using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Ingest;

namespace NmoPoc.Host.Broker;

/// <summary>
/// The host as a client of an external broker (Mosquitto): MQTT 5, persistent session (clean start false, session
/// expiry), subscribed at QoS 1 to every unit's publish topics. Each message runs through the same
/// <see cref="IngestPipeline"/> and is acknowledged to the broker only after its commit (manual acknowledgement), so
/// the broker keeps and re-delivers whatever was not committed, also across host restarts. The broker authenticates
/// the units and enforces their topics (password file + ACL from <c>mosquitto-acl</c>); the pipeline still checks the
/// topic and that the payload's unitId is the topic's.
/// </summary>
public sealed class ExternalMqttBroker(
    IOptions<NmoPocOptions> options,
    IngestPipeline pipeline,
    ILogger<ExternalMqttBroker> log) : IBrokerHost, IHostedService, IAsyncDisposable
{
    private readonly ExternalBrokerOptions _o = options.Value.Mqtt.External;
    private readonly object _sync = new();
    private readonly HashSet<Task> _pendingAcks = [];
    private IMqttClient? _client;
    private CancellationTokenSource? _stop;
    private Task? _reconnectLoop;
    private volatile bool _subscribed;
    private readonly SemaphoreSlim _wake = new(0);

    public bool IsRunning => _client?.IsConnected == true && _subscribed;

    public IReadOnlyList<string> Endpoints => [$"{(_o.UseTls ? "mqtts" : "mqtt")}://{_o.Host}:{_o.Port} (external broker, client id {_o.ClientId})"];

    public Task<bool> DisconnectUnitAsync(string unitId, CancellationToken ct = default)
    {
        log.LogWarning("Unit {UnitId} revoked: an external broker ends its session only when its password entry is removed (mosquitto_passwd -D)", unitId);
        return Task.FromResult(false);
    }

    public Task<IReadOnlyList<string>> ConnectedClientsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<string>>([]);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += e =>
        {
            _subscribed = false;
            if (_stop is { IsCancellationRequested: false })
            {
                log.LogWarning("Disconnected from the external broker ({Reason}); reconnecting", e.ReasonString ?? e.Reason.ToString());
                _wake.Release();
            }

            return Task.CompletedTask;
        };
        _stop = new CancellationTokenSource();
        await TryConnectAsync(cancellationToken); // first try now, so a reachable broker is ready when start-up ends
        _reconnectLoop = Task.Run(() => ReconnectLoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops taking messages, lets the commits of those already taken finish and be acknowledged, then disconnects (the session stays on the broker).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _client is null)
        {
            return;
        }

        await _stop.CancelAsync();
        Task[] pending;
        lock (_sync)
        {
            pending = [.. _pendingAcks];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
        }

        if (_reconnectLoop is not null)
        {
            await _reconnectLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        log.LogInformation("Disconnected from the external broker; it keeps the session for {Seconds} s", _o.SessionExpirySeconds);
    }

    private async Task ReconnectLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Woken by a disconnect, or every ReconnectSeconds to retry a broker that was down.
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(_o.ReconnectSeconds), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!ct.IsCancellationRequested && !IsRunning)
            {
                await TryConnectAsync(ct);
            }
        }
    }

    private async Task TryConnectAsync(CancellationToken ct)
    {
        var client = _client!;
        try
        {
            if (!client.IsConnected)
            {
                var result = await client.ConnectAsync(ClientOptions(), ct);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    log.LogError("External broker {Host}:{Port} refused the host: {Code} {Reason}", _o.Host, _o.Port, result.ResultCode, result.ReasonString);
                    return;
                }

                log.LogInformation("Connected to external broker {Host}:{Port} as {ClientId} (session present: {SessionPresent})", _o.Host, _o.Port, _o.ClientId, result.IsSessionPresent);
            }

            // Subscribing again is harmless; retained messages only for a new subscription (the session has seen them).
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var suffix in TopicPolicy.PublishSuffixes)
            {
                subscribe.WithTopicFilter(f => f.WithTopic(TopicPolicy.Prefix + "+/" + suffix)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly));
            }

            var sub = await client.SubscribeAsync(subscribe.Build(), ct);
            var refused = sub.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
            if (refused.Count > 0)
            {
                log.LogError("External broker refused the host's subscriptions: {Refused}; check the host's ACL entry",
                    string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic}={i.ResultCode}")));
                return;
            }

            _subscribed = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Cannot reach external broker {Host}:{Port}: {Error}; retrying every {Seconds} s", _o.Host, _o.Port, e.Message, _o.ReconnectSeconds);
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer(_o.Host, _o.Port)
            .WithClientId(_o.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(_o.SessionExpirySeconds)
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (_o.Username is not null)
        {
            b.WithCredentials(_o.Username, _o.Password);
        }

        if (_o.UseTls)
        {
            b.WithTlsOptions(t =>
            {
                t.UseTls();
                if (_o.CaCertificatePath is { } ca)
                {
                    var trusted = X509CertificateLoader.LoadCertificateFromFile(ca);
                    t.WithCertificateValidationHandler(v =>
                    {
                        // Trust exactly this CA (custom root trust), with the usual chain and name checks.
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(trusted);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        var nameOk = (v.SslPolicyErrors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
                        return nameOk && v.Certificate is not null && chain.Build(new X509Certificate2(v.Certificate));
                    });
                }
            });
        }

        return b.Build();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false; // acknowledged below, after the commit
        var m = e.ApplicationMessage;
        // The broker authenticated the publisher and its ACL lets a unit write only under its own user name, so the topic names the unit.
        var unitId = UnitOf(m.Topic);
        var ticket = pipeline.Begin(unitId, m.Topic, m.Payload, CancellationToken.None);
        var ack = AcknowledgeAfterCommitAsync(e, ticket.Completion);
        lock (_sync)
        {
            _pendingAcks.Add(ack);
        }

        _ = ack.ContinueWith(t =>
        {
            lock (_sync)
            {
                _pendingAcks.Remove(t);
            }
        }, TaskScheduler.Default);
        return Task.CompletedTask; // more messages may arrive while this one commits: commits group
    }

    private async Task AcknowledgeAfterCommitAsync(MqttApplicationMessageReceivedEventArgs e, Task<IngestResult> commit)
    {
        var result = await commit;
        if (result.Status == IngestStatus.StorageError)
        {
            // Not committed: no acknowledgement. The broker re-delivers unacknowledged messages only on a new
            // connection, so reconnect (same session).
            if (_client is { IsConnected: true } c)
            {
                await c.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build())
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            return;
        }

        try
        {
            await e.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Connection gone: the broker re-delivers it on reconnect and the dedupe counts it as a duplicate.
            log.LogDebug(ex, "Could not acknowledge {Topic}; the broker will re-deliver it", e.ApplicationMessage.Topic);
        }
    }

    private static string UnitOf(string topic)
    {
        if (!topic.StartsWith(TopicPolicy.Prefix, StringComparison.Ordinal))
        {
            return "";
        }

        var rest = topic.AsSpan(TopicPolicy.Prefix.Length);
        var slash = rest.IndexOf('/');
        return slash < 0 ? "" : rest[..slash].ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            if (_stop is { IsCancellationRequested: false })
            {
                await StopAsync(CancellationToken.None);
            }

            _client.Dispose();
            _client = null;
        }

        _stop?.Dispose();
    }
}
