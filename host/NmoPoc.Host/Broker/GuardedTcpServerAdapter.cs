using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace NmoPoc.Host.Broker;

/// <summary>
/// The embedded broker's TCP (and TLS) listener in place of MQTTnet's own, for one reason: every connection's stream
/// goes through a <see cref="PacketSizeLimitStream"/>, so no client, authenticated or not, can make the broker
/// buffer a packet larger than Mqtt:MaxPacketBytes. Binding follows the endpoint options as MQTTnet's listener does
/// (IPv4 and IPv6 each unless IPAddress.None); the TLS handshake has a deadline, which MQTTnet's has not.
/// </summary>
public sealed class GuardedTcpServerAdapter(int maxPacketBytes, Action<EndPoint?, PacketTooLargeException> onTooLarge, ILogger log) : IMqttServerAdapter
{
    public static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly List<Socket> _listeners = [];
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _options;
    private IMqttNetLogger? _logger;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("already started");
        }

        (_options, _logger, _stop) = (options, logger, new CancellationTokenSource());
        try
        {
            if (options.DefaultEndpointOptions.IsEnabled)
            {
                Listen(options.DefaultEndpointOptions, null);
            }

            if (options.TlsEndpointOptions is { IsEnabled: true } tls)
            {
                var cert = tls.CertificateProvider?.GetCertificate() ?? throw new ArgumentException("TLS certificate is not set");
                Listen(tls, cert);
            }
        }
        catch
        {
            Stop();
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        _stop?.Cancel();
        _stop?.Dispose();
        _stop = null;
        foreach (var s in _listeners)
        {
            s.Dispose();
        }

        _listeners.Clear();
    }

    private void Listen(MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? cert)
    {
        foreach (var address in new[] { endpoint.BoundInterNetworkAddress, endpoint.BoundInterNetworkV6Address })
        {
            if (address.Equals(IPAddress.None))
            {
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _listeners.Add(socket);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false; // the IPv4 listener takes IPv4 on the same port
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, endpoint.ReuseAddress);
            socket.NoDelay = endpoint.NoDelay;
            socket.Bind(new IPEndPoint(address, endpoint.Port));
            endpoint.Port = ((IPEndPoint)socket.LocalEndPoint!).Port; // port 0: both families share the one assigned
            socket.Listen(endpoint.ConnectionBacklog);
            _ = AcceptLoopAsync(socket, endpoint, cert, _stop!.Token);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? cert, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A peer that gave up before accept: next. Out of descriptors or buffers: keep serving, without spinning.
                log.LogWarning("Accepting an MQTT connection on {Endpoint} failed: {Reason}", listener.LocalEndPoint, e.SocketErrorCode);
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                }

                continue;
            }

            _ = Task.Run(() => ServeAsync(client, endpoint, cert, stop), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? cert, CancellationToken stop)
    {
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            socket.NoDelay = endpoint.NoDelay;
            X509Certificate2? clientCert = null;
            if (cert is not null)
            {
                var tls = (MqttServerTlsTcpEndpointOptions)endpoint;
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, tls.RemoteCertificateValidationCallback);
                stream = ssl;
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                deadline.CancelAfter(TlsHandshakeTimeout);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = cert,
                        ClientCertificateRequired = tls.ClientCertificateRequired,
                        EnabledSslProtocols = tls.SslProtocol,
                        CertificateRevocationCheckMode = tls.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
                        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                        CipherSuitesPolicy = tls.CipherSuitesPolicy,
                    }, deadline.Token);
                }
                catch (Exception e) when (e is AuthenticationException or IOException || e is OperationCanceledException && !stop.IsCancellationRequested)
                {
                    log.LogWarning("TLS handshake with {Endpoint} failed: {Reason}", remote,
                        e is OperationCanceledException ? $"no handshake within {TlsHandshakeTimeout.TotalSeconds:0} s" : e.Message);
                    return;
                }

                clientCert = ssl.RemoteCertificate as X509Certificate2;
            }

            stream = new PacketSizeLimitStream(stream, maxPacketBytes, e => onTooLarge(remote, e));
            if (ClientHandler is { } handler)
            {
                var channel = new MqttTcpChannel(stream, socket.LocalEndPoint, remote, clientCert);
                var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax));
                // One write per packet, so the limit stream can put its DISCONNECT between two of them.
                using var adapter = new MqttChannelAdapter(channel, formatter, _logger!) { AllowPacketFragmentation = false };
                await handler(adapter);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A dropped connection ends this client only (an oversized packet was reported already).
            log.LogDebug("Connection from {Endpoint} ended: {Reason}", remote, e.Message);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}
