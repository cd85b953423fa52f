using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>Debounce against a manual clock: the pin is active low, as wired (3.3 kΩ pull-up, contact to GND).</summary>
public class ButtonTests
{
    private const int PollMs = 5;
    private readonly ManualClock _clock = new();
    private readonly LevelInput _pin = new() { High = true };
    private readonly List<(long At, ButtonEvent Event)> _events = new();

    private Button NewButton(int debounceMs = 30, int longPressMs = 1500)
    {
        var button = new Button(_pin, _clock, activeLow: true, debounceMs, longPressMs);
        Poll(button); // first sample sets the initial state
        return button;
    }

    private void Poll(Button button)
    {
        var e = button.Poll();
        if (e != ButtonEvent.None)
        {
            _events.Add((_clock.ElapsedMilliseconds, e));
        }
    }

    /// <summary>Holds the pin at a level for a while, polling every 5 ms like the main loop.</summary>
    private void Hold(Button button, bool pressed, int milliseconds)
    {
        _pin.High = !pressed;
        for (int t = 0; t < milliseconds; t += PollMs)
        {
            _clock.Advance(PollMs);
            Poll(button);
        }
    }

    [Fact]
    public void DefaultsAreActiveLowWith30MsDebounce()
    {
        var button = new Button(_pin, _clock);

        Assert.Equal(30, button.DebounceMs);
        Assert.Equal(Button.DefaultLongPressMs, button.LongPressMs);
        _pin.High = false;
        button.Poll();
        Assert.True(button.IsPressed); // low level = pressed, taken as the initial state
    }

    [Fact]
    public void StablePressEmitsExactlyOnePressedAfterTheDebounceTime()
    {
        var button = NewButton();

        Hold(button, pressed: true, 200);

        Assert.Equal(new[] { (35L, ButtonEvent.Pressed) }, _events);
        Assert.True(button.IsPressed);
    }

    [Fact]
    public void ChatterShorterThanTheDebounceTimeIsIgnored()
    {
        var button = NewButton();

        // Bursts of closed contact of 5-25 ms separated by open contact: never 30 ms stable.
        foreach (var closedMs in new[] { 5, 10, 25, 20, 15, 25 })
        {
            Hold(button, pressed: true, closedMs);
            Hold(button, pressed: false, 10);
        }

        Assert.Empty(_events);
        Assert.False(button.IsPressed);
    }

    [Fact]
    public void BouncingPressCountsOnceFromTheLastBounce()
    {
        var button = NewButton();

        // A closing contact that bounces for 20 ms, then stays closed.
        Hold(button, true, 5);
        Hold(button, false, 5);
        Hold(button, true, 5);
        Hold(button, false, 5);
        long lastEdge = _clock.ElapsedMilliseconds;
        Hold(button, true, 300);
        // Release with bounce too.
        Hold(button, false, 5);
        Hold(button, true, 5);
        long releaseEdge = _clock.ElapsedMilliseconds;
        Hold(button, false, 300);

        Assert.Equal(2, _events.Count);
        Assert.Equal(ButtonEvent.Pressed, _events[0].Event);
        Assert.Equal(lastEdge + PollMs + 30, _events[0].At);
        Assert.Equal(ButtonEvent.Released, _events[1].Event);
        Assert.Equal(releaseEdge + PollMs + 30, _events[1].At);
    }

    [Fact]
    public void LongPressFiresOnceAtTheThresholdThenReleaseFollows()
    {
        var button = NewButton(debounceMs: 30, longPressMs: 1000);

        Hold(button, pressed: true, 3000);
        Hold(button, pressed: false, 100);

        Assert.Equal(
            new[] { (35L, ButtonEvent.Pressed), (1005L, ButtonEvent.LongPress), (3035L, ButtonEvent.Released) },
            _events);
    }

    [Fact]
    public void PressShorterThanTheLongPressTimeIsNoLongPress()
    {
        var button = NewButton(debounceMs: 30, longPressMs: 1000);

        Hold(button, pressed: true, 990);
        Hold(button, pressed: false, 100);

        Assert.Equal(new[] { ButtonEvent.Pressed, ButtonEvent.Released }, _events.Select(e => e.Event));
    }

    [Fact]
    public void ButtonHeldAtStartUpDoesNothingUntilReleasedOnce()
    {
        _pin.High = false; // held (or shorted) before the firmware starts
        var button = NewButton(debounceMs: 30, longPressMs: 1000);

        Hold(button, pressed: true, 5000);
        Assert.Empty(_events);

        Hold(button, pressed: false, 100);
        Assert.Empty(_events); // the release of a press we never reported is not reported either

        Hold(button, pressed: true, 100);
        Assert.Equal(new[] { ButtonEvent.Pressed }, _events.Select(e => e.Event));
    }

    [Fact]
    public void ActiveHighInputIsSupported()
    {
        var button = new Button(_pin, _clock, activeLow: false, 30, 1000);
        _pin.High = false;
        button.Poll();

        _pin.High = true;
        for (int t = 0; t < 100; t += PollMs)
        {
            _clock.Advance(PollMs);
            Poll(button);
        }

        Assert.Equal(new[] { ButtonEvent.Pressed }, _events.Select(e => e.Event));
    }

    [Fact]
    public void PressedMillisecondsCountsFromTheStartOfTheStablePress()
    {
        var button = NewButton();

        Hold(button, pressed: true, 500);

        Assert.Equal(500 - PollMs, button.PressedMilliseconds);
        Hold(button, pressed: false, 100);
        Assert.Equal(0, button.PressedMilliseconds);
    }
}
