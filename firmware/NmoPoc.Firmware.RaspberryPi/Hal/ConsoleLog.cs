using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>One line per entry on standard error, which systemd sends to the journal (<c>journalctl -u nmopoc-unit</c>).</summary>
public sealed class ConsoleLog(TextWriter output, LogLevel minimum) : ILog
{
    private readonly Lock _sync = new();

    public ConsoleLog()
        : this(Console.Error, LogLevel.Info)
    {
    }

    public void Write(LogLevel level, string source, string message)
    {
        if (level < minimum)
        {
            return;
        }

        // sd-daemon(3) priority prefixes let journald keep the level: <3> error, <4> warning, <6> info, <7> debug.
        var prefix = level switch
        {
            LogLevel.Error => "<3>",
            LogLevel.Warning => "<4>",
            LogLevel.Info => "<6>",
            _ => "<7>",
        };
        lock (_sync)
        {
            output.WriteLine($"{prefix}{source}: {message}");
        }
    }
}
