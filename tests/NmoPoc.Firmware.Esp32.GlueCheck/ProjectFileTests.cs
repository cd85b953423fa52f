using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>The .nfproj and packages.config: what nanoFramework would build, and from which packages.</summary>
public class ProjectFileTests
{
    private static readonly string[] RequiredPackages =
    [
        "nanoFramework.CoreLibrary", "nanoFramework.Hardware.Esp32", "nanoFramework.M2Mqtt", "nanoFramework.Runtime.Events",
        "nanoFramework.System.Collections", "nanoFramework.System.Device.Adc", "nanoFramework.System.Device.Gpio",
        "nanoFramework.System.Device.I2c", "nanoFramework.System.Device.Pwm", "nanoFramework.System.Device.Wifi",
        "nanoFramework.System.IO.FileSystem", "nanoFramework.System.Net", "nanoFramework.System.Text",
    ];

    [Fact]
    public void The_nfproj_includes_resolve_and_cover_every_glue_file()
    {
        var project = NfProject.Load(Repo.NfProject);
        var glueFiles = Directory.GetFiles(Repo.Esp32Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .ToList();

        Assert.Empty(project.Problems);
        var missing = glueFiles.Where(f => !project.Files.Contains(f)).Select(Repo.Relative).ToList();
        Assert.True(missing.Count == 0, "glue files the .nfproj does not compile (add a <Compile Include>):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_nfproj_links_every_core_source_folder()
    {
        var missing = MissingCoreFiles(NfProject.Load(Repo.NfProject));

        Assert.True(missing.Count == 0,
            "core sources the .nfproj does not link; add one line per folder, e.g. "
            + "<Compile Include=\"..\\NmoPoc.Firmware.Core\\Folder\\*.cs\"><Link>Core\\Folder\\%(Filename)%(Extension)</Link></Compile>:\n"
            + string.Join("\n", missing));
    }

    [Fact]
    public void A_core_folder_left_out_of_the_nfproj_is_reported()
    {
        var document = XDocument.Load(Repo.NfProject);
        var hal = document.Descendants().Single(e => e.Name.LocalName == "Compile" && (string?)e.Attribute("Include") == @"..\NmoPoc.Firmware.Core\Hal\*.cs");
        hal.Remove();

        var before = MissingCoreFiles(NfProject.Load(Repo.NfProject));
        var missing = MissingCoreFiles(NfProject.Parse(document, Repo.Esp32Directory)).Except(before).ToList();

        Assert.Contains("firmware/NmoPoc.Firmware.Core/Hal/II2cDevice.cs", missing);
        Assert.All(missing, m => Assert.StartsWith("firmware/NmoPoc.Firmware.Core/Hal/", m, StringComparison.Ordinal));
    }

    [Fact]
    public void The_nfproj_is_a_nanoFramework_project_in_CSharp_9()
    {
        var document = XDocument.Load(Repo.NfProject);
        string Property(string name) => document.Descendants().Single(e => e.Name.LocalName == name).Value;

        Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", Property("ProjectTypeGuids"), StringComparison.Ordinal);
        Assert.Equal("Exe", Property("OutputType"));
        Assert.Equal("9", Property("LangVersion"));
        Assert.Equal("v1.0", Property("TargetFrameworkVersion"));
    }

    [Fact]
    public void Packages_config_is_well_formed()
    {
        var problems = PackagesConfigProblems(XDocument.Load(Repo.PackagesConfig));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("1.17", "version '1.17'")]
    [InlineData("1.17.11-preview.3", "version '1.17.11-preview.3'")]
    public void A_malformed_package_version_is_reported(string version, string expected)
    {
        var document = XDocument.Load(Repo.PackagesConfig);
        document.Root!.Elements("package").First(e => (string?)e.Attribute("id") == "nanoFramework.CoreLibrary").SetAttributeValue("version", version);

        Assert.Contains(PackagesConfigProblems(document), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_or_missing_package_is_reported()
    {
        var document = XDocument.Load(Repo.PackagesConfig);
        var m2mqtt = document.Root!.Elements("package").First(e => (string?)e.Attribute("id") == "nanoFramework.M2Mqtt");
        m2mqtt.SetAttributeValue("id", "nanoFramework.System.Text");

        var problems = PackagesConfigProblems(document);

        Assert.Contains("nanoFramework.System.Text listed twice", problems);
        Assert.Contains("nanoFramework.M2Mqtt missing", problems);
    }

    [Fact]
    public void Every_nfproj_reference_comes_from_a_package_at_its_pinned_version()
    {
        var problems = ReferenceProblems(XDocument.Load(Repo.NfProject), XDocument.Load(Repo.PackagesConfig));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_reference_to_another_package_version_is_reported()
    {
        var packages = XDocument.Load(Repo.PackagesConfig);
        packages.Root!.Elements("package").First(e => (string?)e.Attribute("id") == "nanoFramework.System.Device.I2c").SetAttributeValue("version", "1.1.30");

        var problems = ReferenceProblems(XDocument.Load(Repo.NfProject), packages);

        Assert.Contains(problems, p => p.Contains(@"packages\nanoFramework.System.Device.I2c.1.1.29\", StringComparison.Ordinal));
        Assert.Contains("nanoFramework.System.Device.I2c 1.1.30: no <Reference> uses it", problems);
    }

    internal static List<string> MissingCoreFiles(NfProject project) =>
        Directory.GetFiles(Repo.CoreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !project.Files.Contains(f))
            .Select(Repo.Relative)
            .Order(StringComparer.Ordinal)
            .ToList();

    internal static List<string> PackagesConfigProblems(XDocument document)
    {
        var problems = new List<string>();
        if (document.Root?.Name.LocalName != "packages")
        {
            return ["root element must be <packages>"];
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in document.Root.Elements())
        {
            var id = (string?)package.Attribute("id") ?? "";
            var version = (string?)package.Attribute("version") ?? "";
            if (package.Name.LocalName != "package")
            {
                problems.Add($"unexpected element <{package.Name.LocalName}>");
                continue;
            }

            if (!Regex.IsMatch(id, @"^nanoFramework(\.[A-Z][A-Za-z0-9]*)+$"))
            {
                problems.Add($"id '{id}' is not a nanoFramework package id");
            }

            // Stable releases only: nanoFramework previews track firmware previews.
            if (!Regex.IsMatch(version, @"^[0-9]+\.[0-9]+\.[0-9]+$"))
            {
                problems.Add($"{id}: version '{version}' must be MAJOR.MINOR.PATCH");
            }

            if ((string?)package.Attribute("targetFramework") != "netnano1.0")
            {
                problems.Add($"{id}: targetFramework must be netnano1.0");
            }

            if (!seen.Add(id))
            {
                problems.Add($"{id} listed twice");
            }
        }

        problems.AddRange(RequiredPackages.Where(r => !seen.Contains(r)).Select(r => $"{r} missing"));
        return problems;
    }

    internal static List<string> ReferenceProblems(XDocument project, XDocument packages)
    {
        var pinned = packages.Root!.Elements("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        var usedPackages = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var reference in project.Descendants().Where(e => e.Name.LocalName == "Reference"))
        {
            var include = (string?)reference.Attribute("Include");
            var hint = reference.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value ?? "";
            var match = pinned.FirstOrDefault(p => hint == $@"packages\{p.Key}.{p.Value}\lib\{include}.dll");
            if (match.Key is null)
            {
                problems.Add($"<Reference Include=\"{include}\"> HintPath '{hint}' is not packages\\<id>.<pinned version>\\lib\\{include}.dll of a package in packages.config");
            }
            else
            {
                usedPackages.Add(match.Key);
            }
        }

        problems.AddRange(pinned.Where(p => !usedPackages.Contains(p.Key)).Select(p => $"{p.Key} {p.Value}: no <Reference> uses it"));
        return problems;
    }

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
