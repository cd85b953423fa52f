using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class DriftWindowTests
{
    [Fact]
    public void SlopeOfALinearRampIsItsRatePerMinute()
    {
        var w = new DriftWindow(61);
        for (int i = 0; i <= 60; i++)
        {
            w.Add(i * 1000L, 30.0 + 0.12 * i / 60.0);
        }

        Assert.True(w.IsFull);
        Assert.Equal(0.12, w.SlopePerMinute(), 12);
        Assert.Equal(30.06, w.Mean(), 12);
    }

    [Fact]
    public void TheRingKeepsOnlyTheNewestSamples()
    {
        var w = new DriftWindow(5);
        // A steep ramp first, then flat: once the ramp has left the ring the slope is zero.
        for (int i = 0; i < 5; i++)
        {
            w.Add(i * 1000L, i * 10.0);
        }

        Assert.Equal(600.0, w.SlopePerMinute(), 9);
        for (int i = 5; i < 10; i++)
        {
            w.Add(i * 1000L, 7.0);
        }

        Assert.Equal(5, w.Count);
        Assert.Equal(0.0, w.SlopePerMinute(), 12);
        Assert.Equal(7.0, w.Mean(), 12);
    }

    [Fact]
    public void OneNoisyEndSampleMovesLeastSquaresLessThanEndMinusStart()
    {
        var w = new DriftWindow(61);
        for (int i = 0; i <= 60; i++)
        {
            w.Add(i * 1000L, i == 60 ? 33.0 + 0.05 : 33.0);
        }

        // End minus start would read 0.05 °C/min; least squares gives a fraction of it.
        Assert.InRange(w.SlopePerMinute(), 0.0, 0.01);
    }

    [Fact]
    public void EmptyAndSingleSampleGiveNaN()
    {
        var w = new DriftWindow(3);
        Assert.True(double.IsNaN(w.Mean()));
        Assert.True(double.IsNaN(w.SlopePerMinute()));
        w.Add(0, 1.0);
        Assert.Equal(1.0, w.Mean());
        Assert.True(double.IsNaN(w.SlopePerMinute()));
        w.Clear();
        Assert.Equal(0, w.Count);
    }
}
