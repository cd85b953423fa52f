namespace NmoPoc.Firmware.Link
{
    /// <summary>Outcome of <see cref="IMqttLink.Publish"/>. Publishing never throws: a failure is a status.</summary>
    public enum PublishStatus
    {
        /// <summary>QoS 1: the broker's PUBACK arrived with a success reason code (MQTT 5: 0x00, or 0x10 no matching subscribers).</summary>
        Acked = 0,

        /// <summary>QoS 0: handed to the connection (there is no acknowledgement to wait for).</summary>
        Sent = 1,

        /// <summary>No connection, or it dropped before the PUBACK arrived. Delivery unknown: send again after reconnecting.</summary>
        NotConnected = 2,

        /// <summary>Connected, but no PUBACK within the link's timeout. Delivery unknown.</summary>
        Timeout = 3,

        /// <summary>The broker refused it (MQTT 5 PUBACK reason code >= 0x80, e.g. not authorized, quota exceeded) or the client refused it before sending (too large).</summary>
        Rejected = 4,
    }
}
