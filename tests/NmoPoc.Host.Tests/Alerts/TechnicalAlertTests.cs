using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Formatter;
using NmoPoc.Host.Api;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>Unit conditions become technical alerts (separate class and endpoint), raised and cleared with audit.</summary>
public sealed class TechnicalAlertTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<List<AlertView>> TechnicalAsync(string unitId, bool all = false) =>
        _f.Host.GetAsync<List<AlertView>>($"/api/technical-alerts?unitId={unitId}&all={all.ToString().ToLowerInvariant()}");

    private async Task<AlertView> WaitForAsync(string unitId, string kind, string status)
    {
        AlertView? found = null;
        await Wait.UntilAsync(async () => (found = (await TechnicalAsync(unitId, all: true)).FirstOrDefault(a => a.Rule == kind && a.Status == status)) is not null,
            $"technical alert {kind} {status} on {unitId}");
        return found!;
    }

    [Fact]
    public async Task A_fault_message_raises_a_sensor_fault_that_a_good_reading_clears()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("fault");
        await _f.PublishAsync(unit, "faults", seq => Messages.Fault(unit, 1, seq, Day0, "leftHip"), Day0);
        var raised = await WaitForAsync(unit, "sensorFault:leftHip", "open");
        Assert.Equal(("technical", "technical", unit), (raised.Class, raised.Level, raised.UnitId));
        Assert.Contains("leftHip sensor fault (missing)", raised.Explanation);
        Assert.Empty(await _f.AlertsAsync(patient)); // never in the clinical list

        await _f.RoundAsync(unit, Day0.AddMinutes(30));
        await WaitForAsync(unit, "sensorFault:leftHip", "cleared");
        var audit = await _f.AuditAsync(raised.Id);
        Assert.Equal([("raised", null, "open"), ("cleared", "open", "cleared")], audit.Select(e => (e.Kind, e.FromStatus, e.ToStatus)).ToList());
        Assert.All(audit, e => Assert.Equal("unit-monitor", e.Actor));
    }

    [Fact]
    public async Task A_round_overdue_with_nothing_usable_from_the_assigned_unit_raises_a_stale_channel_that_a_usable_round_clears()
    {
        var (_, unit) = await _f.PatientWithUnitAsync("stale"); // assigned day 0 08:00 ward time; injury day 19: daily rounds
        await _f.RoundAsync(unit, Day0);

        // Day 1 noon: the next round is due today, not yet overdue; and the unit was not assigned all of yesterday.
        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(Day0.AddDays(1).AddHours(4)); return Task.CompletedTask; });
        Assert.DoesNotContain(await TechnicalAsync(unit), a => a.Rule.StartsWith("staleChannel", StringComparison.Ordinal));

        // Day 2 09:00 ward time: day 1 ended without a round; ROM sessions were never taken (nor entered by hand). The
        // unit is online (hourly heartbeats), so its channels are judged.
        await _f.PublishAsync(unit, "heartbeat", seq =>
        {
            var m = Messages.Heartbeat(unit, 1, seq, Day0.AddDays(2));
            m["intervalSeconds"] = 3600;
            return m;
        }, Day0.AddDays(2).AddMinutes(-1));
        var stale = await WaitForAsync(unit, "staleChannel:temperature", "open");
        Assert.Contains("no usable temperature round", stale.Explanation);
        Assert.Contains("overdue by 9 h", stale.Explanation);
        var rom = await WaitForAsync(unit, "staleChannel:goniometer", "open");
        Assert.Contains("8 ROM session(s)", rom.Explanation);

        // A round failing the quality gate (room at 15 °C) is not usable: still stale.
        await _f.PublishAsync(unit, "readings", seq =>
        {
            var m = Messages.Temperature(unit, 1, seq, Day0.AddDays(2).AddMinutes(2));
            m["ambientTempC"] = 15.0;
            return m;
        }, Day0.AddDays(2).AddMinutes(2));
        await _f.ScreenedAsync(unit);
        await _f.NextPassAsync(() => { _f.Clock.Advance(TimeSpan.FromSeconds(31)); return Task.CompletedTask; });
        Assert.Contains(await TechnicalAsync(unit), a => a.Rule == "staleChannel:temperature");

        await _f.RoundAsync(unit, Day0.AddDays(2).AddMinutes(5));
        await WaitForAsync(unit, "staleChannel:temperature", "cleared");
        Assert.Contains(await TechnicalAsync(unit), a => a.Rule == "staleChannel:goniometer");
    }

    [Fact]
    public async Task A_unit_still_replaying_its_outbox_or_offline_is_not_judged_on_stale_channels()
    {
        var (_, unit) = await _f.PatientWithUnitAsync("backlog");
        await _f.RoundAsync(unit, Day0);
        JsonObject Heartbeat(long seq, DateTimeOffset at, int depth)
        {
            var m = Messages.Heartbeat(unit, 1, seq, at);
            m["outboxDepth"] = depth;
            return m;
        }

        // Day 2 09:00 ward time: day 1's round is overdue, but the unit says 40 readings are still queued.
        var t = Day0.AddDays(2);
        await _f.PublishAsync(unit, "heartbeat", seq => Heartbeat(seq, t, 40), t.AddMinutes(-1));
        await _f.NextPassAsync(() => { _f.Clock.Advance(TimeSpan.FromSeconds(31)); return Task.CompletedTask; });
        Assert.DoesNotContain(await TechnicalAsync(unit), a => a.Rule.StartsWith("staleChannel", StringComparison.Ordinal) || a.Rule == "offline");

        // The outbox has drained and nothing usable came: now the channels are stale.
        await _f.PublishAsync(unit, "heartbeat", seq => Heartbeat(seq, _f.Clock.GetUtcNow(), 0), _f.Clock.GetUtcNow());
        var stale = await WaitForAsync(unit, "staleChannel:temperature", "open");

        // Offline (no heartbeat for three intervals): the offline alert speaks for the unit; the stale one is kept
        // as it was, neither cleared (nothing was measured) nor raised again.
        _f.Clock.Advance(TimeSpan.FromMinutes(4));
        await WaitForAsync(unit, "offline", "open");
        await _f.NextPassAsync(() => { _f.Clock.Advance(TimeSpan.FromSeconds(31)); return Task.CompletedTask; });
        Assert.Equal([("raised", "open")], (await _f.AuditAsync(stale.Id)).Select(e => (e.Kind, e.ToStatus)).ToList());
    }

    [Fact]
    public async Task The_last_will_raises_unit_offline()
    {
        const string u = "unit-will";
        var secret = await _f.Host.ProvisionAsync(u);
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _f.Host.MqttPort).WithClientId(u).WithCredentials(u, secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithWillTopic(Messages.Topic(u, "status")).WithWillPayload(Messages.Bytes(Messages.Status(u, 1, 0, Day0, "offline")))
            .WithWillRetain().WithWillQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await TestHost.PublishAsync(client, u, "status", Messages.Status(u, 1, 0, _f.Clock.GetUtcNow()), retain: true);
        await TestHost.PublishAsync(client, u, "heartbeat", Messages.Heartbeat(u, 1, 0, _f.Clock.GetUtcNow()));
        await Wait.UntilAsync(async () => (await _f.Host.GetAsync<NmoPoc.Host.Units.UnitView>($"/api/units/{u}")).Online, "unit online");
        await _f.NextPassAsync(() => { _f.Clock.Advance(TimeSpan.FromSeconds(31)); return Task.CompletedTask; }); // the 30 s check
        Assert.DoesNotContain(await TechnicalAsync(u), a => a.Rule == "offline");

        client.Dispose(); // unclean loss: the broker publishes the will
        var offline = await WaitForAsync(u, "offline", "open");
        Assert.Contains("lastWill", offline.Explanation);
        Assert.Equal("raised", Assert.Single(await _f.AuditAsync(offline.Id)).Kind);
    }

    [Fact]
    public async Task No_heartbeat_for_three_intervals_raises_offline_and_a_heartbeat_clears_it()
    {
        var (_, unit) = await _f.PatientWithUnitAsync("quiet");
        var t = _f.Clock.GetUtcNow();
        await _f.PublishAsync(unit, "heartbeat", seq => Messages.Heartbeat(unit, 1, seq, t), t.AddMinutes(-1));
        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(t.AddSeconds(179)); return Task.CompletedTask; });
        Assert.DoesNotContain(await TechnicalAsync(unit), a => a.Rule == "offline");

        // The check runs every 30 s (fake clock): offline shows within one check of the 180 s timeout.
        _f.Clock.SetUtcNow(t.AddSeconds(179 + 31));
        var offline = await WaitForAsync(unit, "offline", "open");
        Assert.Contains("heartbeatTimeout", offline.Explanation);

        var t2 = _f.Clock.GetUtcNow();
        await _f.PublishAsync(unit, "heartbeat", seq => Messages.Heartbeat(unit, 1, seq, t2), t2.AddMinutes(-1));
        await WaitForAsync(unit, "offline", "cleared");
    }

    [Fact]
    public async Task Calibration_due_and_low_battery_are_raised()
    {
        var (_, unit) = await _f.PatientWithUnitAsync("calib");
        await _f.PublishAsync(unit, "readings", seq =>
        {
            var m = Messages.Temperature(unit, 1, seq, Day0);
            m["calibrationAgeDays"] = 91;
            return m;
        }, Day0);
        var calibration = await WaitForAsync(unit, "calibrationExpired", "open");
        Assert.Contains("91 days", calibration.Explanation);

        var t = _f.Clock.GetUtcNow();
        await _f.PublishAsync(unit, "heartbeat", seq => Messages.Heartbeat(unit, 1, seq, t, batteryPct: 10), t.AddMinutes(-1));
        var battery = await WaitForAsync(unit, "lowBattery", "open");
        Assert.Contains("10 %", battery.Explanation);
    }
}
