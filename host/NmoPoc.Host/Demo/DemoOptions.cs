namespace NmoPoc.Host.Demo;

/// <summary>
/// Section <c>NmoPoc:Demo</c>. <c>--demo</c> on the command line is short for <c>--NmoPoc:Demo:Enabled=true</c>.
/// Demo mode seeds a ward of synthetic patients and runs virtual units in-process against the embedded broker.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "NmoPoc:Demo";

    public bool Enabled { get; set; }

    /// <summary>Temperature rounds per virtual patient and day (1..24), in the back-filled history and live.</summary>
    public int RoundsPerDay { get; set; } = 4;

    /// <summary>Back-filled records each unit replays per second (0 = unlimited), so history streams in within seconds.</summary>
    public int ReplayPerSecond { get; set; } = 50;

    /// <summary>Heartbeat interval of the virtual units; short so the technical view fills at once.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 10;
}
