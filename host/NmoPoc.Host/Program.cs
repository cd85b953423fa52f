// NmoPoc host: `./run.sh` runs it; `./run.sh units add unit-0001` and friends administer it. See docs/host.md.
using NmoPoc.Host;
using NmoPoc.Host.Cli;

if (HostCli.Handles(args))
{
    return await HostCli.RunAsync(args, Console.Out, Console.Error);
}

// --demo will also start a virtual ward (another helper's work); accepted now so run.sh can pass it through.
var demo = args.Contains("--demo");
var app = HostApp.Build(args.Where(a => a != "--demo").ToArray());
if (demo)
{
    app.Logger.LogWarning("--demo: the virtual ward is not part of this build yet; running the host only");
}

await app.RunAsync();
return 0;
