using System.Diagnostics;
using NmoPoc.Integration.Tests.Support;

namespace NmoPoc.Integration.Tests;

/// <summary>
/// The virtual unit (the console, as a process) against Mosquitto, a broker we did not write: started by the test on
/// a free loopback port with password authentication only. test.sh installs the Debian package.
/// </summary>
public sealed class MosquittoTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly string _dir = Directory.CreateTempSubdirectory("nmopoc-mosquitto-").FullName;
    private Process? _mosquitto;

    public async Task InitializeAsync()
    {
        string passwd = Path.Combine(_dir, "passwd");
        await RunAsync("mosquitto_passwd", "-b", "-c", passwd, "unit-0001", "s3cret-unit");
        await RunAsync("mosquitto_passwd", "-b", passwd, "host", "s3cret-host");
        File.WriteAllLines(Path.Combine(_dir, "units.txt"), ["unit-0001=s3cret-unit", "unit-0002=wrong-secret"]);
        string config = Path.Combine(_dir, "mosquitto.conf");
        File.WriteAllLines(config,
        [
            $"listener {_port} 127.0.0.1",
            "allow_anonymous false",
            $"password_file {passwd}",
            "persistence false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",

            // Running as root, mosquitto would drop to its own user, who cannot read this private temp directory.
            .. Environment.UserName == "root" ? ["user root"] : Array.Empty<string>(),
        ]);
        _mosquitto = Process.Start(new ProcessStartInfo("mosquitto") { ArgumentList = { "-c", config }, RedirectStandardError = true, RedirectStandardOutput = true })!;
        _mosquitto.ErrorDataReceived += (_, e) => Log("mosquitto: " + e.Data);
        _mosquitto.BeginErrorReadLine();
        Assert.True(await FreePort.WaitListeningAsync(_port, Patience), $"mosquitto did not listen on {_port}");
    }

    public async Task DisposeAsync()
    {
        if (_mosquitto is { HasExited: false })
        {
            _mosquitto.Kill();
            await _mosquitto.WaitForExitAsync();
        }

        _mosquitto?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task UnitAuthenticatesPublishesAndTheBrokerSendsItsWillWhenTheConnectionDies()
    {
        await using var subscriber = new TestSubscriber(_port, "nmopoc/v1/units/unit-0001/#", "host", "s3cret-host");
        subscriber.Start();
        await Eventually.WaitAsync(() => subscriber.Subscriptions >= 1, Patience, "host subscribed");

        using var unit = new VirtualUnitProcess("--broker", $"127.0.0.1:{_port}", "--unit-id", "unit-0001", "--credentials", Path.Combine(_dir, "units.txt"),
            "--speed", "20000", "--rounds-per-day", "24", "--data-dir", Path.Combine(_dir, "data"));
        try
        {
            await Eventually.WaitAsync(() => subscriber.Records.Count() >= 5, Patience, "5 readings through mosquitto");
        }
        finally
        {
            output.WriteLine(unit.Stderr);
        }

        var online = subscriber.Messages.First(m => m.Type == "status");
        Assert.Equal("online", online.Json.GetProperty("state").GetString());
        Assert.Equal("nmopoc/v1/units/unit-0001/status", online.Topic);
        var records = subscriber.Records.ToList();
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Seq).Distinct().Order());
        Assert.All(subscriber.Messages, m => Assert.Empty(Schema.Check(m.Payload)));

        // Power cut: the process dies, the socket closes without DISCONNECT, mosquitto publishes the will.
        int before = subscriber.Messages.Count;
        unit.Kill();
        await Eventually.WaitAsync(() => subscriber.Messages.Skip(before).Any(m => m.Type == "status"), Patience, "the last will");
        var will = subscriber.Messages.Skip(before).First(m => m.Type == "status");
        Assert.Equal("offline", will.Json.GetProperty("state").GetString());
        Assert.Equal(online.Boot, will.Boot);
        Assert.Empty(Schema.Check(will.Payload));

        // Retained: a subscriber arriving now learns at once that the unit is offline.
        await using var late = new TestSubscriber(_port, "nmopoc/v1/units/unit-0001/status", "host", "s3cret-host");
        late.Start();
        await Eventually.WaitAsync(() => !late.Messages.IsEmpty, Patience, "retained status");
        Assert.True(late.Messages.First().Retained);
        Assert.Equal("offline", late.Messages.First().Json.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AWrongSecretIsRefusedAndNothingIsPublished()
    {
        await using var subscriber = new TestSubscriber(_port, "nmopoc/v1/units/#", "host", "s3cret-host");
        subscriber.Start();
        await Eventually.WaitAsync(() => subscriber.Subscriptions >= 1, Patience, "host subscribed");

        using var unit = new VirtualUnitProcess("--broker", $"127.0.0.1:{_port}", "--unit-id", "unit-0002", "--credentials", Path.Combine(_dir, "units.txt"),
            "--speed", "20000", "--rounds-per-day", "24", "--data-dir", Path.Combine(_dir, "data"));
        await Eventually.WaitAsync(() => unit.Stderr.Contains("refused connect"), Patience, "the refusal in the unit's log");
        unit.Kill();
        output.WriteLine(unit.Stderr);
        Assert.Empty(subscriber.Messages);
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test already finished.
            }
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        using var cts = new CancellationTokenSource(Patience);
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await p.StandardError.ReadToEndAsync()}");
    }
}
