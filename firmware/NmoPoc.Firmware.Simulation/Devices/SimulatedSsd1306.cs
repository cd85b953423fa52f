using System.Text;
using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Register-level SSD1306 on I2C, as the datasheet (Rev 1.1) describes it: control bytes (8.1.5.1), the command
/// decoder with its parameter bytes (Table 9-1; charge pump: Rev 1.5 section 8.10), the three addressing modes with their
/// column/page windows (10.1.3-10.1.5) and a 128×64 GDDRAM (8.7). The decoder state survives between
/// transfers, as on the chip. It can show what the panel would show (<see cref="PanelPixel"/>), as text for
/// test messages and docs, and read text back out of GDDRAM through the font table.
/// </summary>
public sealed class SimulatedSsd1306 : II2cDevice
{
    public const int Width = 128;
    public const int Height = 64;
    public const int Pages = 8;

    private readonly List<byte[]> _writes = new();
    private readonly List<byte> _unknownCommands = new();
    private readonly List<string> _protocolErrors = new();
    private readonly byte[] _parameters = new byte[8];
    private byte _pendingCommand;
    private int _parameterCount;
    private int _parametersNeeded;
    private int _pageModeColumnStart;

    public SimulatedSsd1306(int address = Ssd1306.DefaultAddress)
    {
        Address = address;
        PowerOn();
    }

    public int Address { get; }

    /// <summary>The unit's sensor bus runs at 400 kHz (hardware/wiring.json).</summary>
    public int BusClockHz { get; set; } = 400_000;

    /// <summary>Module unplugged: nothing acknowledges the address.</summary>
    public bool Unplugged { get; set; }

    /// <summary>Optional fault per write: given the 0-based write index, the status to return (Ok to accept).</summary>
    public Func<int, I2cStatus>? WriteFault { get; set; }

    /// <summary>Keep a copy of every accepted write (on by default). Off, a write allocates nothing.</summary>
    public bool RecordWrites { get; set; } = true;

    /// <summary>Writes attempted since construction (accepted or not).</summary>
    public int WriteCount { get; private set; }

    /// <summary>Reads attempted: the driver never needs one, so tests expect 0.</summary>
    public int ReadAttempts { get; private set; }

    public IReadOnlyList<byte[]> Writes => _writes;

    /// <summary>Command bytes the decoder did not recognise.</summary>
    public IReadOnlyList<byte> UnknownCommands => _unknownCommands;

    /// <summary>Misuse of the protocol (reserved control bits, invalid parameter values).</summary>
    public IReadOnlyList<string> ProtocolErrors => _protocolErrors;

    public byte[] Gddram { get; } = new byte[Width * Pages];

    // Registers, at their reset values (Table 9-1 "Reset" column).
    public int AddressingMode { get; private set; }
    public int ColumnStart { get; private set; }
    public int ColumnEnd { get; private set; }
    public int PageStart { get; private set; }
    public int PageEnd { get; private set; }
    public int ColumnPointer { get; private set; }
    public int PagePointer { get; private set; }
    public bool DisplayOn { get; private set; }
    public int Contrast { get; private set; }
    public bool ChargePumpEnabled { get; private set; }
    public bool SegmentRemap { get; private set; }
    public bool ComScanRemapped { get; private set; }
    public int MultiplexRatio { get; private set; }
    public int DisplayOffset { get; private set; }
    public int StartLine { get; private set; }
    public int ClockDivide { get; private set; }
    public int Precharge { get; private set; }
    public int ComPins { get; private set; }
    public int VcomhLevel { get; private set; }
    public bool EntireDisplayOn { get; private set; }
    public bool Inverse { get; private set; }
    public bool ScrollActive { get; private set; }

    /// <summary>
    /// Power cycle: registers to reset values and GDDRAM to arbitrary content (the chip does not clear it).
    /// A fixed seed keeps tests repeatable.
    /// </summary>
    public void PowerOn(int seed = 1306)
    {
        new Random(seed).NextBytes(Gddram);
        AddressingMode = 2;
        ColumnStart = 0;
        ColumnEnd = Width - 1;
        PageStart = 0;
        PageEnd = Pages - 1;
        ColumnPointer = 0;
        PagePointer = 0;
        _pageModeColumnStart = 0;
        DisplayOn = false;
        Contrast = 0x7F;
        ChargePumpEnabled = false;
        SegmentRemap = false;
        ComScanRemapped = false;
        MultiplexRatio = 63;
        DisplayOffset = 0;
        StartLine = 0;
        ClockDivide = 0x80;
        Precharge = 0x22;
        ComPins = 0x12;
        VcomhLevel = 0x20;
        EntireDisplayOn = false;
        Inverse = false;
        ScrollActive = false;
        _parametersNeeded = 0;
        _parameterCount = 0;
    }

    public void ClearWrites() => _writes.Clear();

    public I2cStatus Write(byte[] buffer, int count)
    {
        int index = WriteCount++;
        if (Unplugged)
        {
            return I2cStatus.AddressNack;
        }

        I2cStatus fault = WriteFault?.Invoke(index) ?? I2cStatus.Ok;
        if (fault != I2cStatus.Ok)
        {
            return fault;
        }

        if (RecordWrites)
        {
            _writes.Add(buffer.AsSpan(0, count).ToArray());
        }

        Receive(buffer, count);
        return I2cStatus.Ok;
    }

    public I2cStatus Read(byte[] buffer, int count)
    {
        ReadAttempts++;
        return Unplugged ? I2cStatus.AddressNack : I2cStatus.BusError;
    }

    public I2cStatus WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        ReadAttempts++;
        return Unplugged ? I2cStatus.AddressNack : I2cStatus.BusError;
    }

    /// <summary>8.1.5.1: each control byte says Co (one byte, then another control byte) and D/C# (data or command).</summary>
    private void Receive(byte[] buffer, int count)
    {
        int i = 0;
        while (i < count)
        {
            byte control = buffer[i++];
            if ((control & 0x3F) != 0)
            {
                _protocolErrors.Add($"control byte 0x{control:X2} has reserved bits set");
            }

            bool data = (control & ControlByte.Data) != 0;
            bool single = (control & ControlByte.Continuation) != 0;
            int end = single ? Math.Min(i + 1, count) : count;
            for (; i < end; i++)
            {
                if (data)
                {
                    WriteData(buffer[i]);
                }
                else
                {
                    WriteCommand(buffer[i]);
                }
            }
        }
    }

    private void WriteData(byte value)
    {
        Gddram[PagePointer * Width + ColumnPointer] = value;
        switch (AddressingMode)
        {
            case 0: // horizontal: column first, then page, both wrapping inside the window
                if (++ColumnPointer > ColumnEnd)
                {
                    ColumnPointer = ColumnStart;
                    if (++PagePointer > PageEnd)
                    {
                        PagePointer = PageStart;
                    }
                }

                break;
            case 1: // vertical: page first, then column
                if (++PagePointer > PageEnd)
                {
                    PagePointer = PageStart;
                    if (++ColumnPointer > ColumnEnd)
                    {
                        ColumnPointer = ColumnStart;
                    }
                }

                break;
            default: // page: column wraps, page stays
                if (++ColumnPointer > Width - 1)
                {
                    ColumnPointer = _pageModeColumnStart;
                }

                break;
        }
    }

    private void WriteCommand(byte value)
    {
        if (_parametersNeeded > 0)
        {
            _parameters[_parameterCount++] = value;
            if (_parameterCount == _parametersNeeded)
            {
                _parametersNeeded = 0;
                Execute(_pendingCommand);
            }

            return;
        }

        int needed = ParameterCount(value);
        if (needed > 0)
        {
            _pendingCommand = value;
            _parameterCount = 0;
            _parametersNeeded = needed;
            return;
        }

        if (value <= 0x0F)
        {
            _pageModeColumnStart = (_pageModeColumnStart & 0x70) | value;
            ColumnPointer = _pageModeColumnStart;
        }
        else if (value <= 0x1F)
        {
            _pageModeColumnStart = ((value & 0x07) << 4) | (_pageModeColumnStart & 0x0F);
            ColumnPointer = _pageModeColumnStart;
        }
        else if (value >= 0x40 && value <= 0x7F)
        {
            StartLine = value & 0x3F;
        }
        else if (value >= 0xB0 && value <= 0xB7)
        {
            PagePointer = value & 0x07;
        }
        else
        {
            switch (value)
            {
                case 0x2E: ScrollActive = false; break;
                case 0x2F: ScrollActive = true; break;
                case 0xA0: SegmentRemap = false; break;
                case 0xA1: SegmentRemap = true; break;
                case 0xA4: EntireDisplayOn = false; break;
                case 0xA5: EntireDisplayOn = true; break;
                case 0xA6: Inverse = false; break;
                case 0xA7: Inverse = true; break;
                case 0xAE: DisplayOn = false; break;
                case 0xAF: DisplayOn = true; break;
                case 0xC0: ComScanRemapped = false; break;
                case 0xC8: ComScanRemapped = true; break;
                case 0xE3: break;
                default: _unknownCommands.Add(value); break;
            }
        }
    }

    private static int ParameterCount(byte command) => command switch
    {
        0x20 or 0x81 or 0x8D or 0xA8 or 0xD3 or 0xD5 or 0xD9 or 0xDA or 0xDB => 1,
        0x21 or 0x22 or 0xA3 => 2,
        0x29 or 0x2A => 5,
        0x26 or 0x27 => 6,
        _ => 0,
    };

    private void Execute(byte command)
    {
        byte p0 = _parameters[0];
        switch (command)
        {
            case 0x20:
                if ((p0 & 0x03) == 0x03)
                {
                    _protocolErrors.Add("20h: addressing mode 11b is invalid");
                }
                else
                {
                    AddressingMode = p0 & 0x03;
                }

                break;
            case 0x21:
                ColumnStart = p0 & 0x7F;
                ColumnEnd = _parameters[1] & 0x7F;
                ColumnPointer = ColumnStart;
                break;
            case 0x22:
                PageStart = p0 & 0x07;
                PageEnd = _parameters[1] & 0x07;
                PagePointer = PageStart;
                break;
            case 0x81: Contrast = p0; break;
            case 0x8D: ChargePumpEnabled = (p0 & 0x04) != 0; break;
            case 0xA8:
                if ((p0 & 0x3F) < 15)
                {
                    _protocolErrors.Add($"A8h: MUX ratio {p0 & 0x3F} is below 15 (invalid)");
                }
                else
                {
                    MultiplexRatio = p0 & 0x3F;
                }

                break;
            case 0xD3: DisplayOffset = p0 & 0x3F; break;
            case 0xD5: ClockDivide = p0; break;
            case 0xD9: Precharge = p0; break;
            case 0xDA: ComPins = p0; break;
            case 0xDB: VcomhLevel = p0; break;
            default: break; // scroll set-up parameters: accepted, not modelled
        }
    }

    /// <summary>
    /// What the eye sees at panel pixel (x, y), y = 0 at the top, assuming the usual 128×64 module wiring in which
    /// segment remap (A1h) plus remapped COM scan (C8h) show GDDRAM column 0, page 0 bit 0 at the top left.
    /// Models display on/off, the charge pump (the module has no other VCC), entire-display-on, inverse,
    /// the multiplex ratio and the vertical shift of start line plus display offset.
    /// </summary>
    public bool PanelPixel(int x, int y)
    {
        if (!DisplayOn || !ChargePumpEnabled || y > MultiplexRatio)
        {
            return false;
        }

        if (EntireDisplayOn)
        {
            return true;
        }

        int column = SegmentRemap ? x : Width - 1 - x;
        int row = ComScanRemapped ? y : MultiplexRatio - y;
        row = (row + StartLine + DisplayOffset) % Height;
        bool bit = (Gddram[(row >> 3) * Width + column] & (1 << (row & 7))) != 0;
        return bit != Inverse;
    }

    /// <summary>The panel as 64 lines of 128 characters: '#' lit, '.' dark. For test failure messages.</summary>
    public string RenderAscii()
    {
        var text = new StringBuilder((Width + 1) * Height);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                text.Append(PanelPixel(x, y) ? '#' : '.');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The panel in 32 lines of 128 characters, two pixel rows per character (Unicode half blocks), framed.</summary>
    public string RenderHalfBlocks()
    {
        var text = new StringBuilder();
        text.Append('+').Append('-', Width).Append("+\n");
        for (int y = 0; y < Height; y += 2)
        {
            text.Append('|');
            for (int x = 0; x < Width; x++)
            {
                bool top = PanelPixel(x, y);
                bool bottom = PanelPixel(x, y + 1);
                text.Append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }

            text.Append("|\n");
        }

        text.Append('+').Append('-', Width).Append("+\n");
        return text.ToString();
    }

    /// <summary>The panel as a plain PBM (P1) image, 1 = lit.</summary>
    public string RenderPbm()
    {
        var text = new StringBuilder();
        text.Append("P1\n").Append(Width).Append(' ').Append(Height).Append('\n');
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                text.Append(PanelPixel(x, y) ? '1' : '0');
                text.Append(x == Width - 1 ? '\n' : ' ');
            }
        }

        return text.ToString();
    }

    /// <summary>Small text on a text line (page), read back from GDDRAM through the font table.</summary>
    public string ReadText(int line, int column, int length) => GddramText.Read(Gddram, line, column, length);

    /// <summary>A whole 21-column text line, trailing blanks removed.</summary>
    public string ReadLine(int line) => GddramText.Read(Gddram, line, 0, FrameBuffer.TextColumns).TrimEnd();

    /// <summary>Large (scale 2) text starting at pixel column <paramref name="x"/> over lines line and line + 1.</summary>
    public string ReadLargeText(int line, int x, int length) => GddramText.ReadLarge(Gddram, line, x, length);
}

/// <summary>
/// Reads characters out of page-ordered display memory (GDDRAM or a <see cref="FrameBuffer"/>) by matching
/// column bytes against <see cref="Font5x7"/>, so tests check what is drawn, not how. Inverse cells are read too.
/// A cell that matches no glyph reads as '\uFFFD'.
/// </summary>
public static class GddramText
{
    public const char Unreadable = '\uFFFD';

    public static string Read(byte[] memory, int line, int column, int length)
    {
        var text = new StringBuilder(length);
        var cell = new byte[Font5x7.CellWidth];
        for (int k = 0; k < length; k++)
        {
            int x = (column + k) * Font5x7.CellWidth;
            for (int i = 0; i < Font5x7.CellWidth; i++)
            {
                int col = x + i;
                cell[i] = col < FrameBuffer.Width ? memory[line * FrameBuffer.Width + col] : (byte)0;
            }

            text.Append(Match(cell));
        }

        return text.ToString();
    }

    public static string ReadLarge(byte[] memory, int line, int x, int length)
    {
        var text = new StringBuilder(length);
        var cell = new byte[Font5x7.CellWidth];
        for (int k = 0; k < length; k++)
        {
            bool readable = true;
            for (int i = 0; i < Font5x7.CellWidth && readable; i++)
            {
                int col = x + k * FrameBuffer.LargeCellWidth + 2 * i;
                int a = Column16(memory, line, col);
                int b = Column16(memory, line, col + 1);
                readable = a == b && TryHalve(a, out cell[i]);
            }

            text.Append(readable ? Match(cell) : Unreadable);
        }

        return text.ToString();
    }

    private static char Match(byte[] cell)
    {
        char normal = MatchGlyph(cell, 0x00);
        return normal != Unreadable ? normal : MatchGlyph(cell, 0xFF);
    }

    private static char MatchGlyph(byte[] cell, byte xor)
    {
        if ((cell[Font5x7.GlyphWidth] ^ xor) != 0)
        {
            return Unreadable;
        }

        for (int g = 0; g < Font5x7.GlyphCount; g++)
        {
            bool same = true;
            for (int i = 0; i < Font5x7.GlyphWidth && same; i++)
            {
                same = (cell[i] ^ xor) == Font5x7.Glyphs[g * Font5x7.GlyphWidth + i];
            }

            if (same)
            {
                return Font5x7.CharAt(g);
            }
        }

        return Unreadable;
    }

    private static int Column16(byte[] memory, int line, int col)
    {
        if (col >= FrameBuffer.Width || line + 1 >= FrameBuffer.Pages)
        {
            return -1;
        }

        return memory[line * FrameBuffer.Width + col] | (memory[(line + 1) * FrameBuffer.Width + col] << 8);
    }

    /// <summary>Undoes the scale-2 bit doubling; false if some bit pair differs (not large text).</summary>
    private static bool TryHalve(int sixteen, out byte bits)
    {
        bits = 0;
        if (sixteen < 0)
        {
            return false;
        }

        for (int bit = 0; bit < 8; bit++)
        {
            int pair = (sixteen >> (2 * bit)) & 3;
            if (pair == 3)
            {
                bits |= (byte)(1 << bit);
            }
            else if (pair != 0)
            {
                return false;
            }
        }

        return true;
    }
}
