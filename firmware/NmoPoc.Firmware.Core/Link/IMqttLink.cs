namespace NmoPoc.Firmware.Link
{
    /// <summary>
    /// The unit's MQTT connection as the core needs it: one blocking publish with an explicit outcome. Platform
    /// code implements it (MQTTnet 5 on full .NET, nanoFramework M2Mqtt on the ESP32) and owns connecting,
    /// reconnecting, the last will and the publish timeout.
    /// </summary>
    /// <remarks>
    /// MQTTnet 5: <c>Publish</c> waits on <c>PublishAsync(message, token)</c> with a timeout token and maps
    /// <c>MqttClientPublishResult.IsSuccess</c> to <see cref="PublishStatus.Acked"/>, other reason codes to
    /// <see cref="PublishStatus.Rejected"/>, cancellation to <see cref="PublishStatus.Timeout"/> and a lost
    /// connection to <see cref="PublishStatus.NotConnected"/>; <c>ConnectedAsync</c> increments
    /// <see cref="ConnectionCount"/>. nanoFramework M2Mqtt: <c>Publish(topic, bytes, ..., qos, retain)</c> returns a
    /// message id; <c>Publish</c> here waits (an event with a timeout) for the <c>MqttMsgPublished</c> event carrying
    /// that id and maps its <c>IsPublished</c>. M2Mqtt takes a whole array, so that implementation copies
    /// <c>count</c> bytes into an exact-size array when the buffer is larger.
    /// </remarks>
    public interface IMqttLink
    {
        /// <summary>True while a session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Connections established since start (0 before the first). It changes on every new connection, so a caller
        /// can tell that a reconnect happened between two looks at <see cref="IsConnected"/>.
        /// </summary>
        int ConnectionCount { get; }

        /// <summary>
        /// Sends the first <paramref name="count"/> bytes of <paramref name="payload"/> and, for QoS 1, blocks until
        /// the PUBACK or the link's timeout. The buffer is the caller's again when this returns.
        /// </summary>
        PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain);
    }
}
