using NmoPoc.Hardware;
using NmoPoc.Hardware.Bom;
using NmoPoc.Hardware.Model;
using NmoPoc.Hardware.PinMaps;
using NmoPoc.Hardware.Rendering;
using NmoPoc.Hardware.Validation;

// Verbs (run from anywhere inside the repository):
//   dotnet run --project hardware/NmoPoc.Hardware -- validate        check wiring.json and bom.csv
//   dotnet run --project hardware/NmoPoc.Hardware -- svg             regenerate hardware/wiring.svg
//   dotnet run --project hardware/NmoPoc.Hardware -- svg --check     exit 1 if wiring.svg is stale
//   dotnet run --project hardware/NmoPoc.Hardware -- pinmap esp32    print the pin map wiring.json implies (esp32|rpi)
const string Usage = "usage: NmoPoc.Hardware validate | svg [--check] | pinmap esp32|rpi";

try
{
    var root = RepoPaths.FindRoot();
    var wiringPath = Path.Combine(root, WiringFile.RelativePath);
    var doc = WiringFile.Load(wiringPath);

    switch (args)
    {
        case ["validate"]:
        {
            var issues = WiringValidator.Validate(doc);
            var bomProblems = BomCheck.Check(doc, BomFile.Load(Path.Combine(root, RepoPaths.BomRelativePath)));
            foreach (var issue in issues)
            {
                Console.Error.WriteLine($"wiring: {issue}");
            }
            foreach (var problem in bomProblems)
            {
                Console.Error.WriteLine($"bom: {problem}");
            }
            Console.WriteLine($"{WiringFile.RelativePath}: {issues.Count} issue(s); {RepoPaths.BomRelativePath}: {bomProblems.Count} problem(s).");
            return issues.Count + bomProblems.Count == 0 ? 0 : 1;
        }
        case ["svg", .. var rest] when rest.Length == 0 || rest is ["--check"]:
        {
            var issues = WiringValidator.Validate(doc);
            if (issues.Count > 0)
            {
                // A diagram of invalid wiring would look authoritative; refuse instead.
                foreach (var issue in issues)
                {
                    Console.Error.WriteLine($"wiring: {issue}");
                }
                Console.Error.WriteLine("Not drawing an invalid wiring; fix the issues above first.");
                return 1;
            }
            var svgPath = Path.Combine(root, RepoPaths.SvgRelativePath);
            var svg = WiringSvgRenderer.Render(doc);
            if (rest.Length == 1)
            {
                // A checkout that converted line ends still holds the same diagram.
                var current = File.Exists(svgPath) ? File.ReadAllText(svgPath).ReplaceLineEndings("\n") : "";
                var fresh = current == svg;
                Console.WriteLine(fresh ? $"{RepoPaths.SvgRelativePath} is up to date." : $"{RepoPaths.SvgRelativePath} is stale; run `{RepoPaths.RegenerateSvgCommand}`.");
                return fresh ? 0 : 1;
            }
            File.WriteAllText(svgPath, svg);
            Console.WriteLine($"Wrote {RepoPaths.SvgRelativePath} ({svg.Length} characters).");
            return 0;
        }
        case ["pinmap", var target] when TargetIds.IsKnown(target):
            Console.Write(PinMapExpectation.RenderSource(doc, target));
            return 0;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is WiringLoadException or BomFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
