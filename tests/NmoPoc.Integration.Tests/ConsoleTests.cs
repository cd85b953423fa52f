using NmoPoc.Integration.Tests.Support;
using NmoPoc.VirtualUnit;

namespace NmoPoc.Integration.Tests;

/// <summary>The VirtualUnit console as a user types it: a bad flag prints usage to stderr and exits 2.</summary>
public class ConsoleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--scenario nope", "unknown scenario 'nope'")]
    [InlineData("--broker localhost", "--broker wants HOST:PORT")]
    [InlineData("--count 3", "--unit-prefix and --count go together")]
    [InlineData("--unit-id Bad_Id", "unit ID 'Bad_Id' must match")]
    [InlineData("--speed 0", "--speed wants a number")]
    [InlineData("--seed", "--seed needs a value")]
    public async Task BadFlagPrintsUsageAndExitsTwo(string args, string message)
    {
        using var process = new VirtualUnitProcess(args.Split(' '));
        Assert.Equal(2, await process.WaitForExitAsync(Patience));
        Assert.Contains(message, process.Stderr);
        Assert.Contains("usage: NmoPoc.VirtualUnit", process.Stderr);
        Assert.DoesNotContain("usage:", process.Stdout);
    }

    [Fact]
    public async Task HelpPrintsUsageAndExitsZero()
    {
        using var process = new VirtualUnitProcess("--help");
        Assert.Equal(0, await process.WaitForExitAsync(Patience));
        Assert.Contains("--backfill-days", process.Stdout);
    }

    [Fact]
    public void ManyUnitsGetNumberedIdsSeedsScenariosAndSecretsFromTheCredentialsFile()
    {
        string file = Path.GetTempFileName();
        File.WriteAllLines(file, ["# ward 3", "ward-0001=alpha", "ward-0002 = beta", "", "ward-0003=gamma"]);
        try
        {
            var parsed = CommandLine.Parse(["--unit-prefix", "ward", "--count", "3", "--credentials", file, "--scenario", "healthy,nho-left", "--seed", "10"]);
            Assert.Equal(["ward-0001", "ward-0002", "ward-0003"], parsed.Options.Units.Select(u => u.UnitId));
            Assert.Equal(["alpha", "beta", "gamma"], parsed.Options.Units.Select(u => u.Secret));
            Assert.Equal([10, 11, 12], parsed.Options.Units.Select(u => u.Seed));
            Assert.Equal(["healthy", "nho-left", "healthy"], parsed.Options.Units.Select(u => Firmware.Simulation.Patient.Scenarios.Name(u.Scenario)));

            File.WriteAllLines(file, ["ward-0001=alpha"]);
            var e = Assert.Throws<CommandLine.UsageException>(() => CommandLine.Parse(["--unit-prefix", "ward", "--count", "2", "--credentials", file]));
            Assert.Contains("no secret for ward-0002", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
