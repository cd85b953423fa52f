using System.Xml.Linq;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>
/// What the ESP32 .nfproj compiles, read the way MSBuild would for the forms it uses: plain file includes and
/// one-folder wildcards (<c>dir\*.cs</c>, not recursive).
/// </summary>
internal sealed class NfProject
{
    private NfProject(IReadOnlyList<string> includes, IReadOnlyList<string> files, IReadOnlyList<string> problems)
    {
        Includes = includes;
        Files = files;
        Problems = problems;
    }

    /// <summary>The raw Compile Include values, as written.</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>Full paths of every file compiled, sorted.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Includes that match nothing or use a form this reader (and the check) does not support.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static NfProject Load(string path) => Parse(XDocument.Load(path), Path.GetDirectoryName(path)!);

    public static NfProject Parse(XDocument project, string projectDirectory)
    {
        var includes = project.Descendants().Where(e => e.Name.LocalName == "Compile")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var include in includes)
        {
            var relative = include.Replace('\\', Path.DirectorySeparatorChar);
            var full = Path.GetFullPath(Path.Combine(projectDirectory, relative));
            var name = Path.GetFileName(full);
            if (name == "*.cs")
            {
                var dir = Path.GetDirectoryName(full)!;
                var matched = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.cs", SearchOption.TopDirectoryOnly) : [];
                if (matched.Length == 0)
                {
                    problems.Add($"'{include}' matches no file");
                }

                files.UnionWith(matched);
            }
            else if (full.Contains('*') || full.Contains('?'))
            {
                problems.Add($"'{include}': only 'folder\\*.cs' wildcards are supported");
            }
            else if (!File.Exists(full))
            {
                problems.Add($"'{include}' does not exist");
            }
            else
            {
                files.Add(full);
            }
        }

        return new NfProject(includes, files.ToList(), problems);
    }
}
