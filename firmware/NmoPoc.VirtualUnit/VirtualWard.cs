namespace NmoPoc.VirtualUnit;

/// <summary>
/// Many virtual units in one process (a ward, a load test, the host's demo mode):
/// <c>await new VirtualWard(options).StartAsync(ct)</c>, later <c>StopAsync()</c>.
/// </summary>
public sealed class VirtualWard(VirtualWardOptions options) : IAsyncDisposable
{
    private readonly List<VirtualUnitRunner> _units = [];

    public VirtualWardOptions Options { get; } = options;

    public IReadOnlyList<VirtualUnitRunner> Units => _units;

    /// <summary>Back-fills (if asked) and connects every unit; returns when all run live.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (Options.Units.Count == 0)
        {
            throw new ArgumentException("a virtual ward needs at least one unit");
        }

        Directory.CreateDirectory(Options.DataDirectory);
        var runners = Options.Units.Select(spec => new VirtualUnitRunner(spec, Options)).ToList();
        _units.AddRange(runners);

        // Back-fill is CPU work: spread it over the cores, not one thread per unit.
        await Parallel.ForEachAsync(runners, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (runner, _) => await runner.StartAsync(ct));
    }

    /// <summary>Planned shutdown of every unit (offline status, clean disconnect).</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(_units.Select(u => u.StopAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var unit in _units)
        {
            await unit.DisposeAsync();
        }
    }
}
