namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>Finds the worktree root (the folder holding NmoPoc.sln) from wherever the test assembly runs.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string CoreDirectory => Path.Combine(Root, "firmware", "NmoPoc.Firmware.Core");

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NmoPoc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NmoPoc.sln above {AppContext.BaseDirectory}.");
    }
}
