using System.Diagnostics;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>Log to the debugger / serial console (Visual Studio's or VS Code's output window while attached).</summary>
    public sealed class DebugLog : ILog
    {
        public void Write(LogLevel level, string source, string message)
        {
            Debug.WriteLine(LevelText(level) + " " + source + ": " + message);
        }

        /// <summary>nanoFramework cannot turn an enum into its name, so map it here.</summary>
        public static string LevelText(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Debug:
                    return "DBG";
                case LogLevel.Info:
                    return "INF";
                case LogLevel.Warning:
                    return "WRN";
                default:
                    return "ERR";
            }
        }
    }
}
