using NmoPoc.VirtualUnit;

CommandLine.Parsed parsed;
try
{
    parsed = CommandLine.Parse(args);
}
catch (CommandLine.UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (parsed.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
if (parsed.Duration is { } duration)
{
    stop.CancelAfter(duration);
}

var options = parsed.Options;
await using var ward = new VirtualWard(options);
try
{
    await ward.StartAsync(stop.Token);
    Console.Error.WriteLine($"virtual ward: {options.Units.Count} unit(s) -> {options.BrokerHost}:{options.BrokerPort}, data in {Path.GetFullPath(options.DataDirectory)}; Ctrl+C stops");
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
catch (Exception e) when (e is IOException or ArgumentException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

await ward.StopAsync();
return 0;
