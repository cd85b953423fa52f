using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

public class UnitTopicsTests
{
    [Fact]
    public void TopicsFollowTheV1Layout()
    {
        UnitTopics topics = new("unit-0007");
        Assert.Equal("nmopoc/v1/units/unit-0007/readings", topics.Readings);
        Assert.Equal("nmopoc/v1/units/unit-0007/faults", topics.Faults);
        Assert.Equal("nmopoc/v1/units/unit-0007/status", topics.Status);
        Assert.Equal("nmopoc/v1/units/unit-0007/heartbeat", topics.Heartbeat);
        Assert.Equal("nmopoc/v1/units/unit-0007/cmd/#", topics.CommandFilter);
    }

    [Theory]
    [InlineData(MessageType.TemperatureRound, "readings", 1, false)]
    [InlineData(MessageType.RomSession, "readings", 1, false)]
    [InlineData(MessageType.Fault, "faults", 1, false)]
    [InlineData(MessageType.Status, "status", 1, true)]
    [InlineData(MessageType.Heartbeat, "heartbeat", 0, false)]
    public void EachTypeHasItsTopicQosAndRetainFlag(MessageType type, string suffix, int qos, bool retained)
    {
        UnitTopics topics = new("unit-0007");
        Assert.Equal("nmopoc/v1/units/unit-0007/" + suffix, topics.For(type));
        Assert.Same(topics.For(type), topics.For(type)); // built once
        Assert.Equal(qos, UnitTopics.QosFor(type));
        Assert.Equal(retained, UnitTopics.IsRetained(type));
    }

    [Theory]
    [InlineData("Unit-7")]
    [InlineData("unit/7")]
    [InlineData("unit+7")]
    [InlineData("unit#7")]
    [InlineData(null)]
    public void AnIdThatCouldBreakATopicIsRefused(string? unitId)
    {
        Assert.Throws<ArgumentException>(() => new UnitTopics(unitId!));
    }
}
