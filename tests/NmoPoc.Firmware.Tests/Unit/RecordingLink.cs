using System.Text;
using System.Text.Json;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;

namespace NmoPoc.Firmware.Tests.Unit;

/// <summary>One publish as the in-memory link saw it.</summary>
public sealed record LinkMessage(string Topic, byte[] Payload, MqttQos Qos, bool Retain, PublishStatus Result)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;
}

/// <summary>In-memory link for the main-loop tests: connect/disconnect at will, records every publish, reports RSSI.</summary>
public sealed class RecordingLink : IMqttLink, IRssiSource
{
    public bool IsConnected { get; private set; }

    public int ConnectionCount { get; private set; }

    public int? Rssi { get; set; } = -61;

    /// <summary>Called before each publish is answered (for "stored before published" checks).</summary>
    public Action<LinkMessage>? OnPublish { get; set; }

    public List<LinkMessage> Messages { get; } = [];

    /// <summary>Overrides the broker's answer for a topic suffix (e.g. refuse "/status").</summary>
    public Dictionary<string, PublishStatus> Refuse { get; } = [];

    public void Connect()
    {
        IsConnected = true;
        ConnectionCount++;
    }

    public void Disconnect() => IsConnected = false;

    public PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain)
    {
        var result = !IsConnected ? PublishStatus.NotConnected : qos == MqttQos.AtMostOnce ? PublishStatus.Sent : PublishStatus.Acked;
        foreach (var (suffix, answer) in Refuse)
        {
            if (IsConnected && topic.EndsWith(suffix, StringComparison.Ordinal))
            {
                result = answer;
            }
        }

        var message = new LinkMessage(topic, payload.AsSpan(0, count).ToArray(), qos, retain, result);
        OnPublish?.Invoke(message);
        Messages.Add(message);
        return result;
    }

    public bool TryGetRssi(out int dbm)
    {
        dbm = Rssi ?? 0;
        return Rssi.HasValue;
    }
}

/// <summary>A fixed ADC reading (battery divider).</summary>
public sealed class FixedAnalogInput(int raw, int maxValue = 4095, int referenceMillivolts = 3300) : IAnalogInput
{
    public int MaxValue => maxValue;

    public int ReferenceMillivolts => referenceMillivolts;

    public int Raw { get; set; } = raw;

    public int ReadRaw() => Raw;
}
