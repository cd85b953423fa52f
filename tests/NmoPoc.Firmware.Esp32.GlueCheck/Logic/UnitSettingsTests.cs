using System.Collections;
using NmoPoc.Firmware.Esp32.Config;

namespace NmoPoc.Firmware.Esp32.GlueCheck.Logic;

/// <summary>The ESP32 settings file parser (pure glue logic, run here on .NET).</summary>
public class UnitSettingsTests
{
    private const string Valid = """
        # NmoPoc unit settings
        unitId=unit-0007
        wifiSsid=Ward 4
        wifiPassword=p=ss word
        brokerHost=nmopoc-host.ward.local
        brokerPort=8883
        mqttSecret=s3cr3t
        """;

    [Fact]
    public void A_complete_file_parses()
    {
        var errors = new ArrayList();

        var settings = UnitSettings.Parse(Valid.Replace("\n", "\r\n", StringComparison.Ordinal), errors);

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal("unit-0007", settings.UnitId);
        Assert.Equal("Ward 4", settings.WifiSsid);
        Assert.Equal("p=ss word", settings.WifiPassword); // only the first '=' splits
        Assert.Equal("nmopoc-host.ward.local", settings.BrokerHost);
        Assert.Equal(8883, settings.BrokerPort);
        Assert.Equal("s3cr3t", settings.MqttSecret);
        Assert.Equal("", settings.SntpServer);
    }

    [Fact]
    public void The_broker_port_defaults_to_1883()
    {
        var errors = new ArrayList();

        var settings = UnitSettings.Parse(Valid.Replace("brokerPort=8883\n", "", StringComparison.Ordinal), errors);

        Assert.Empty(errors);
        Assert.Equal(1883, settings.BrokerPort);
    }

    [Theory]
    [InlineData("brokerPort=8883", "brokerPort=0", "brokerPort '0' must be a number from 1 to 65535")]
    [InlineData("brokerPort=8883", "brokerPort=70000", "brokerPort '70000' must be a number from 1 to 65535")]
    [InlineData("brokerPort=8883", "brokerPort=88x3", "brokerPort '88x3' must be a number from 1 to 65535")]
    [InlineData("unitId=unit-0007", "unitId=Unit 7", "unitId 'Unit 7' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'")]
    [InlineData("unitId=unit-0007", "unitId=-unit", "unitId '-unit' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'")]
    [InlineData("mqttSecret=s3cr3t", "", "'mqttSecret' is missing")]
    [InlineData("mqttSecret=s3cr3t", "mqttSecret=", "'mqttSecret' is missing")]
    [InlineData("wifiSsid=Ward 4", "wifiSsid=Ward 4\nwifiSsid=Ward 5", "line 4: 'wifiSsid' given twice")]
    [InlineData("brokerHost=nmopoc-host.ward.local", "brokerhost=nmopoc-host.ward.local", "line 5: unknown key 'brokerhost'")]
    [InlineData("brokerHost=nmopoc-host.ward.local", "brokerHost nmopoc-host.ward.local", "line 5: expected key=value")]
    public void A_bad_file_is_rejected_with_a_reason(string line, string replacement, string expected)
    {
        var errors = new ArrayList();

        var settings = UnitSettings.Parse(Valid.Replace(line, replacement, StringComparison.Ordinal), errors);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Cast<string>());
    }

    [Fact]
    public void An_empty_file_lists_every_missing_key()
    {
        var errors = new ArrayList();

        Assert.Null(UnitSettings.Parse("", errors));
        Assert.Equal(
            ["'unitId' is missing", "'wifiSsid' is missing", "'brokerHost' is missing", "'mqttSecret' is missing"],
            errors.Cast<string>());
    }
}
