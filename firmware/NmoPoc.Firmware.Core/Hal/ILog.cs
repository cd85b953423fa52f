namespace NmoPoc.Firmware.Hal
{
    public enum LogLevel
    {
        Debug = 0,
        Info = 1,
        Warning = 2,
        Error = 3,
    }

    /// <summary>Log sink. Not for the sampling hot path: building a message allocates.</summary>
    public interface ILog
    {
        void Write(LogLevel level, string source, string message);
    }
}
