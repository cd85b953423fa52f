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

    [Fact]
    public void Tls_operator_and_calibration_reach_the_core_config()
    {
        var errors = new ArrayList();
        var text = Valid.Replace("brokerPort=8883\n", "", StringComparison.Ordinal)
                   + "\ntls=true\noperatorId=N-1042\npairOffsetC=-0.125\ngoniometerRaw0=1200\ngoniometerRaw90=12345\ncalibratedAtUtc=2026-02-28\n";

        var settings = UnitSettings.Parse(text, errors);

        Assert.Empty(errors);
        Assert.True(settings.Tls);
        Assert.Equal(8883, settings.BrokerPort); // the MQTT-over-TLS port unless told otherwise
        Assert.Equal(UnitSettings.DefaultCaCertPath, settings.CaCertFile);
        var config = settings.ToUnitConfig();
        Assert.Equal("unit-0007", config.UnitId);
        Assert.Equal("N-1042", config.OperatorId);
        Assert.Equal(-0.125, config.Calibration.PairOffsetC);
        Assert.Equal(1200, config.Calibration.GoniometerRaw0);
        Assert.Equal(12345, config.Calibration.GoniometerRaw90);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), config.Calibration.CalibratedAtUtcMs);
    }

    [Fact]
    public void Without_calibration_keys_the_unit_runs_uncalibrated()
    {
        var errors = new ArrayList();

        var settings = UnitSettings.Parse(Valid, errors);

        Assert.False(settings.Tls);
        Assert.Null(settings.ToUnitConfig().Calibration);
        Assert.Null(settings.ToUnitConfig().OperatorId);
    }

    [Theory]
    [InlineData("tls=yes", "tls 'yes' must be true or false")]
    [InlineData("goniometerRaw0=100", "calibration needs goniometerRaw0, goniometerRaw90 and calibratedAtUtc together")]
    [InlineData("goniometerRaw0=100\ngoniometerRaw90=600\ncalibratedAtUtc=2026-01-01", "goniometerRaw0 and goniometerRaw90 must be at least 1000 counts apart")]
    [InlineData("goniometerRaw0=100\ngoniometerRaw90=9000\ncalibratedAtUtc=2026-02-30", "calibratedAtUtc '2026-02-30' must be a date YYYY-MM-DD")]
    [InlineData("goniometerRaw0=1.5\ngoniometerRaw90=9000\ncalibratedAtUtc=2026-01-01", "goniometerRaw0/goniometerRaw90 must be whole numbers")]
    [InlineData("goniometerRaw0=0\ngoniometerRaw90=9000\ncalibratedAtUtc=2026-01-01\npairOffsetC=2.5", "pairOffsetC '2.5' must be a number of C within +-2 with at most 3 decimals")]
    [InlineData("goniometerRaw0=0\ngoniometerRaw90=9000\ncalibratedAtUtc=2026-01-01\npairOffsetC=0.12345", "pairOffsetC '0.12345' must be a number of C within +-2 with at most 3 decimals")]
    public void A_bad_tls_or_calibration_setting_is_rejected_with_a_reason(string extra, string expected)
    {
        var errors = new ArrayList();

        var settings = UnitSettings.Parse(Valid + "\n" + extra + "\n", errors);

        Assert.Null(settings);
        Assert.Contains(expected, errors.Cast<string>());
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
