namespace NmoPoc.Firmware.Link
{
    /// <summary>MQTT delivery guarantee; values are the wire values. The unit never uses QoS 2.</summary>
    public enum MqttQos
    {
        /// <summary>QoS 0: fire and forget (heartbeat).</summary>
        AtMostOnce = 0,

        /// <summary>QoS 1: the broker answers with PUBACK (readings, faults, status).</summary>
        AtLeastOnce = 1,
    }
}
