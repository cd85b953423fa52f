namespace NmoPoc.Hardware;

/// <summary>Finds files relative to the repository root (the folder holding NmoPoc.sln).</summary>
public static class RepoPaths
{
    public const string SvgRelativePath = "hardware/wiring.svg";
    public const string BomRelativePath = "hardware/bom.csv";
    public const string RegenerateSvgCommand = "dotnet run --project hardware/NmoPoc.Hardware -- svg";

    public static string FindRoot(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory());
        for (; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NmoPoc.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException(
            $"No NmoPoc.sln in {start ?? Directory.GetCurrentDirectory()} or any parent; run from inside the repository.");
    }

    public static string Resolve(string relativePath, string? start = null) =>
        Path.Combine(FindRoot(start), relativePath.Replace('/', Path.DirectorySeparatorChar));
}
