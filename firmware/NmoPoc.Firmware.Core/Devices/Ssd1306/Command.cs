namespace NmoPoc.Firmware.Devices.Ssd1306
{
    /// <summary>
    /// SSD1306 command codes used by this driver (datasheet Rev 1.1, section 9 "Command Table", Table 9-1, and
    /// section 10; charge pump: section 8.10 "Charge Pump Regulator", added in later revisions, Rev 1.5 here).
    /// Parameter bytes follow in the same command stream.
    /// </summary>
    public enum Command : byte
    {
        /// <summary>20h + A[1:0]: 00b horizontal, 01b vertical, 10b page addressing (reset). 10.1.3.</summary>
        SetMemoryAddressingMode = 0x20,

        /// <summary>21h + start + end column (0-127). Horizontal/vertical mode only. 10.1.4.</summary>
        SetColumnAddress = 0x21,

        /// <summary>22h + start + end page (0-7). Horizontal/vertical mode only. 10.1.5.</summary>
        SetPageAddress = 0x22,

        /// <summary>2Eh: stop any scroll left running by a previous boot. 10.2.3.</summary>
        DeactivateScroll = 0x2E,

        /// <summary>40h-7Fh: display start line in the low 6 bits. 10.1.6.</summary>
        SetDisplayStartLine = 0x40,

        /// <summary>81h + contrast (1-256 steps, reset 7Fh). 10.1.7.</summary>
        SetContrast = 0x81,

        /// <summary>8Dh + 14h enable / 10h disable the internal charge pump, before display on (Rev 1.5, 8.10).</summary>
        ChargePumpSetting = 0x8D,

        /// <summary>A0h: column 0 on SEG0 (reset). 10.1.8.</summary>
        SegmentRemapNormal = 0xA0,

        /// <summary>A1h: column 127 on SEG0. With <see cref="ComScanRemapped"/> the usual 128×64 module shows page 0 at the top left.</summary>
        SegmentRemapMirrored = 0xA1,

        /// <summary>A4h: output follows GDDRAM (reset). 10.1.9.</summary>
        EntireDisplayResume = 0xA4,

        /// <summary>A5h: every pixel on regardless of GDDRAM (test only).</summary>
        EntireDisplayOn = 0xA5,

        /// <summary>A6h: a 1 bit lights a pixel (reset). 10.1.10.</summary>
        NormalDisplay = 0xA6,

        /// <summary>A7h: a 0 bit lights a pixel.</summary>
        InverseDisplay = 0xA7,

        /// <summary>A8h + MUX ratio − 1 (15-63). 10.1.11.</summary>
        SetMultiplexRatio = 0xA8,

        /// <summary>AEh: panel off, sleep (reset). 10.1.12.</summary>
        DisplayOff = 0xAE,

        /// <summary>AFh: panel on.</summary>
        DisplayOn = 0xAF,

        /// <summary>C0h: scan COM0 to COM[N−1] (reset). 10.1.14.</summary>
        ComScanNormal = 0xC0,

        /// <summary>C8h: scan COM[N−1] to COM0 (vertical flip).</summary>
        ComScanRemapped = 0xC8,

        /// <summary>D3h + vertical shift by COM (0-63). 10.1.15.</summary>
        SetDisplayOffset = 0xD3,

        /// <summary>D5h + A[3:0] divide ratio − 1, A[7:4] oscillator frequency (reset 80h). 10.1.16.</summary>
        SetDisplayClock = 0xD5,

        /// <summary>D9h + A[3:0] phase 1, A[7:4] phase 2, in DCLKs (reset 22h). 10.1.17.</summary>
        SetPrechargePeriod = 0xD9,

        /// <summary>DAh + 02h | A[4] alternative COM pins | A[5] left/right remap (reset 12h). 10.1.18.</summary>
        SetComPins = 0xDA,

        /// <summary>DBh + 00h ~0.65, 20h ~0.77 (reset), 30h ~0.83 × VCC. 10.1.19.</summary>
        SetVcomhDeselectLevel = 0xDB,

        /// <summary>E3h: no operation. 10.1.20.</summary>
        Nop = 0xE3,
    }

    /// <summary>
    /// The control byte that opens every I2C write after the address (datasheet 8.1.5.1, Figure 8-7):
    /// bit 7 Co (continuation), bit 6 D/C# (data or command). With Co = 0 the rest of the transfer is one stream.
    /// </summary>
    public static class ControlByte
    {
        /// <summary>Co = 0, D/C# = 0: every following byte is a command or command parameter.</summary>
        public const byte CommandStream = 0x00;

        /// <summary>Co = 0, D/C# = 1: every following byte goes to GDDRAM.</summary>
        public const byte DataStream = 0x40;

        /// <summary>Co bit: one byte follows, then another control byte.</summary>
        public const byte Continuation = 0x80;

        /// <summary>D/C# bit.</summary>
        public const byte Data = 0x40;
    }
}
