using System.Net;
using System.Net.Http.Json;
using System.Text;
using CsCheck;
using MQTTnet;
using MQTTnet.Formatter;
using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>The real host in-process: MQTTnet clients over TCP on loopback, SQLite in a temp dir, the REST API over HTTP.</summary>
public sealed class IngestEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = Messages.T0;
    private readonly TempDir _dir = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<Patient> AddPatientAsync(string pseudonym)
    {
        var r = await _host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput(pseudonym, "Patient " + pseudonym, new DateOnly(2026, 2, 10), InjuryType.SciComplete, [RiskFactor.Uti]), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<Patient>(TestHost.Json))!;
    }

    private async Task<HttpResponseMessage> AssignAsync(string unitId, long patientId, DateTimeOffset start, DateTimeOffset? end = null) =>
        await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput(unitId, patientId, null, start, end), TestHost.Json);

    [Fact]
    public async Task Readings_are_attributed_to_the_patient_assigned_at_measurement_time()
    {
        var secret = await _host.ProvisionAsync("unit-0001");
        var alice = await AddPatientAsync("p-alice");
        var bob = await AddPatientAsync("p-bob");
        Assert.Equal(HttpStatusCode.Created, (await AssignAsync("unit-0001", alice.Id, T0, T0.AddDays(3))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AssignAsync("unit-0001", bob.Id, T0.AddDays(3))).StatusCode);
        var overlap = await AssignAsync("unit-0001", alice.Id, T0.AddDays(5));
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        Assert.Equal("application/problem+json", overlap.Content.Headers.ContentType?.MediaType);

        using var unit = await _host.ConnectAsync("unit-0001", secret);
        await TestHost.PublishAsync(unit, "unit-0001", "readings", Messages.Temperature("unit-0001", 1, 1, T0.AddHours(2)));
        await TestHost.PublishAsync(unit, "unit-0001", "readings", Messages.Rom("unit-0001", 1, 2, T0.AddDays(4)));
        // Late: arrives after bob's readings, measured during alice's stay, replayed from the outbox.
        await TestHost.PublishAsync(unit, "unit-0001", "readings", Messages.Temperature("unit-0001", 1, 3, T0.AddDays(1), historical: true));
        await TestHost.PublishAsync(unit, "unit-0001", "faults", Messages.Fault("unit-0001", 1, 4, T0.AddDays(4).AddHours(1)));

        // PUBACK means committed: no waiting needed before querying.
        var aliceReadings = await _host.ReadingsOfPatientAsync(alice.Id);
        Assert.Equal([1L, 3], aliceReadings.Select(r => r.Seq));
        Assert.True(aliceReadings[1].Historical);
        Assert.Equal(T0.AddDays(1), aliceReadings[1].MeasuredAt);
        Assert.True(aliceReadings[1].ReceivedAt > aliceReadings[1].MeasuredAt);
        Assert.Equal(33.1, aliceReadings[0].Payload.GetProperty("leftTempC").GetDouble());
        var bobReadings = await _host.ReadingsOfPatientAsync(bob.Id);
        Assert.Equal([("romSession", 2L), ("fault", 4L)], bobReadings.Select(r => (r.Type, r.Seq)));
        Assert.All(bobReadings, r => Assert.Equal(bob.Id, r.PatientId));
        Assert.Single(await _host.GetAsync<List<ReadingView>>($"/api/patients/{bob.Id}/readings?type=fault"));
    }

    [Fact]
    public async Task Unassigned_readings_are_kept_and_a_back_dated_assignment_attributes_them()
    {
        var secret = await _host.ProvisionAsync("unit-0002");
        using var unit = await _host.ConnectAsync("unit-0002", secret);
        for (var seq = 1; seq <= 3; seq++)
        {
            await TestHost.PublishAsync(unit, "unit-0002", "readings", Messages.Temperature("unit-0002", 1, seq, T0.AddHours(seq)));
        }

        var unassigned = await _host.GetAsync<List<ReadingView>>("/api/readings/unassigned?unitId=unit-0002");
        Assert.Equal(3, unassigned.Count);
        Assert.All(unassigned, r => Assert.Null(r.PatientId));

        var carol = await AddPatientAsync("p-carol");
        Assert.Equal(HttpStatusCode.Created, (await AssignAsync("unit-0002", carol.Id, T0.AddHours(2))).StatusCode);
        Assert.Equal([2L, 3], (await _host.ReadingsOfPatientAsync(carol.Id)).Select(r => r.Seq));
        Assert.Equal([1L], (await _host.GetAsync<List<ReadingView>>("/api/readings/unassigned?unitId=unit-0002")).Select(r => r.Seq));
    }

    [Fact]
    public async Task Replays_are_acknowledged_and_counted_as_duplicates_not_stored_twice()
    {
        var secret = await _host.ProvisionAsync("unit-0003");
        using var unit = await _host.ConnectAsync("unit-0003", secret);
        var live = Messages.Temperature("unit-0003", 1, 1, T0);
        Assert.True((await TestHost.PublishAsync(unit, "unit-0003", "readings", live)).IsSuccess);
        for (var i = 0; i < 3; i++)
        {
            var r = await TestHost.PublishAsync(unit, "unit-0003", "readings", Messages.Temperature("unit-0003", 1, 1, T0, historical: true));
            Assert.True(r.IsSuccess);
        }

        var stats = await _host.StatsAsync();
        Assert.Equal(3, TestHost.Counter(stats, "duplicates"));
        Assert.Equal(1, TestHost.Counter(stats, "accepted"));
        Assert.Single(await _host.GetAsync<List<ReadingView>>("/api/units/unit-0003/readings"));
    }

    [Fact]
    public async Task Bad_payloads_get_a_puback_with_a_reason_are_kept_and_counted_and_the_broker_keeps_serving()
    {
        const string u = "unit-0004";
        var secret = await _host.ProvisionAsync(u);
        using var unit = await _host.ConnectAsync(u, secret);
        var outOfRange = Messages.Temperature(u, 1, 1, T0, left: 51.5);
        var wrongSchema = Messages.Temperature(u, 1, 1, T0);
        wrongSchema.Remove("probe");
        var big = Messages.Temperature(u, 1, 1, T0);
        big["operatorId"] = new string('x', 2000);

        var cases = new (string Topic, byte[] Payload, string Reason)[]
        {
            (Messages.Topic(u, "readings"), "{not json"u8.ToArray(), RejectionReasons.MalformedJson),
            (Messages.Topic(u, "readings"), [0xff, 0xfe, 0x00], RejectionReasons.MalformedJson),
            (Messages.Topic(u, "readings"), Messages.Bytes(big), RejectionReasons.PayloadTooLarge),
            (Messages.Topic(u, "readings"), Messages.Bytes(wrongSchema), RejectionReasons.SchemaViolation),
            (Messages.Topic(u, "readings"), Messages.Bytes(outOfRange), RejectionReasons.SchemaViolation),
            (Messages.Topic(u, "readings"), Messages.Bytes(Messages.Temperature("unit-0099", 1, 1, T0)), RejectionReasons.UnitIdMismatch),
            (Messages.Topic(u, "faults"), Messages.Bytes(Messages.Temperature(u, 1, 1, T0)), RejectionReasons.TopicTypeMismatch),
            (Messages.Topic("unit-0099", "readings"), Messages.Bytes(Messages.Temperature("unit-0099", 1, 1, T0)), RejectionReasons.NotAuthorized),
            (Messages.Topic(u, "something"), Messages.Bytes(Messages.Temperature(u, 1, 1, T0)), RejectionReasons.NotAuthorized),
        };

        foreach (var (topic, payload, reason) in cases)
        {
            var r = await TestHost.PublishAsync(unit, topic, payload);
            var expected = reason == RejectionReasons.NotAuthorized ? MqttClientPublishReasonCode.NotAuthorized : MqttClientPublishReasonCode.PayloadFormatInvalid;
            Assert.Equal(expected, r.ReasonCode);
            Assert.StartsWith(reason == RejectionReasons.NotAuthorized ? "client" : reason, r.ReasonString);
        }

        Assert.True(unit.IsConnected);
        Assert.True((await TestHost.PublishAsync(unit, u, "readings", Messages.Temperature(u, 1, 1, T0))).IsSuccess);

        var stats = await _host.StatsAsync();
        foreach (var g in cases.GroupBy(c => c.Reason))
        {
            Assert.Equal(g.Count(), TestHost.Counter(stats, "rejected." + g.Key));
            Assert.Equal(g.Count(), stats.StoredRejectionsByReason[g.Key]);
        }

        Assert.Equal(cases.Length, TestHost.Counter(stats, "rejected"));
        Assert.Equal(1, stats.StoredReadings);
        var rejections = await _host.GetAsync<List<RejectionView>>($"/api/ingest/rejections?clientId={u}&limit=100");
        Assert.Equal(cases.Length, rejections.Count);
        var kept = rejections.Single(x => x.Reason == RejectionReasons.SchemaViolation && x.PayloadText!.Contains("51.5"));
        Assert.Contains("leftTempC", kept.Detail);
        Assert.Equal([0xff, 0xfe, 0x00], Convert.FromBase64String(rejections.Single(x => x.PayloadText is null).PayloadBase64));
    }

    [Fact]
    public async Task Random_payloads_over_mqtt_are_all_acknowledged_and_every_rejection_is_counted()
    {
        const string u = "unit-0005";
        var secret = await _host.ProvisionAsync(u);
        using var unit = await _host.ConnectAsync(u, secret, MqttProtocolVersion.V311);
        var valid = Messages.Bytes(Messages.Temperature(u, 1, 1, T0));
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 1500],
            Gen.String.Select(s => Encoding.UTF8.GetBytes(s)),
            Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Select((i, b) =>
            {
                var copy = (byte[])valid.Clone();
                copy[i] = b;
                return copy;
            }));

        var payloads = gen.Array[200].Single();
        var expectedRejections = payloads.Count(p => MessageValidator.Validate(u, "readings", p).Message is null);
        var expectedAccepted = payloads.Length - expectedRejections;
        foreach (var p in payloads)
        {
            await TestHost.PublishAsync(unit, Messages.Topic(u, "readings"), p); // MQTT 3.1.1: a plain PUBACK either way
        }

        Assert.True(unit.IsConnected);
        var stats = await _host.StatsAsync();
        Assert.Equal(expectedRejections, TestHost.Counter(stats, "rejected"));
        // Key collisions are kept in the same table under their own reason.
        Assert.Equal(expectedRejections, stats.StoredRejectionsByReason.Where(r => r.Key != RejectionReasons.KeyCollision).Sum(r => r.Value));
        Assert.Equal(TestHost.Counter(stats, "keyCollisions"), stats.StoredRejectionsByReason.GetValueOrDefault(RejectionReasons.KeyCollision));
        // Mutations can turn into valid readings; the first stores, any same-key repeat is a duplicate or a collision.
        Assert.Equal(expectedAccepted, TestHost.Counter(stats, "accepted") + TestHost.Counter(stats, "duplicates") + TestHost.Counter(stats, "keyCollisions"));
        Assert.True((await TestHost.PublishAsync(unit, u, "readings", Messages.Temperature(u, 9, 1, T0))).IsSuccess);
        Assert.Equal(stats.StoredReadings + 1, (await _host.StatsAsync()).StoredReadings);
    }

    [Fact]
    public async Task Unit_state_follows_birth_heartbeat_faults_and_last_will()
    {
        const string u = "unit-0006";
        var secret = await _host.ProvisionAsync(u);
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _host.MqttPort).WithClientId(u).WithCredentials(u, secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithWillTopic(Messages.Topic(u, "status")).WithWillPayload(Messages.Bytes(Messages.Status(u, 1, 0, T0, "offline")))
            .WithWillRetain().WithWillQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await TestHost.PublishAsync(client, u, "status", Messages.Status(u, 1, 0, T0), retain: true);
        await TestHost.PublishAsync(client, u, "heartbeat", Messages.Heartbeat(u, 1, 0, DateTimeOffset.UtcNow, batteryPct: 12));
        await TestHost.PublishAsync(client, u, "faults", Messages.Fault(u, 1, 1, T0, "rightHip"));

        var view = await _host.GetAsync<UnitView>($"/api/units/{u}");
        Assert.True(view.Online, view.OfflineReason);
        Assert.True(view.Connected);
        Assert.Equal(12, view.BatteryPct);
        Assert.Contains("lowBattery", view.TechnicalAlerts);
        Assert.Contains("sensorFault:rightHip", view.TechnicalAlerts);
        Assert.True(view.Channels.Single(c => c.Channel == "rightHip").FaultOpen);

        // Unclean loss: drop the socket without DISCONNECT, so the broker publishes the will.
        client.Dispose();
        await Wait.UntilAsync(async () => (await _host.GetAsync<UnitView>($"/api/units/{u}")).OfflineReason == "lastWill", "the last will marks the unit offline");
        Assert.Contains("offline", (await _host.GetAsync<UnitView>($"/api/units/{u}")).TechnicalAlerts);
    }

    [Fact]
    public async Task A_unit_whose_heartbeats_stop_goes_offline_after_three_of_its_intervals()
    {
        const string u = "unit-0007";
        var secret = await _host.ProvisionAsync(u);
        using var unit = await _host.ConnectAsync(u, secret);
        await TestHost.PublishAsync(unit, u, "status", Messages.Status(u, 1, 0, T0), retain: true);
        var hb = Messages.Heartbeat(u, 1, 0, DateTimeOffset.UtcNow);
        hb["intervalSeconds"] = 2;
        await TestHost.PublishAsync(unit, u, "heartbeat", hb);
        Assert.True((await _host.GetAsync<UnitView>($"/api/units/{u}")).Online);
        await Wait.UntilAsync(async () => (await _host.GetAsync<UnitView>($"/api/units/{u}")).OfflineReason == "heartbeatTimeout",
            "3 missed 2-second heartbeats mark the unit offline", TimeSpan.FromSeconds(30));
        Assert.True(unit.IsConnected);
    }

    [Fact]
    public async Task Only_provisioned_units_with_matching_client_id_and_secret_connect()
    {
        var secret = await _host.ProvisionAsync("unit-0009");
        await _host.ProvisionAsync("unit-0010");
        Assert.Equal(MqttClientConnectResultCode.Success, await _host.TryConnectAsync("unit-0009", "unit-0009", secret));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await _host.TryConnectAsync("unit-0009", null, null));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await _host.TryConnectAsync("unit-0009", "unit-0009", secret + "x"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await _host.TryConnectAsync("unit-7777", "unit-7777", secret));
        // unit-0010's client ID with unit-0009's credentials: one unit may not pose as another.
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await _host.TryConnectAsync("unit-0010", "unit-0009", secret));
        var stats = await _host.StatsAsync();
        Assert.Equal(4, TestHost.Counter(stats, "refused.connect"));
        Assert.Equal(1, TestHost.Counter(stats, "refused.connect.clientIdMismatch"));
    }

    [Fact]
    public async Task Revoking_a_unit_over_the_api_ends_its_session_and_refuses_reconnects()
    {
        const string u = "unit-0008";
        var secret = await _host.ProvisionAsync(u);
        var unit = await _host.ConnectAsync(u, secret);
        var disconnected = new TaskCompletionSource();
        unit.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Equal(HttpStatusCode.NoContent, (await _host.Http.PostAsync($"/api/units/{u}/revoke", null)).StatusCode);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await _host.TryConnectAsync(u, u, secret));
        Assert.True((await _host.GetAsync<UnitView>($"/api/units/{u}")).Revoked);
        unit.Dispose();
    }
}
