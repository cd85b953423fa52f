using NmoPoc.Host.Dashboard;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>Every technical alert kind the host raises reads as words on a tile, never as its code.</summary>
public sealed class TechnicalNameTests
{
    [Theory]
    [InlineData("offline", "Offline")]
    [InlineData("lowBattery", "Low battery")]
    [InlineData("calibrationExpired", "Calibration due")]
    [InlineData("sensorFault:leftHip", "Sensor fault")]
    [InlineData("staleChannel:temperature", "No usable round")]
    [InlineData("staleChannel:goniometer", "No usable ROM")]
    public void Kinds_read_as_words(string kind, string words) => Assert.Equal(words, WardBoardQuery.TechnicalName(kind));
}
