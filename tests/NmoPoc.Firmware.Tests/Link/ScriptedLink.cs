using NmoPoc.Firmware.Simulation.Devices;
using System.Text;
using System.Text.RegularExpressions;
using NmoPoc.Firmware.Link;

namespace NmoPoc.Firmware.Tests.Link;

/// <summary>One publish as the link saw it.</summary>
public sealed record Publication(int Index, string Topic, byte[] Payload, MqttQos Qos, bool Retain, long AtMs, PublishStatus Result)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public uint Seq => uint.Parse(Regex.Match(Text, "\"seq\":(\\d+)").Groups[1].Value);

    public bool Historical => Text.EndsWith(",\"historical\":true}", StringComparison.Ordinal);
}

/// <summary>
/// An in-memory <see cref="IMqttLink"/> whose answers a test scripts: every publish is recorded with the simulated
/// time, and <see cref="Respond"/> decides the outcome (and may change the connection, as a broker going away would).
/// </summary>
public sealed class ScriptedLink(ManualClock clock) : IMqttLink
{
    public bool IsConnected { get; private set; }

    public int ConnectionCount { get; private set; }

    /// <summary>Decides each publish made while connected; PUBACK by default.</summary>
    public Func<int, PublishStatus> Respond { get; set; } = _ => PublishStatus.Acked;

    public List<Publication> Publications { get; } = [];

    public IEnumerable<Publication> Acked => Publications.Where(p => p.Result == PublishStatus.Acked);

    public void Connect()
    {
        IsConnected = true;
        ConnectionCount++;
    }

    public void Disconnect() => IsConnected = false;

    public PublishStatus Publish(string topic, byte[] payload, int count, MqttQos qos, bool retain)
    {
        int index = Publications.Count;
        PublishStatus result = IsConnected ? Respond(index) : PublishStatus.NotConnected;
        Publications.Add(new Publication(index, topic, payload.AsSpan(0, count).ToArray(), qos, retain, clock.ElapsedMilliseconds, result));
        return result;
    }
}
