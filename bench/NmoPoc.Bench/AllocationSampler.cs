using System.Diagnostics.Tracing;

namespace NmoPoc.Bench;

/// <summary>
/// Counts the runtime's allocation samples (one event about every 100 KB allocated) by type while it is alive:
/// a cheap picture of which types a path allocates most, without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _samples = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null)
        {
            return;
        }

        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        lock (_samples)
        {
            _samples[type] = _samples.GetValueOrDefault(type) + 1;
        }
    }

    public void Print(TextWriter to, int top)
    {
        lock (_samples)
        {
            to.WriteLine($"      allocation samples (about 100 KB each), top {top}:");
            foreach (var (type, n) in _samples.OrderByDescending(x => x.Value).Take(top))
            {
                to.WriteLine($"        {n,6}  {type}");
            }
        }
    }
}
