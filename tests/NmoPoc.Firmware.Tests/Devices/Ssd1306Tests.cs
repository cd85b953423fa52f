using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.Tests.Devices;

/// <summary>The driver against the register-level simulated SSD1306 (datasheet Rev 1.1).</summary>
public class Ssd1306Tests
{
    private readonly SimulatedSsd1306 _panel = new();
    private readonly Ssd1306 _display;

    public Ssd1306Tests()
    {
        _display = new Ssd1306(_panel);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    [Fact]
    public void InitializeSendsThePowerUpSequenceAsOneCommandStream()
    {
        Assert.Equal(I2cStatus.Ok, _display.Initialize());

        var write = Assert.Single(_panel.Writes);
        // 00 command stream | AE off | D5 80 clock | A8 3F mux 64 | D3 00 offset | 40 start line | 8D 14 pump on
        // | 20 00 horizontal | A1 C8 orientation | DA 12 COM pins | 81 CF contrast | D9 F1 precharge
        // | DB 20 VCOMH | 2E scroll off | A4 RAM | A6 normal | AF on
        Assert.Equal(
            "00" + "AE" + "D580" + "A83F" + "D300" + "40" + "8D14" + "2000" + "A1" + "C8" + "DA12" + "81CF" + "D9F1"
            + "DB20" + "2E" + "A4" + "A6" + "AF",
            Hex(write));
        Assert.True(_display.IsInitialized);
    }

    [Fact]
    public void InitializeLeavesTheControllerAsThe128x64ModuleNeedsIt()
    {
        _display.Initialize();

        Assert.True(_panel.DisplayOn);
        Assert.True(_panel.ChargePumpEnabled);
        Assert.Equal(0, _panel.AddressingMode);
        Assert.Equal(63, _panel.MultiplexRatio);
        Assert.Equal(0x12, _panel.ComPins);
        Assert.True(_panel.SegmentRemap);
        Assert.True(_panel.ComScanRemapped);
        Assert.Equal(0, _panel.StartLine);
        Assert.Equal(0, _panel.DisplayOffset);
        Assert.Equal(Ssd1306.DefaultContrast, _panel.Contrast);
        Assert.False(_panel.EntireDisplayOn);
        Assert.False(_panel.Inverse);
        Assert.False(_panel.ScrollActive);
        Assert.Empty(_panel.UnknownCommands);
        Assert.Empty(_panel.ProtocolErrors);
    }

    [Fact]
    public void FirstFlushOverwritesWhatGddramHeldAtPowerOn()
    {
        Assert.Contains(_panel.Gddram, b => b != 0); // the chip does not clear GDDRAM at reset

        _display.Frame.Clear();
        Assert.Equal(I2cStatus.Ok, _display.Flush()); // initialises on its own first

        Assert.All(_panel.Gddram, b => Assert.Equal(0, b));
        Assert.True(_panel.DisplayOn);
    }

    [Fact]
    public void FlushSendsExactlyTheFramePageByPage()
    {
        _display.Initialize();
        _panel.ClearWrites();
        new Random(7).NextBytes(_display.Frame.Buffer);

        Assert.Equal(I2cStatus.Ok, _display.Flush());

        Assert.Equal(_display.Frame.Buffer, _panel.Gddram);
        Assert.Equal(16, _panel.Writes.Count);
        for (int page = 0; page < 8; page++)
        {
            // Window: columns 0-127 of this page only, then 0x40 and the page's 128 bytes.
            Assert.Equal($"00" + "21007F" + $"22{page:X2}{page:X2}", Hex(_panel.Writes[2 * page]));
            var data = _panel.Writes[2 * page + 1];
            Assert.Equal(129, data.Length);
            Assert.Equal(0x40, data[0]);
            Assert.Equal(_display.Frame.Buffer.AsSpan(page * 128, 128).ToArray(), data[1..]);
        }

        Assert.Equal(8, _display.PagesSent);
    }

    [Fact]
    public void UnchangedPagesAreNotSentAgain()
    {
        new Random(3).NextBytes(_display.Frame.Buffer);
        _display.Flush();
        _panel.ClearWrites();

        Assert.Equal(I2cStatus.Ok, _display.Flush());
        Assert.Empty(_panel.Writes);

        _display.Frame.SetPixel(40, 45, !_display.Frame.GetPixel(40, 45)); // page 5
        Assert.Equal(I2cStatus.Ok, _display.Flush());

        Assert.Equal(2, _panel.Writes.Count);
        Assert.Equal("0021007F220505", Hex(_panel.Writes[0]));
        Assert.Equal(_display.Frame.Buffer, _panel.Gddram);
    }

    [Fact]
    public void ForgetPanelContentsResendsEveryPage()
    {
        _display.Flush();
        _panel.ClearWrites();

        _display.ForgetPanelContents();
        _display.Flush();

        Assert.Equal(16, _panel.Writes.Count);
    }

    [Fact]
    public void AGlyphLandsAtTheRightGddramBytes()
    {
        _display.Frame.Clear();
        _display.Frame.DrawChar('A', 3 * Font5x7.CellWidth, 2);
        _display.Flush();

        // 'A' in the font's picture, top row first. Bit 0 of a GDDRAM byte is the top row of its page (8.7).
        string[] picture = { ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#", "....." };
        int x0 = 18, y0 = 16; // text column 3 of line 2
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                bool expected = x < 5 && picture[y][x] == '#';
                Assert.True(expected == _panel.PanelPixel(x0 + x, y0 + y), $"pixel ({x0 + x},{y0 + y})\n{_panel.RenderAscii()}");
            }
        }

        Assert.Equal(new byte[] { 0x7E, 0x09, 0x09, 0x09, 0x7E, 0x00 }, _panel.Gddram.AsSpan(2 * 128 + 18, 6).ToArray());
        Assert.Equal("A", _panel.ReadText(2, 3, 1));
    }

    [Fact]
    public void LargeTextReadsBack()
    {
        _display.Frame.Clear();
        _display.Frame.DrawLargeText("L 36.4" + Font5x7.Degree, 0, 2);
        _display.Flush();

        Assert.Equal("L 36.4" + Font5x7.Degree, _panel.ReadLargeText(2, 0, 7));
        // Lines 2 and 3 hold large text, which is not small text.
        Assert.Contains(GddramText.Unreadable, _panel.ReadText(2, 0, 6));
    }

    [Fact]
    public void UnpluggedPanelGivesAddressNackAndIsCountedNotThrown()
    {
        _panel.Unplugged = true;

        Assert.Equal(I2cStatus.AddressNack, _display.Initialize());
        int attempts = _panel.WriteCount;
        Assert.Equal(I2cStatus.AddressNack, _display.Flush());

        Assert.Equal(attempts + 1, _panel.WriteCount); // one NACK per flush, not one per page
        Assert.Equal(2, _display.FailedTransfers);
        Assert.Equal(I2cStatus.AddressNack, _display.LastStatus);
        Assert.False(_display.IsInitialized);
    }

    [Fact]
    public void ReplugAfterPowerLossIsRecoveredByTheNextFlush()
    {
        _display.Frame.DrawText("HELLO", 0, 0);
        _display.Flush();

        _panel.Unplugged = true;
        _display.Frame.DrawText("AGAIN", 0, 1);
        Assert.Equal(I2cStatus.AddressNack, _display.Flush());

        _panel.Unplugged = false;
        _panel.PowerOn(seed: 99); // the module lost power: registers reset, GDDRAM garbage
        _panel.ClearWrites();
        Assert.Equal(I2cStatus.Ok, _display.Flush());

        Assert.Equal(0xAE, _panel.Writes[0][1]); // set up again first
        Assert.True(_panel.DisplayOn && _panel.ChargePumpEnabled);
        Assert.Equal(_display.Frame.Buffer, _panel.Gddram);
        Assert.Equal("HELLO", _panel.ReadLine(0));
        Assert.Equal("AGAIN", _panel.ReadLine(1));
    }

    [Fact]
    public void DataNackInTheMiddleOfAFlushIsRepairedByTheNextFlush()
    {
        _display.Initialize();
        new Random(11).NextBytes(_display.Frame.Buffer);
        int failAt = _panel.WriteCount + 7; // the data stream of page 3
        _panel.WriteFault = i => i == failAt ? I2cStatus.DataNack : I2cStatus.Ok;

        Assert.Equal(I2cStatus.DataNack, _display.Flush());
        Assert.Equal(failAt + 1, _panel.WriteCount); // stopped at the failure
        Assert.Equal(1, _display.FailedTransfers);

        Assert.Equal(I2cStatus.Ok, _display.Flush());
        Assert.Equal(_display.Frame.Buffer, _panel.Gddram);
    }

    [Fact]
    public void TooFastBusIsRefusedWithoutTouchingIt()
    {
        _panel.BusClockHz = 1_000_000;

        Assert.False(_display.BusClockSupported);
        Assert.Equal(I2cStatus.BusError, _display.Initialize());
        Assert.Equal(0, _panel.WriteCount);
    }

    [Fact]
    public void ContrastAndDisplayOffSurviveReinitialisation()
    {
        _display.Initialize();
        _panel.ClearWrites();

        Assert.Equal(I2cStatus.Ok, _display.SetContrast(0x20));
        Assert.Equal(I2cStatus.Ok, _display.SetDisplayOn(false));
        Assert.Equal("008120", Hex(_panel.Writes[0]));
        Assert.Equal("00AE", Hex(_panel.Writes[1]));

        _panel.PowerOn();
        _display.Initialize();
        Assert.Equal(0x20, _panel.Contrast);
        Assert.False(_panel.DisplayOn);
    }

    [Fact]
    public void TheDriverNeverReads()
    {
        _display.Flush();
        _display.SetContrast(1);
        _display.Frame.Fill(0xFF);
        _display.Flush();

        Assert.Equal(0, _panel.ReadAttempts);
    }

    [Fact]
    public void BytesWrittenCountsControlAndDataBytes()
    {
        _display.Flush();

        // init (27 bytes) + 8 × (7-byte window + 129-byte data)
        Assert.Equal(27 + 8 * (7 + 129), _display.BytesWritten);
    }
}

/// <summary>The font table: unambiguous, so text can be read back from GDDRAM.</summary>
public class Font5x7Tests
{
    private static byte[] Glyph(int index) => Font5x7.Glyphs.AsSpan(index * 5, 5).ToArray();

    [Fact]
    public void CoversPrintableAsciiAndTheDegreeSign()
    {
        Assert.Equal(Font5x7.GlyphCount * Font5x7.GlyphWidth, Font5x7.Glyphs.Length);
        for (char c = ' '; c <= '~'; c++)
        {
            Assert.Equal(c, Font5x7.CharAt(Font5x7.IndexOf(c)));
        }

        Assert.Equal(Font5x7.Degree, Font5x7.CharAt(Font5x7.IndexOf('\u00B0')));
        Assert.Equal('?', Font5x7.CharAt(Font5x7.IndexOf('\u20AC'))); // outside the font
    }

    [Fact]
    public void EveryGlyphIsDistinctAndOnlySpaceIsBlank()
    {
        var seen = new Dictionary<string, char>();
        for (int i = 0; i < Font5x7.GlyphCount; i++)
        {
            string key = Convert.ToHexString(Glyph(i));
            Assert.False(seen.ContainsKey(key), $"'{Font5x7.CharAt(i)}' looks like '{(seen.TryGetValue(key, out var o) ? o : ' ')}'");
            seen[key] = Font5x7.CharAt(i);
            Assert.Equal(Font5x7.CharAt(i) == ' ', Glyph(i).All(b => b == 0));
        }
    }

    [Fact]
    public void OnlyDescendersUseTheEighthRow()
    {
        for (int i = 0; i < Font5x7.GlyphCount; i++)
        {
            bool usesRow7 = Glyph(i).Any(b => (b & 0x80) != 0);
            Assert.Equal("gjpqy".Contains(Font5x7.CharAt(i)), usesRow7);
        }
    }

    [Fact]
    public void DigitsOneAndLowercaseLAndCapitalIDiffer()
    {
        Assert.NotEqual(Glyph(Font5x7.IndexOf('1')), Glyph(Font5x7.IndexOf('l')));
        Assert.NotEqual(Glyph(Font5x7.IndexOf('1')), Glyph(Font5x7.IndexOf('I')));
        Assert.NotEqual(Glyph(Font5x7.IndexOf('0')), Glyph(Font5x7.IndexOf('O')));
    }
}

/// <summary>The simulated controller itself, byte streams written by hand from the datasheet.</summary>
public class SimulatedSsd1306Tests
{
    private readonly SimulatedSsd1306 _panel = new();

    private void Send(params byte[] bytes) => Assert.Equal(I2cStatus.Ok, _panel.Write(bytes, bytes.Length));

    [Fact]
    public void ResetStateIsPageAddressingWithTheDisplayOff()
    {
        Assert.Equal(2, _panel.AddressingMode);
        Assert.False(_panel.DisplayOn);
        Assert.False(_panel.ChargePumpEnabled);
        Assert.Equal(0x7F, _panel.Contrast);
        Assert.False(_panel.PanelPixel(0, 0));
    }

    [Fact]
    public void HorizontalModeWrapsInsideTheColumnAndPageWindow()
    {
        // 10.1.3 / 10.1.4 / 10.1.5: window columns 10-12, pages 1-2; 7 bytes wrap to the window start.
        Send(0x00, 0x20, 0x00, 0x21, 10, 12, 0x22, 1, 2);
        var before = _panel.Gddram.ToArray();
        Send(0x40, 1, 2, 3, 4, 5, 6, 7);

        // 1-3 on page 1, 4-6 on page 2, then 7 wrapped back over 1 at page 1, column 10.
        Assert.Equal(new byte[] { 7, 2, 3 }, _panel.Gddram.AsSpan(128 + 10, 3).ToArray());
        Assert.Equal(new byte[] { 4, 5, 6 }, _panel.Gddram.AsSpan(256 + 10, 3).ToArray());
        for (int i = 0; i < before.Length; i++)
        {
            bool inWindow = (i / 128 == 1 || i / 128 == 2) && i % 128 >= 10 && i % 128 <= 12;
            if (!inWindow)
            {
                Assert.Equal(before[i], _panel.Gddram[i]);
            }
        }
        Assert.Equal(11, _panel.ColumnPointer);
        Assert.Equal(1, _panel.PagePointer);
    }

    [Fact]
    public void VerticalModeFillsAColumnDownThePagesFirst()
    {
        Send(0x00, 0x20, 0x01, 0x21, 5, 6, 0x22, 0, 1);
        Send(0x40, 1, 2, 3, 4);

        Assert.Equal(1, _panel.Gddram[5]);
        Assert.Equal(2, _panel.Gddram[128 + 5]);
        Assert.Equal(3, _panel.Gddram[6]);
        Assert.Equal(4, _panel.Gddram[128 + 6]);
    }

    [Fact]
    public void PageModeUsesB0ToB7AndTheNibbleColumnCommands()
    {
        // 10.1.1, 10.1.2, 10.1.13: page 3, column 0x25 = 0x05 low nibble + 0x12 high nibble.
        Send(0x00, 0xB3, 0x05, 0x12);
        Send(0x40, 0xAA, 0xBB);

        Assert.Equal(0xAA, _panel.Gddram[3 * 128 + 0x25]);
        Assert.Equal(0xBB, _panel.Gddram[3 * 128 + 0x26]);
        Assert.Equal(3, _panel.PagePointer);
    }

    [Fact]
    public void ContinuationControlBytesCarryOneByteEach()
    {
        // 8.1.5.1: Co = 1 → one byte then another control byte; 80h command, C0h data.
        Send(0x80, 0xAF, 0x80, 0xB2, 0xC0, 0x5A, 0x00, 0xA7);

        Assert.True(_panel.DisplayOn);
        Assert.Equal(0x5A, _panel.Gddram[2 * 128]);
        Assert.True(_panel.Inverse);
        Assert.Empty(_panel.ProtocolErrors);
    }

    [Fact]
    public void ACommandParameterMayArriveInTheNextTransfer()
    {
        Send(0x00, 0x81);
        Send(0x00, 0x10);

        Assert.Equal(0x10, _panel.Contrast);
        Assert.Empty(_panel.UnknownCommands);
    }

    [Fact]
    public void ReservedBitsAndInvalidValuesAreReported()
    {
        Send(0x01, 0xAF);
        Send(0x00, 0x20, 0x03, 0xA8, 0x05, 0xFF);

        Assert.Equal(3, _panel.ProtocolErrors.Count);
        Assert.Equal(new byte[] { 0xFF }, _panel.UnknownCommands);
    }

    [Fact]
    public void PanelIsDarkWithoutTheChargePumpAndMirroredWithoutRemap()
    {
        Send(0x00, 0x20, 0x00, 0x21, 0, 127, 0x22, 0, 7);
        Send(0x40, 0x01); // top-left pixel of GDDRAM
        Send(0x00, 0xAF);
        Assert.False(_panel.PanelPixel(0, 0)); // no VCC: nothing lights

        Send(0x00, 0x8D, 0x14);
        Assert.True(_panel.PanelPixel(127, 63)); // reset orientation: opposite corner
        Send(0x00, 0xA1, 0xC8);
        Assert.True(_panel.PanelPixel(0, 0));
        Send(0x00, 0xA7);
        Assert.False(_panel.PanelPixel(0, 0));
        Send(0x00, 0xA5);
        Assert.True(_panel.PanelPixel(0, 0));
    }

    [Fact]
    public void FaultsAndReads()
    {
        _panel.Unplugged = true;
        Assert.Equal(I2cStatus.AddressNack, _panel.Write(new byte[] { 0x00, 0xAF }, 2));
        Assert.False(_panel.DisplayOn);
        Assert.Empty(_panel.Writes);

        _panel.Unplugged = false;
        Assert.Equal(I2cStatus.BusError, _panel.Read(new byte[1], 1));
        Assert.Equal(1, _panel.ReadAttempts);
    }
}
