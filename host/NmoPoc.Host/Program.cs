// NmoPoc host: `./run.sh` runs it; `./run.sh units add unit-0001` and friends administer it. See docs/host.md.
using NmoPoc.Host;
using NmoPoc.Host.Cli;

if (HostCli.Handles(args))
{
    return await HostCli.RunAsync(args, Console.Out, Console.Error);
}

// --demo also seeds a synthetic ward and runs its virtual units in-process (Demo/, docs/host.md "Demo mode").
var app = HostApp.Build(args);
try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A setting that cannot work: say which, in one line, and exit non-zero (the log above has the details).
    Console.Error.WriteLine("Configuration error: " + string.Join("; ", e.Failures));
    return 2;
}

return 0;
