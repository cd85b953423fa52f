using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MQTTnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Formatter;
using NmoPoc.Host.Api;

namespace NmoPoc.Host.Tests.Support;

/// <summary>
/// The real host in-process: WebApplication from HostApp with a temp data directory and free loopback ports,
/// real MQTT over TCP, real SQLite file. Stop and start again on the same directory and ports to test restarts.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly string[] _extraArgs;
    private readonly Action<IServiceCollection>? _overrideServices;
    private WebApplication? _app;

    private TestHost(string dataDirectory, string[] extraArgs, Action<IServiceCollection>? overrideServices)
    {
        DataDirectory = dataDirectory;
        _extraArgs = extraArgs;
        _overrideServices = overrideServices;
        MqttPort = Wait.FreePort();
        HttpPort = Wait.FreePort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int MqttPort { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app!.Services;

    public static Task<TestHost> StartAsync(string dataDirectory, params string[] extraArgs) => StartAsync(dataDirectory, null, extraArgs);

    public static async Task<TestHost> StartAsync(string dataDirectory, Action<IServiceCollection>? overrideServices, params string[] extraArgs)
    {
        var host = new TestHost(dataDirectory, extraArgs, overrideServices);
        await host.StartAgainAsync();
        return host;
    }

    public async Task StartAgainAsync()
    {
        string[] args =
        [
            $"--NmoPoc:DataDirectory={DataDirectory}",
            "--NmoPoc:Mqtt:BindAddress=127.0.0.1",
            $"--NmoPoc:Mqtt:Port={MqttPort}",
            $"--NmoPoc:Http:Port={HttpPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:NmoPoc=Error",
            .. _extraArgs,
        ];
        _app = HostApp.Build(args, _overrideServices);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task<string> ProvisionAsync(string unitId)
    {
        var r = await Http.PostAsJsonAsync("/api/units", new { unitId }, Json);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<ProvisionedUnit>(Json))!.Secret;
    }

    public async Task<IMqttClient> ConnectAsync(string unitId, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(ClientOptions(unitId, unitId, secret, version));
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"connect of {unitId} refused: {result.ResultCode}");
        }

        return client;
    }

    /// <summary>The broker's answer to a CONNECT (MQTTnet 5 returns a refusal as a result code).</summary>
    public async Task<MqttClientConnectResultCode> TryConnectAsync(string clientId, string? userName, string? secret, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(ClientOptions(clientId, userName, secret, version));
        return result.ResultCode;
    }

    private MqttClientOptions ClientOptions(string clientId, string? userName, string? secret, MqttProtocolVersion version)
    {
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (userName is not null)
        {
            b.WithCredentials(userName, secret);
        }

        return b.Build();
    }

    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain = false) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());

    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string unitId, string suffix, JsonNode message, bool retain = false) =>
        PublishAsync(client, Messages.Topic(unitId, suffix), Messages.Bytes(message), retain);

    public async Task<T> GetAsync<T>(string path) => (await Http.GetFromJsonAsync<T>(path, Json))!;

    public Task<List<ReadingView>> ReadingsOfPatientAsync(long patientId) => GetAsync<List<ReadingView>>($"/api/patients/{patientId}/readings");

    public Task<IngestStatsView> StatsAsync() => GetAsync<IngestStatsView>("/api/ingest/stats");

    public static long Counter(IngestStatsView s, string key) => s.CountersSinceStart.TryGetValue(key, out var v) ? v : 0;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
    }
}
