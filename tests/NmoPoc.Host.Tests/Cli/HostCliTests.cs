using System.Text.RegularExpressions;
using NmoPoc.Host.Cli;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Cli;

public sealed class HostCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await HostCli.RunAsync([.. args, $"--NmoPoc:DataDirectory={_dir.Path}"], o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Units_add_list_revoke()
    {
        var add = await RunAsync("units", "add", "unit-0001");
        Assert.Equal(0, add.Exit);
        var secret = Regex.Match(add.Out, "^secret: (\\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.True(secret.Length >= 40);

        Assert.Equal(1, (await RunAsync("units", "add", "unit-0001")).Exit);
        Assert.Equal(2, (await RunAsync("units", "add", "Unit_1")).Exit);
        Assert.Equal(0, (await RunAsync("units", "add", "unit-0002")).Exit);

        var list = await RunAsync("units", "list");
        Assert.Matches("unit-0001\\t.*\\tactive", list.Out);
        Assert.Equal(0, (await RunAsync("units", "revoke", "unit-0001")).Exit);
        Assert.Equal(1, (await RunAsync("units", "revoke", "unit-0001")).Exit);
        list = await RunAsync("units", "list");
        Assert.Matches("unit-0001\\t.*\\trevoked", list.Out);
        Assert.Matches("unit-0002\\t.*\\tactive", list.Out);

        // The secret itself is never stored.
        var db = await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "nmopoc.db"));
        Assert.DoesNotContain(secret, System.Text.Encoding.ASCII.GetString(db));
    }

    [Fact]
    public async Task Unknown_verbs_fail_with_usage()
    {
        var r = await RunAsync("units", "frobnicate");
        Assert.Equal(2, r.Exit);
        Assert.Contains("usage:", r.Err);
    }
}
