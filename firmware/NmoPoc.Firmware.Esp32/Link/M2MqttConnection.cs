using System;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;

namespace NmoPoc.Firmware.Esp32.Link
{
    /// <summary>
    /// The unit's MQTT session over nanoFramework.M2Mqtt: client ID = user name = unit ID, the host's secret as password,
    /// a retained QoS 1 "offline" last will, and QoS 1 publishes that report success only when M2Mqtt's
    /// <c>MqttMsgPublished</c> event says the broker acknowledged that message ID. The outbox removes a record only on
    /// <see cref="AckOutcome.Acked"/>.
    /// </summary>
    public sealed class M2MqttConnection : IMqttLink
    {
        /// <summary>Seconds between PINGREQs; the broker drops the session (and publishes the will) after 1.5 of them.</summary>
        public const ushort KeepAliveSeconds = 60;

        private readonly object _publishLock = new object();
        private readonly string _host;
        private readonly int _port;
        private readonly string _unitId;
        private readonly string _secret;
        private readonly bool _tls;
        private readonly X509Certificate _caCert;
        private readonly int _ackTimeoutMs;
        private readonly ILog _log;
        private readonly PublishAcks _acks;
        private MqttClient _client;

        /// <param name="tls">TLS 1.2; the broker's certificate must chain to <paramref name="caCert"/>.</param>
        /// <param name="caCert">The CA certificate provisioned with the unit (docs/targets.md); null without TLS.</param>
        public M2MqttConnection(string host, int port, bool tls, X509Certificate caCert, string unitId, string secret, int ackTimeoutMs,
            IMonotonicClock clock, ILog log)
        {
            _tls = tls;
            _caCert = caCert;
            _host = host;
            _port = port;
            _unitId = unitId;
            _secret = secret;
            _ackTimeoutMs = ackTimeoutMs;
            _log = log;
            _acks = new PublishAcks(clock);
        }

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <summary>Sessions established since start.</summary>
        public int ConnectionCount { get; private set; }

        /// <summary>
        /// Opens a new session with the last will registered. Never throws: a refused or failed connect is logged and
        /// returns false.
        /// </summary>
        /// <param name="willTopic">The unit's retained status topic.</param>
        /// <param name="willMessage">The encoded status message with state "offline".</param>
        public bool Connect(string willTopic, string willMessage)
        {
            Close();
            try
            {
                MqttClient client = new MqttClient(_host, _port, _tls, _tls ? _caCert : null, null, _tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.MqttMsgPublished += OnPublished;
                client.ConnectionClosed += OnConnectionClosed;
                MqttReasonCode code = client.Connect(
                    _unitId, _unitId, _secret, true, MqttQoSLevel.AtLeastOnce, true, willTopic, willMessage, true, KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    _log.Write(LogLevel.Warning, "mqtt", "broker refused the connection, reason code " + ((int)code).ToString());
                    client.Close();
                    return false;
                }

                _client = client;
                ConnectionCount++;
                return true;
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "mqtt", "connecting to " + _host + ":" + _port.ToString() + " failed: " + e.Message);
                return false;
            }
        }

        /// <summary>
        /// QoS 1 publish of the first <paramref name="count"/> bytes; blocks until the broker's PUBACK for this message,
        /// a closed connection or the acknowledgement timeout. Publishes are serialised, one in flight at a time.
        /// </summary>
        public AckOutcome PublishAcked(string topic, byte[] payload, int count, bool retain)
        {
            lock (_publishLock)
            {
                MqttClient client = _client;
                if (client == null || !client.IsConnected)
                {
                    return AckOutcome.ConnectionClosed;
                }

                int token = _acks.Begin();
                ushort messageId;
                try
                {
                    messageId = client.Publish(topic, Exact(payload, count), null, null, MqttQoSLevel.AtLeastOnce, retain);
                }
                catch (Exception e)
                {
                    // Inflight queue full or the socket died under us: delivery unknown, try again after reconnecting.
                    _log.Write(LogLevel.Warning, "mqtt", "publish to " + topic + " failed: " + e.Message);
                    return AckOutcome.ConnectionClosed;
                }

                return _acks.Wait(messageId, token, _ackTimeoutMs);
            }
        }

        /// <summary>QoS 0 publish (heartbeat): handed to the connection, nothing to wait for.</summary>
        public bool PublishUnacked(string topic, byte[] payload, int count)
        {
            lock (_publishLock)
            {
                MqttClient client = _client;
                if (client == null || !client.IsConnected)
                {
                    return false;
                }

                try
                {
                    client.Publish(topic, Exact(payload, count), null, null, MqttQoSLevel.AtMostOnce, false);
                    return true;
                }
                catch (Exception e)
                {
                    _log.Write(LogLevel.Warning, "mqtt", "publish to " + topic + " failed: " + e.Message);
                    return false;
                }
            }
        }

        /// <summary>
        /// The core's blocking publish (<see cref="IMqttLink"/>). M2Mqtt's "not published" after its own retries and
        /// a missing acknowledgement both mean delivery unknown: <see cref="PublishStatus.Timeout"/>, so the outbox
        /// keeps the record and sends it again.
        /// </summary>
        public PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain)
        {
            if (qos == MqttQos.AtMostOnce)
            {
                return PublishUnacked(topic, payload, count) ? PublishStatus.Sent : PublishStatus.NotConnected;
            }

            switch (PublishAcked(topic, payload, count, retain))
            {
                case AckOutcome.Acked:
                    return PublishStatus.Acked;
                case AckOutcome.ConnectionClosed:
                    return PublishStatus.NotConnected;
                default:
                    return PublishStatus.Timeout;
            }
        }

        /// <summary>Drops the session without a DISCONNECT, so the broker publishes the will.</summary>
        public void Close()
        {
            MqttClient client = _client;
            _client = null;
            if (client != null)
            {
                client.MqttMsgPublished -= OnPublished;
                client.ConnectionClosed -= OnConnectionClosed;
                try
                {
                    client.Close();
                }
                catch (Exception e)
                {
                    _log.Write(LogLevel.Debug, "mqtt", "close: " + e.Message);
                }
            }
        }

        /// <summary>M2Mqtt sends a whole array, so a larger reused buffer is copied to its exact length.</summary>
        private static byte[] Exact(byte[] payload, int count)
        {
            if (payload.Length == count)
            {
                return payload;
            }

            byte[] exact = new byte[count];
            Array.Copy(payload, exact, count);
            return exact;
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            _acks.OnPublished(e.MessageId, e.IsPublished);
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            _acks.OnConnectionClosed();
        }
    }
}
