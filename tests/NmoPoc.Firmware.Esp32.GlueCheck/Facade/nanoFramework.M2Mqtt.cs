// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/nanoFramework.m2mqtt 5.1.x: M2Mqtt/MqttClient.cs, and the
// nanoFramework.M2Mqtt.Core types IMqttClient, MqttQoSLevel, MqttReasonCode, MqttSslProtocols,
// MqttMsgPublishedEventArgs); bodies throw. X509Certificate is not declared here: nanoFramework.System.Net's
// System.Security.Cryptography.X509Certificates.X509Certificate(byte[] certificate) (DER or PEM) has the same
// signature as .NET's, which the check binds to. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public interface IMqttClient
    {
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }

    public class MqttClient
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            throw new NotImplementedException();
        }

        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished
        {
            add { throw new NotImplementedException(); }
            remove { throw new NotImplementedException(); }
        }

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed
        {
            add { throw new NotImplementedException(); }
            remove { throw new NotImplementedException(); }
        }

        public bool IsConnected
        {
            get { throw new NotImplementedException(); }
        }

        public MqttReasonCode Connect(
            string clientId,
            string username,
            string password,
            bool willRetain,
            MqttQoSLevel willQosLevel,
            bool willFlag,
            string willTopic,
            string willMessage,
            bool cleanSession,
            ushort keepAlivePeriod)
        {
            throw new NotImplementedException();
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            throw new NotImplementedException();
        }

        public void Close()
        {
            throw new NotImplementedException();
        }
    }

    // Values from the member order of nanoFramework.M2Mqtt.Core's MqttSslProtocols (None, SSLv3, TLSv1_0, TLSv1_1,
    // TLSv1_2); only the members the glue uses are declared.
    public enum MqttSslProtocols
    {
        None = 0,
        TLSv1_2 = 4,
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
    }

    public enum MqttReasonCode
    {
        Success = 0x00,
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public ushort MessageId
        {
            get { throw new NotImplementedException(); }
        }

        public bool IsPublished
        {
            get { throw new NotImplementedException(); }
        }
    }
}
