using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>
/// Each screen goes renderer → driver → I2C → simulated GDDRAM, and its text is read back through the font
/// table at the expected lines and columns. On failure the message shows the panel.
/// </summary>
public class ScreenRendererTests
{
    private const char Deg = Font5x7.Degree;

    private static SimulatedSsd1306 Show(string name) =>
        ScreenGallery.Show(ScreenGallery.All.Single(e => e.Name == name).Model);

    /// <summary>Small-text lines 0-7; null skips a line (large text lives there).</summary>
    private static void AssertLines(SimulatedSsd1306 panel, params string?[] lines)
    {
        Assert.Equal(FrameBuffer.TextLines, lines.Length);
        for (int line = 0; line < lines.Length; line++)
        {
            if (lines[line] != null)
            {
                Assert.True(lines[line] == panel.ReadLine(line),
                    $"line {line}: expected \"{lines[line]}\", read \"{panel.ReadLine(line)}\"\n{panel.RenderHalfBlocks()}");
            }
        }
    }

    private static void AssertLarge(SimulatedSsd1306 panel, int line, string text)
    {
        string read = panel.ReadLargeText(line, 0, text.Length);
        Assert.True(text == read, $"large text on lines {line}-{line + 1}: expected \"{text}\", read \"{read}\"\n{panel.RenderHalfBlocks()}");
    }

    private static void AssertSmall(SimulatedSsd1306 panel, int line, int column, string text)
    {
        string read = panel.ReadText(line, column, text.Length);
        Assert.True(text == read, $"line {line} column {column}: expected \"{text}\", read \"{read}\"\n{panel.RenderHalfBlocks()}");
    }

    [Fact]
    public void Idle()
    {
        var panel = Show("idle");

        AssertLines(panel, "NMO-0042          87%", "", null, null, "Clock   synced", "Outbox  3 waiting", "Battery 87%", "OK:start");
        AssertLarge(panel, 2, "Ready");
    }

    [Fact]
    public void IdleWithoutFuelGaugeAndClock()
    {
        var panel = Show("idle-pi-unsynced");

        AssertLines(panel, "NMO-0042", "", null, null, "Clock   NOT SYNCED", "Outbox  empty", "Battery no gauge", "OK:start");
    }

    [Fact]
    public void RoundRestCountdown()
    {
        var panel = Show("round-rest");

        AssertLines(panel, "TEMP ROUND        87%", "Rest 04:32 left", null, null, null, null, $"Room 21.3{Deg}C", "BACK:cancel");
        AssertLarge(panel, 2, "L --.-");
        AssertLarge(panel, 4, "R --.-");
        AssertSmall(panel, 2, 13, $"{Deg}C");
        AssertSmall(panel, 3, 13, "waiting");
        AssertSmall(panel, 5, 13, "waiting");
    }

    [Fact]
    public void RoundSettling()
    {
        var panel = Show("round-settling");

        AssertLines(panel, "TEMP ROUND        87%", "Measuring", null, null, null, null, $"Room 21.3{Deg}C", "BACK:cancel");
        AssertLarge(panel, 2, "L 36.4");
        AssertSmall(panel, 3, 13, "settled");
        AssertLarge(panel, 4, "R 37.1");
        AssertSmall(panel, 5, 13, "settling");
    }

    [Fact]
    public void RoundWithAMissingProbeShowsDashesAndWhy()
    {
        var panel = Show("round-left-missing");

        AssertLarge(panel, 2, "L --.-");
        AssertSmall(panel, 3, 13, "missing");
        AssertLarge(panel, 4, "R 36.9");
        AssertSmall(panel, 5, 13, "settled");
    }

    [Fact]
    public void RomRepetition()
    {
        var panel = Show("rom-repetition");

        AssertLines(panel, "ROM LEFT HIP      87%", "Flexion", null, null, null, null, $"1:95{Deg} 2:96{Deg} 3:..", "CAP:next BACK:redo");
        AssertLarge(panel, 2, "Rep 2/3");
        AssertLarge(panel, 4, $"96{Deg}");
    }

    [Fact]
    public void RomInvalidRepetition()
    {
        var panel = Show("rom-invalid");

        AssertLines(panel, "ROM RIGHT HIP     87%", "Internal rotation", null, null, null, null, $"1:31{Deg} 2:29{Deg} 3:--", null);
        AssertLarge(panel, 2, "Rep 3/3");
        AssertLarge(panel, 4, $"--{Deg}");
        AssertSmall(panel, 4, 13, "invalid");
        AssertSmall(panel, 5, 13, "repeat");
    }

    [Fact]
    public void ReadingQueuedAndSent()
    {
        var queued = Show("reading-queued");
        AssertLines(queued, "READING           87%", "", null, null, "Temperature round", "Outbox 4 waiting", "Sends when online", "OK:done");
        AssertLarge(queued, 2, "Saved");

        var sent = Show("reading-sent");
        AssertLines(sent, "READING           87%", "", null, null, "Range of motion", "Outbox empty", "Delivered to server", "OK:done");
        AssertLarge(sent, 2, "Sent");
    }

    [Fact]
    public void Outbox()
    {
        var panel = Show("outbox");

        AssertLines(panel, "OUTBOX            87%", "Capacity 500", null, null, "readings waiting", "Link    offline", "Clock   NOT SYNCED", "BACK:back");
        AssertLarge(panel, 2, "12");
    }

    [Fact]
    public void UnacknowledgedFaultReplacesTheScreen()
    {
        var panel = Show("fault");

        AssertLines(panel, "     !! FAULT !!", "", "Left hip probe", "Not answering", "Check plug and cable", "", "Fault is recorded", "OK:acknowledge");
        Assert.True(panel.PanelPixel(0, 0) && panel.PanelPixel(127, 7), "the title line is an inverse bar");
    }

    [Fact]
    public void AcknowledgedFaultIsABannerOnTheHintLine()
    {
        var panel = Show("fault-banner");

        AssertLines(panel, "TEMP ROUND        87%", null, null, null, null, null, null, "FAULT R hip stuck");
        AssertSmall(panel, 5, 13, "stuck");
        Assert.True(panel.PanelPixel(127, 60), "the hint line is an inverse bar");
        Assert.False(panel.PanelPixel(127, 4), "the title line is not");
    }

    [Fact]
    public void LowBatteryIsABannerOnTheTitleLine()
    {
        var panel = Show("low-battery-banner");

        AssertLines(panel, "LOW BATTERY       12%", "Measuring", null, null, null, null, $"Room 21.3{Deg}C", "BACK:cancel");
        AssertLarge(panel, 2, "L 36.4");
        Assert.True(panel.PanelPixel(127, 0), "the title line is an inverse bar");
    }

    [Fact]
    public void LowBatteryScreen()
    {
        var panel = Show("low-battery");

        AssertLines(panel, "     LOW BATTERY", "", null, null, "Charge only when", "detached from the", "patient.", "OK:continue");
        AssertLarge(panel, 2, "8%");
    }

    [Fact]
    public void NoScreenDrawsPastThe21ColumnTextGrid()
    {
        foreach (var entry in ScreenGallery.All)
        {
            var panel = ScreenGallery.Show(entry.Model);
            for (int page = 0; page < FrameBuffer.Pages; page++)
            {
                // Pixel columns 126-127 lie outside the grid: blank, or part of a full-width inverse bar.
                byte a = panel.Gddram[page * 128 + 126], b = panel.Gddram[page * 128 + 127];
                Assert.True(a == b && (a == 0x00 || a == 0xFF), $"{entry.Name}: page {page} spills past column 21\n{panel.RenderHalfBlocks()}");
            }
        }
    }

    [Fact]
    public void WorkflowHintOverridesTheDefault()
    {
        var model = ScreenGallery.All.Single(e => e.Name == "idle").Model;
        var copy = new ScreenModel { UnitId = model.UnitId, BatteryPercent = 50, Hint = "OK:round CAP:ROM" };

        AssertSmall(ScreenGallery.Show(copy), 7, 0, "OK:round CAP:ROM");
    }

    [Fact]
    public void ValuesTooWideForTheLayoutShowDashesNotACutNumber()
    {
        var model = new ScreenModel { Screen = ScreenKind.TemperatureRound, LeftTempC = 123.4, RightTempC = -45.6 };

        var panel = ScreenGallery.Show(model);

        AssertLarge(panel, 2, "L --.-");
        AssertLarge(panel, 4, "R --.-");
    }

    [Fact]
    public void RenderingReplacesThePreviousFrameCompletely()
    {
        var renderer = new ScreenRenderer();
        var frame = new FrameBuffer();
        var fault = ScreenGallery.All.Single(e => e.Name == "fault").Model;
        var idle = ScreenGallery.All.Single(e => e.Name == "idle").Model;

        renderer.Render(fault, frame);
        renderer.Render(idle, frame);
        var again = new FrameBuffer();
        new ScreenRenderer().Render(idle, again);

        Assert.Equal(again.Buffer, frame.Buffer);
    }

    [Fact]
    public void EveryEnumValueHasItsOwnWordsWithinTheLayoutWidths()
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            Assert.InRange(UiText.ChannelName(channel).Length, 1, 21);
            Assert.InRange(UiText.ChannelShort(channel).Length, 1, 5);
            Assert.NotEqual("Unknown channel", UiText.ChannelName(channel));
            foreach (var status in Enum.GetValues<SensorStatus>())
            {
                Assert.InRange(UiText.Action(channel, status).Length, 1, 21);
                Assert.InRange(UiText.ActionMore(channel, status).Length, 0, 21);
            }
        }

        foreach (var status in Enum.GetValues<SensorStatus>())
        {
            Assert.InRange(UiText.StatusText(status).Length, 1, 21);
            Assert.InRange(UiText.StatusShort(status).Length, 1, 8);
            Assert.NotEqual("Unknown fault", UiText.StatusText(status));
        }

        foreach (var movement in Enum.GetValues<Movement>())
        {
            Assert.InRange(UiText.MovementName(movement).Length, 1, 21);
            Assert.NotEqual("Movement?", UiText.MovementName(movement));
        }

        Assert.Equal(Enum.GetValues<SensorStatus>().Length, Enum.GetValues<SensorStatus>().Select(UiText.StatusShort).Distinct().Count());
    }
}
