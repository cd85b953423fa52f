using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NmoPoc.Firmware.Esp32.GlueCheck;

/// <summary>The ESP32 glue type-checks against the nanoFramework facade; and the check can fail.</summary>
public class GlueCheckTests
{
    [Fact]
    public void Glue_and_core_compile_against_the_facade_without_errors_or_warnings()
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();

        // Guard against checking nothing.
        Assert.Contains(glue, s => s.Path.EndsWith("Program.cs", StringComparison.Ordinal));
        Assert.Contains(glue, s => s.Path.EndsWith("Hal/NanoI2cDevice.cs", StringComparison.Ordinal));
        Assert.Contains(core, s => s.Path.EndsWith("Hal/II2cDevice.cs", StringComparison.Ordinal));

        var problems = GlueCompiler.Problems(GlueCompiler.Compile([.. glue, .. core, .. facade]));

        Assert.True(problems.Count == 0,
            $"{problems.Count} problem(s) compiling {glue.Count} glue + {core.Count} core files against {facade.Count} facade files:\n"
            + string.Join("\n", problems));
    }

    [Fact]
    public void A_renamed_facade_member_fails_the_check()
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();
        var mutated = Replace(facade, "nanoFramework.Hardware.Esp32.cs", "public static void SetPinFunction(", "public static void SetPinFunctionRenamed(");

        var problems = GlueCompiler.Problems(GlueCompiler.Compile([.. glue, .. core, .. mutated]));

        Assert.Contains(problems, p => p.Contains("CS0117", StringComparison.Ordinal) && p.Contains("SetPinFunction", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_argument_type_in_the_glue_fails_the_check()
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();
        // nanoFramework takes an I2cBusSpeed, not a clock in Hz.
        var mutated = Replace(glue, "Hal/NanoI2cDevice.cs", "new I2cConnectionSettings(busId, address, SpeedFor(busClockHz))", "new I2cConnectionSettings(busId, address, busClockHz)");

        var problems = GlueCompiler.Problems(GlueCompiler.Compile([.. mutated, .. core, .. facade]));

        var problem = Assert.Single(problems);
        Assert.Contains("NanoI2cDevice.cs", problem, StringComparison.Ordinal);
        Assert.Contains("CS1503", problem, StringComparison.Ordinal);
    }

    [Theory]
    // .NET IoT's Span<byte> overloads do not exist on nanoFramework 1.x.
    [InlineData("System.Device.I2c.I2cDevice d = null; d.Write(new System.Span<byte>(new byte[1]));", "CS1503")]
    // A member that nanoFramework's I2cDevice has but the facade leaves out is still an error: add it to the facade first.
    [InlineData("System.Device.I2c.I2cDevice d = null; d.WriteByte(1);", "CS1061")]
    // Typo in a nanoFramework type name.
    [InlineData("var c = new System.Device.Gpio.GpioControler();", "CS0234")]
    public void A_glue_snippet_with_a_wrong_call_fails_the_check(string statement, string expectedId)
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();
        var snippet = new Source("firmware/NmoPoc.Firmware.Esp32/Snippet.cs",
            "namespace NmoPoc.Firmware.Esp32 { internal static class Snippet { internal static void Run() { " + statement + " } } }");

        var problems = GlueCompiler.Problems(GlueCompiler.Compile([.. glue, snippet, .. core, .. facade]));

        Assert.Contains(problems, p => p.StartsWith("firmware/NmoPoc.Firmware.Esp32/Snippet.cs", StringComparison.Ordinal) && p.Contains(expectedId, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_facade_file_says_it_is_a_facade()
    {
        var (_, _, facade) = GlueCompiler.CommittedSources();
        Assert.NotEmpty(facade);
        foreach (var file in facade)
        {
            Assert.True(
                file.Text.StartsWith("// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API", StringComparison.Ordinal),
                $"{file.Path} must start with the facade header");
        }
    }

    [Fact]
    public void Facade_bodies_only_throw_NotImplementedException()
    {
        var (_, _, facade) = GlueCompiler.CommittedSources();
        var wrong = new List<string>();
        foreach (var file in facade)
        {
            var root = CSharpSyntaxTree.ParseText(file.Text, GlueCompiler.ParseOptions).GetRoot();
            foreach (var body in root.DescendantNodes().OfType<BlockSyntax>().Where(b => b.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax))
            {
                var only = body.Statements.Count == 1 ? body.Statements[0] as ThrowStatementSyntax : null;
                if (only?.Expression is not ObjectCreationExpressionSyntax { Type: var type } || type.ToString() != "NotImplementedException")
                {
                    wrong.Add($"{file.Path}:{body.GetLocation().GetLineSpan().StartLinePosition.Line + 1}");
                }
            }

            if (root.DescendantNodes().OfType<ArrowExpressionClauseSyntax>().Any())
            {
                wrong.Add($"{file.Path}: expression-bodied member");
            }
        }

        Assert.True(wrong.Count == 0, "facade bodies must be `throw new NotImplementedException();`:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_facade_declares_only_what_the_glue_uses()
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();
        var compilation = GlueCompiler.Compile([.. glue, .. core, .. facade]);

        var unused = FacadeUsage.Unused(compilation, facade.Select(f => f.Path).ToHashSet(StringComparer.Ordinal));

        Assert.True(unused.Count == 0, "facade members nothing in the glue uses (remove them):\n" + string.Join("\n", unused));
    }

    [Fact]
    public void An_unused_facade_member_is_reported()
    {
        var (glue, core, facade) = GlueCompiler.CommittedSources();
        var mutated = Replace(facade, "System.Device.Pwm.cs", "public void Stop()", "public void Pause() { throw new NotImplementedException(); }\n\n        public void Stop()");
        var compilation = GlueCompiler.Compile([.. glue, .. core, .. mutated]);

        var unused = FacadeUsage.Unused(compilation, mutated.Select(f => f.Path).ToHashSet(StringComparer.Ordinal));

        Assert.Equal(["System.Device.Pwm.PwmChannel.Pause()"], unused);
    }

    private static List<Source> Replace(List<Source> sources, string pathSuffix, string from, string to)
    {
        var target = Assert.Single(sources, s => s.Path.EndsWith(pathSuffix, StringComparison.Ordinal));
        Assert.Contains(from, target.Text, StringComparison.Ordinal);
        return sources.Select(s => s == target ? s with { Text = s.Text.Replace(from, to, StringComparison.Ordinal) } : s).ToList();
    }
}
