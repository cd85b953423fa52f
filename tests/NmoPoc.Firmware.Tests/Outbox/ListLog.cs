using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Tests.Outbox;

/// <summary>Keeps log lines so tests can prove something was logged (nothing dropped silently).</summary>
public sealed class ListLog : ILog
{
    public List<(LogLevel Level, string Source, string Message)> Entries { get; } = [];

    public void Write(LogLevel level, string source, string message) => Entries.Add((level, source, message));

    public IEnumerable<string> At(LogLevel level) => Entries.Where(e => e.Level == level).Select(e => e.Message);

    public int Count(LogLevel level, string containing) =>
        Entries.Count(e => e.Level == level && e.Message.Contains(containing, StringComparison.Ordinal));
}
