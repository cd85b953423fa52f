using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;

namespace NmoPoc.Firmware.Net;

/// <summary>
/// The core's <see cref="IMqttLink"/> over the MQTTnet 5 client (MQTT 5, TCP or TLS). MQTTnet 5 has no managed
/// client, so this owns the reconnect loop: exponential back-off with full jitter between attempts, and on every
/// connect a fresh last will (retained offline status from <see cref="MqttLinkOptions.LastWill"/>).
/// </summary>
/// <remarks>
/// Clean start is on: the unit subscribes to nothing, so a broker session would hold nothing of use, and
/// in-flight QoS 1 messages are not kept in the client across reconnects anyway: the power-safe outbox is
/// the unit's only persistence, and it re-sends whatever was not acknowledged. A persistent session would only
/// make every broker keep state for units that may never come back.
/// </remarks>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private const string Source = "mqtt";

    private readonly MqttLinkOptions _options;
    private readonly ILog _log;
    private readonly IMqttClient _client;
    private readonly Random _jitter;
    private readonly SemaphoreSlim _lost = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _connectionCount;
    private int _disposed;
    private long _connectFailures;

    public MqttNetLink(MqttLinkOptions options, ILog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _log = log;
        _jitter = options.JitterSeed is { } seed ? new Random(seed) : new Random();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stop.IsCancellationRequested)
            {
                _log.Write(LogLevel.Warning, Source, $"connection lost ({e.Reason}); reconnecting");
            }

            SignalLost();
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Connect attempts that failed since start.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Starts the connect/reconnect loop in the background.</summary>
    public void Start()
    {
        _loop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Waits until connected (for start-up and tests); false on timeout.</summary>
    public async Task<bool> WaitConnectedAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsConnected)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(10, ct);
        }

        return true;
    }

    public PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain)
    {
        if (!_client.IsConnected)
        {
            return PublishStatus.NotConnected;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(new ArraySegment<byte>(payload, 0, count).ToArray())
            .WithQualityOfServiceLevel(qos == MqttQos.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag(retain)
            .Build();
        using var timeout = new CancellationTokenSource(_options.PublishTimeout);
        try
        {
            var result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            if (qos == MqttQos.AtMostOnce)
            {
                return PublishStatus.Sent;
            }

            // MQTT 5: reason codes below 0x80 are success (0x00, 0x10 no matching subscribers); 0x80+ is a refusal.
            if ((int)result.ReasonCode < 0x80)
            {
                return PublishStatus.Acked;
            }

            _log.Write(LogLevel.Error, Source, $"broker refused publish on {topic}: {result.ReasonCode} {result.ReasonString}");
            return PublishStatus.Rejected;
        }
        catch (OperationCanceledException)
        {
            return _client.IsConnected ? PublishStatus.Timeout : PublishStatus.NotConnected;
        }
        catch (MqttClientNotConnectedException)
        {
            return PublishStatus.NotConnected;
        }
        catch (MqttCommunicationException)
        {
            return PublishStatus.NotConnected;
        }
        catch (ObjectDisposedException)
        {
            return PublishStatus.NotConnected;
        }
        catch (InvalidOperationException e)
        {
            _log.Write(LogLevel.Error, Source, $"publish refused by the client: {e.Message}");
            return _client.IsConnected ? PublishStatus.Rejected : PublishStatus.NotConnected;
        }
    }

    /// <summary>Stops reconnecting and disconnects cleanly (a clean disconnect suppresses the will).</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client.IsConnected)
        {
            try
            {
                using var cts = new CancellationTokenSource(_options.ConnectTimeout);
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cts.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
            {
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _client.Dispose();
        _stop.Dispose();
    }

    /// <summary>Back-off before retry number <paramref name="attempt"/> (0-based): uniform in [0, min(max, min * 2^attempt)].</summary>
    public static TimeSpan BackoffDelay(int attempt, TimeSpan min, TimeSpan max, Random random)
    {
        double ceiling = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }

    private void SignalLost()
    {
        try
        {
            if (_lost.CurrentCount == 0)
            {
                _lost.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        int attempt = 0;
        byte[] will = new byte[Protocol.ProtocolRules.MaxPayloadBytes];
        while (!ct.IsCancellationRequested)
        {
            if (_client.IsConnected)
            {
                await _lost.WaitAsync(ct);
                continue;
            }

            while (_lost.CurrentCount > 0)
            {
                _lost.Wait(0);
            }

            if (await TryConnectAsync(will, ct))
            {
                attempt = 0;
                continue;
            }

            Interlocked.Increment(ref _connectFailures);
            var delay = BackoffDelay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, _jitter);
            attempt++;
            await Task.Delay(delay, ct);
        }
    }

    private async Task<bool> TryConnectAsync(byte[] will, CancellationToken ct)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.UnitId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ConnectTimeout);
        if (_options.Username is not null)
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(t =>
            {
                t.UseTls();
                if (_options.AllowUntrustedCertificates)
                {
                    t.WithCertificateValidationHandler(_ => true);
                }
            });
        }

        if (_options.LastWill is { } source)
        {
            int length = source.EncodeWill(will);
            if (length > 0)
            {
                builder.WithWillTopic(source.WillTopic)
                    .WithWillPayload(will.AsSpan(0, length).ToArray())
                    .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithWillRetain(true);
            }
            else
            {
                _log.Write(LogLevel.Error, Source, "last will could not be encoded; connecting without one");
            }
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.ConnectTimeout);
            var result = await _client.ConnectAsync(builder.Build(), timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                _log.Write(LogLevel.Error, Source, $"broker {_options.Host}:{_options.Port} refused connect: {result.ResultCode} {result.ReasonString}");
                return false;
            }

            int n = Interlocked.Increment(ref _connectionCount);
            _log.Write(LogLevel.Info, Source, $"connected to {_options.Host}:{_options.Port} (connection #{n})");
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            // The broker answered and said no (bad credentials, not authorized, server unavailable).
            _log.Write(LogLevel.Error, Source, $"broker {_options.Host}:{_options.Port} refused connect: {e.Message}");
            return false;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            _log.Write(LogLevel.Debug, Source, $"connect to {_options.Host}:{_options.Port} failed: {e.Message}");
            return false;
        }
    }
}
