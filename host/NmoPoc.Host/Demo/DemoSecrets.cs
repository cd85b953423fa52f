using NmoPoc.VirtualUnit;

namespace NmoPoc.Host.Demo;

/// <summary>
/// The demo units' MQTT secrets, kept only where the in-process virtual ward needs them: one file in the data
/// directory, owner read/write only (0600), lines <c>unitId=secret</c> (the virtual unit console's credentials format).
/// </summary>
public static class DemoSecrets
{
    public static Dictionary<string, string> Read(string path) =>
        File.Exists(path) ? CommandLine.ReadCredentials(path) : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Appends one secret and flushes to disk before the caller relies on it.</summary>
    public static void Append(string path, string unitId, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            if (stream.Length == 0)
            {
                writer.WriteLine("# NmoPoc demo units: MQTT secrets for the in-process virtual ward. Synthetic, demo only.");
            }

            writer.WriteLine($"{unitId}={secret}");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // A file created by an older run or copied in keeps whatever mode it had: tighten it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
