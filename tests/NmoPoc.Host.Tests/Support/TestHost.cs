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
        // The API needs a signed-in user: Http carries the session cookie of an operator who holds every role.
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
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
        await SignInOperatorAsync();
    }

    /// <summary>User name of the operator <see cref="Http"/> is signed in as; the API records it as the actor.</summary>
    public const string Operator = "test-operator";

    private string? _operatorPassword;

    private async Task SignInOperatorAsync()
    {
        if (_operatorPassword is null)
        {
            _operatorPassword = await CreateUserAsync(Operator, [.. NmoPoc.Host.Dashboard.Roles.All]);
        }

        var r = await Http.PostAsJsonAsync("/api/session", new { userName = Operator, password = _operatorPassword }, Json);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>A client of its own with a session cookie for <paramref name="userName"/>, or the refusal.</summary>
    public async Task<(HttpClient Client, HttpResponseMessage SignIn)> SignInAsync(string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = Http.BaseAddress,
            Timeout = Http.Timeout,
        };
        return (client, await client.PostAsJsonAsync("/api/session", new { userName, password }, Json));
    }

    /// <summary>Adds a dashboard user directly (as the CLI verb does) and returns the generated password.</summary>
    public async Task<string> CreateUserAsync(string userName, string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<NmoPoc.Host.Dashboard.Identity.UserAdministration>().CreateAsync(userName, userName, roles, "test");
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        return created.OneTimePassword!;
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
