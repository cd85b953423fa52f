using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>A GPIO input whose level the test sets.</summary>
internal sealed class LevelInput : IDigitalInput
{
    public bool High { get; set; } = true;

    public int Reads { get; private set; }

    public bool Read()
    {
        Reads++;
        return High;
    }
}

/// <summary>One change of an output, at the clock time it happened.</summary>
internal readonly record struct OutputEdge(long AtMs, string What)
{
    public override string ToString() => $"{AtMs}:{What}";
}

/// <summary>An LED pin that records every write with the time.</summary>
internal sealed class RecordingLed(IMonotonicClock clock) : IDigitalOutput
{
    public List<OutputEdge> Timeline { get; } = new();

    public bool Level { get; private set; }

    public void Write(bool high)
    {
        Level = high;
        Timeline.Add(new OutputEdge(clock.ElapsedMilliseconds, high ? "on" : "off"));
    }
}

/// <summary>A PWM tone output that records every start and stop with the time.</summary>
internal sealed class RecordingTone(IMonotonicClock clock) : IToneOutput
{
    public List<OutputEdge> Timeline { get; } = new();

    public int FrequencyHz { get; private set; }

    public bool Sounding => FrequencyHz > 0;

    public void Start(int frequencyHz)
    {
        FrequencyHz = frequencyHz;
        Timeline.Add(new OutputEdge(clock.ElapsedMilliseconds, $"tone {frequencyHz}"));
    }

    public void Stop()
    {
        FrequencyHz = 0;
        Timeline.Add(new OutputEdge(clock.ElapsedMilliseconds, "stop"));
    }
}
