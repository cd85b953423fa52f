using System.Reflection;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>Paths of the committed sources the checks read.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Esp32Directory => PathOf("firmware/NmoPoc.Firmware.Esp32");

    public static string CoreDirectory => PathOf("firmware/NmoPoc.Firmware.Core");

    public static string FacadeDirectory => PathOf("tests/NmoPoc.Firmware.Esp32.GlueCheck/Facade");

    public static string NfProject => Path.Combine(Esp32Directory, "NmoPoc.Firmware.Esp32.nfproj");

    public static string PackagesConfig => Path.Combine(Esp32Directory, "packages.config");

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        var hint = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (var start in new[] { hint, AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NmoPoc.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No NmoPoc.sln above {hint} or {AppContext.BaseDirectory}.");
    }
}
