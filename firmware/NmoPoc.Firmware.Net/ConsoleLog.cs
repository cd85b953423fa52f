using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Net;

/// <summary>
/// <see cref="ILog"/> to a text writer (stderr by default), one line per message with UTC time, level, an optional
/// prefix (the unit ID when many units share a process) and source. Thread-safe.
/// </summary>
public sealed class ConsoleLog(LogLevel minimum = LogLevel.Info, string? prefix = null, TextWriter? writer = null) : ILog
{
    private static readonly object Sync = new();
    private readonly TextWriter _writer = writer ?? Console.Error;

    public LogLevel Minimum { get; } = minimum;

    public void Write(LogLevel level, string source, string message)
    {
        if (level < Minimum)
        {
            return;
        }

        string name = level switch
        {
            LogLevel.Debug => "dbug",
            LogLevel.Info => "info",
            LogLevel.Warning => "warn",
            _ => "fail",
        };
        string line = prefix is null
            ? $"{DateTime.UtcNow:HH:mm:ss.fff} {name} {source}: {message}"
            : $"{DateTime.UtcNow:HH:mm:ss.fff} {name} [{prefix}] {source}: {message}";
        lock (Sync)
        {
            _writer.WriteLine(line);
        }
    }
}
