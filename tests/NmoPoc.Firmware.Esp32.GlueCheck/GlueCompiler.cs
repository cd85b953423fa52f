using Microsoft.CodeAnalysis;
using NmoPoc.Tests.Shared;
using Microsoft.CodeAnalysis.CSharp;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>One C# source as the check sees it: a repository-relative path and its text.</summary>
internal sealed record Source(string Path, string Text)
{
    public static Source Read(string fullPath) => new(Repo.Relative(fullPath), File.ReadAllText(fullPath));
}

/// <summary>
/// Compiles the ESP32 glue, the linked core sources and the nanoFramework facade together, the way the nanoFramework
/// toolchain would compile the .nfproj: C# 9, nullable off, no implicit or global usings, an executable with a Main.
/// System.* types that .NET's base library also has (FileStream, Thread, AutoResetEvent, Debug, Encoding...) bind to
/// .NET's; the nanoFramework-only APIs bind to the facade.
/// </summary>
internal static class GlueCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp9, DocumentationMode.Parse);

    /// <summary>The sources the .nfproj builds plus the facade, as committed.</summary>
    public static (List<Source> Glue, List<Source> Core, List<Source> Facade) CommittedSources()
    {
        var project = NfProject.Load(Repo.NfProject);
        var coreDir = Repo.CoreDirectory + Path.DirectorySeparatorChar;
        var glue = project.Files.Where(f => !f.StartsWith(coreDir, StringComparison.Ordinal)).Select(Source.Read).ToList();
        var core = project.Files.Where(f => f.StartsWith(coreDir, StringComparison.Ordinal)).Select(Source.Read).ToList();
        var facade = Directory.GetFiles(Repo.FacadeDirectory, "*.cs").Order(StringComparer.Ordinal).Select(Source.Read).ToList();
        return (glue, core, facade);
    }

    public static CSharpCompilation Compile(IEnumerable<Source> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        return CSharpCompilation.Create(
            "NmoPoc.Firmware.Esp32",
            trees,
            FrameworkReferences.Get(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    // X509Certificate(byte[]) binds to .NET's, obsolete there since .NET 9; on nanoFramework it is the
                    // documented way to load a CA certificate (nanoFramework.System.Net), so the .NET-only warning is off.
                    ["SYSLIB0057"] = ReportDiagnostic.Suppress,
                }));
    }

    /// <summary>Errors and warnings, one line each: path(line,col): id: message.</summary>
    public static List<string> Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Id}: {d.GetMessage()}";
            })
            .ToList();
}
