using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>Patterns driven by a manual clock; the LED and tone outputs record a timeline of their edges.</summary>
public class AnnunciatorTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingLed _led;
    private readonly RecordingTone _tone;

    public AnnunciatorTests()
    {
        _led = new RecordingLed(_clock);
        _tone = new RecordingTone(_clock);
    }

    private Annunciator NewAnnunciator(int reminderMs = Annunciator.DefaultFaultReminderMs)
    {
        var annunciator = new Annunciator(_led, _tone, _clock, Annunciator.DefaultToneHz, reminderMs);
        _led.Timeline.Clear();
        _tone.Timeline.Clear();
        return annunciator;
    }

    /// <summary>Runs the main loop: tick every <paramref name="stepMs"/> until <paramref name="untilMs"/>.</summary>
    private void RunUntil(Annunciator annunciator, long untilMs, int stepMs = 10)
    {
        while (_clock.ElapsedMilliseconds < untilMs)
        {
            _clock.Advance(stepMs);
            annunciator.Tick();
        }
    }

    private static string Edges(List<OutputEdge> timeline) => string.Join(" ", timeline);

    [Fact]
    public void StartsDarkAndSilent()
    {
        _ = new Annunciator(_led, _tone, _clock);

        Assert.Equal("0:off", Edges(_led.Timeline));
        Assert.Equal("0:stop", Edges(_tone.Timeline));
    }

    [Fact]
    public void DoneIsOneShortBeepAndTheLedOnForOneSecond()
    {
        var annunciator = NewAnnunciator();
        _clock.AdvanceTo(5000);

        annunciator.PlayDone();
        RunUntil(annunciator, 8000);

        Assert.Equal("5000:tone 4000 5120:stop", Edges(_tone.Timeline));
        Assert.Equal("5000:on 6000:off", Edges(_led.Timeline));
        Assert.Equal(AnnunciatorPattern.None, annunciator.Pattern);
    }

    [Fact]
    public void FaultIsThreeBeepsAndABlinkingLedUntilAcknowledged()
    {
        var annunciator = NewAnnunciator();

        annunciator.RaiseFault();
        RunUntil(annunciator, 1600);
        annunciator.Acknowledge();
        RunUntil(annunciator, 5000);

        Assert.Equal("0:tone 4000 120:stop 240:tone 4000 360:stop 480:tone 4000 600:stop", Edges(_tone.Timeline));
        Assert.Equal("0:on 250:off 500:on 750:off 1000:on 1250:off 1500:on 1600:off", Edges(_led.Timeline));
        Assert.Equal(AnnunciatorPattern.None, annunciator.Pattern);
    }

    [Fact]
    public void UnacknowledgedFaultBeepsAgainEveryReminderPeriod()
    {
        var annunciator = NewAnnunciator(reminderMs: 60000);

        annunciator.RaiseFault();
        RunUntil(annunciator, 130000);

        var starts = _tone.Timeline.Where(e => e.What.StartsWith("tone")).Select(e => e.AtMs);
        Assert.Equal(new long[] { 0, 240, 480, 60000, 60240, 60480, 120000, 120240, 120480 }, starts);
        Assert.True(_led.Timeline.Count >= 520, "the LED blinks 2 Hz for the whole 130 s");
    }

    [Fact]
    public void ReminderZeroBeepsOnlyOnce()
    {
        var annunciator = NewAnnunciator(reminderMs: 0);

        annunciator.RaiseFault();
        RunUntil(annunciator, 130000);

        Assert.Equal(3, _tone.Timeline.Count(e => e.What.StartsWith("tone")));
        Assert.Equal(AnnunciatorPattern.Fault, annunciator.Pattern);
    }

    [Fact]
    public void FaultOutranksDoneAndASuppressedDoneIsCounted()
    {
        var annunciator = NewAnnunciator();

        annunciator.RaiseFault();
        RunUntil(annunciator, 1000);
        annunciator.PlayDone();
        RunUntil(annunciator, 1400);

        Assert.Equal(AnnunciatorPattern.Fault, annunciator.Pattern);
        Assert.Equal(1, annunciator.SuppressedDone);
        Assert.Equal(3, _tone.Timeline.Count(e => e.What.StartsWith("tone")));
    }

    [Fact]
    public void FaultInterruptsDone()
    {
        var annunciator = NewAnnunciator();

        annunciator.PlayDone();
        RunUntil(annunciator, 300);
        annunciator.RaiseFault();
        RunUntil(annunciator, 1000);

        Assert.Equal(AnnunciatorPattern.Fault, annunciator.Pattern);
        Assert.Equal("0:tone 4000 120:stop 300:tone 4000 420:stop 540:tone 4000 660:stop 780:tone 4000 900:stop", Edges(_tone.Timeline));
        // Done turned the LED on at 0; the fault blink takes it over from 300 (on), 550 off, 800 on.
        Assert.Equal("0:on 550:off 800:on", Edges(_led.Timeline));
    }

    [Fact]
    public void CoarseUnevenTicksStillGiveThreeBeepsOfAbout120Ms()
    {
        var annunciator = NewAnnunciator();

        annunciator.RaiseFault();
        RunUntil(annunciator, 1000, stepMs: 17);

        var edges = _tone.Timeline;
        Assert.Equal(6, edges.Count);
        for (int i = 0; i < 6; i += 2)
        {
            Assert.InRange(edges[i + 1].AtMs - edges[i].AtMs, 100, 140);
        }
    }

    [Fact]
    public void OutputsAreWrittenOnlyWhenTheyChange()
    {
        var annunciator = NewAnnunciator();

        RunUntil(annunciator, 10000);

        Assert.Empty(_led.Timeline);
        Assert.Empty(_tone.Timeline);
    }

    [Fact]
    public void AcknowledgeWithoutAFaultDoesNotCutADone()
    {
        var annunciator = NewAnnunciator();

        annunciator.PlayDone();
        RunUntil(annunciator, 500);
        annunciator.Acknowledge();

        Assert.Equal(AnnunciatorPattern.Done, annunciator.Pattern);
        Assert.True(_led.Level);
    }
}
