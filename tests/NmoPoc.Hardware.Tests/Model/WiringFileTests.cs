using NmoPoc.Hardware.Model;

namespace NmoPoc.Hardware.Tests.Model;

public class WiringFileTests
{
    [Fact]
    public void Committed_file_loads_with_both_targets()
    {
        var doc = Repo.Wiring;

        Assert.Equal(["esp32", "rpi"], doc.Targets.Select(t => t.Id));
        Assert.Equal(["sensor", "ir"], doc.Buses.Select(b => b.Id));
    }

    [Fact]
    public void Committed_file_keeps_the_addresses_other_helpers_rely_on()
    {
        var doc = Repo.Wiring;
        string AddressOf(string part) => string.Join(",", doc.Devices.Where(d => d.Part.StartsWith(part, StringComparison.Ordinal)).Select(d => d.Address));

        Assert.Equal("0x48,0x49", AddressOf("MAX30205"));
        Assert.Equal("0x4B", AddressOf("ADS1115"));
        Assert.Equal("0x3C", AddressOf("UG-2864"));
        Assert.Equal("0x5A", AddressOf("MLX90614"));
        Assert.Equal("0x36", AddressOf("MAX17048"));
        Assert.Equal(400_000, doc.FindBus("sensor")!.SpeedHz);
        Assert.Equal(100_000, doc.FindBus("ir")!.SpeedHz);
        Assert.Equal(0, doc.AdcChannels.Single(c => c.Name == "goniometer").Input);
        Assert.Equal(1, doc.AdcChannels.Single(c => c.Name == "ambientNtc").Input);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var json = Repo.WiringJson.Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1,,", StringComparison.Ordinal);

        var e = Assert.Throws<WiringLoadException>(() => WiringFile.Parse(json, "broken.json"));

        Assert.StartsWith("broken.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("(line 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_field_is_an_error_not_a_silent_default()
    {
        var json = Repo.WiringJson.Replace("\"activeLow\": true", "\"activelow\": true", StringComparison.Ordinal);

        var e = Assert.Throws<WiringLoadException>(() => WiringFile.Parse(json));

        Assert.Contains("activelow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_is_an_error()
    {
        var json = Repo.WiringJson.Replace("\"address\": \"0x49\",", "", StringComparison.Ordinal);

        var e = Assert.Throws<WiringLoadException>(() => WiringFile.Parse(json));

        Assert.Contains("address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_value_is_an_error()
    {
        var json = Repo.WiringJson.Replace("\"direction\": \"output\"", "\"direction\": \"out\"", StringComparison.Ordinal);

        var e = Assert.Throws<WiringLoadException>(() => WiringFile.Parse(json));

        Assert.Contains("direction", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_for_a_required_list_is_an_error()
    {
        var json = Repo.WiringJson.Replace("\"parts\": [],", "\"parts\": null,", StringComparison.Ordinal);

        Assert.Throws<WiringLoadException>(() => WiringFile.Parse(json));
    }
}
