using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Outbox;

namespace NmoPoc.Firmware.Tests.Link;

public class UnitTopicsTests
{
    [Fact]
    public void Topics_follow_the_v1_layout()
    {
        var topics = new UnitTopics("unit-0007");
        Assert.Equal("nmopoc/v1/units/unit-0007/readings", topics.Readings);
        Assert.Equal("nmopoc/v1/units/unit-0007/faults", topics.Faults);
        Assert.Equal("nmopoc/v1/units/unit-0007/status", topics.Status);
        Assert.Equal("nmopoc/v1/units/unit-0007/heartbeat", topics.Heartbeat);
        Assert.Equal("nmopoc/v1/units/unit-0007/cmd/#", topics.Commands);
        Assert.Same(topics.Readings, topics.For(TopicKind.Readings));
        Assert.Same(topics.Faults, topics.For(TopicKind.Faults));
        Assert.Throws<ArgumentOutOfRangeException>(() => topics.For((TopicKind)0));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("unit-0007", true)]
    [InlineData("0a-", true)]
    [InlineData("a2345678901234567890123456789012", true)]
    [InlineData("a23456789012345678901234567890123", false)]
    [InlineData("ab", false)]
    [InlineData("-ab", false)]
    [InlineData("Unit-1", false)]
    [InlineData("unit_1", false)]
    [InlineData("unit/1", false)]
    [InlineData("unit 1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Unit_ids_must_match_the_protocol_pattern(string? unitId, bool valid)
    {
        Assert.Equal(valid, UnitTopics.IsValidUnitId(unitId!));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => new UnitTopics(unitId!));
        }
    }
}
