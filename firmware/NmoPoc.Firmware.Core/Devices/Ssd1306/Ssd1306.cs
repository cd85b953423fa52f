using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Devices.Ssd1306
{
    /// <summary>
    /// SSD1306 128×64 OLED on I2C with the internal charge pump (UG-2864HSWEG01 module, 0x3C with SA0 low).
    /// Draw into <see cref="Frame"/>, then <see cref="Flush"/>: only pages that changed since the last good
    /// flush go on the bus, each as one column/page window command and one 128-byte data stream.
    /// Transfers never throw: every method returns the bus outcome, failures are counted, and the next
    /// <see cref="Flush"/> after a failure re-initialises the panel (it may have lost power) and resends everything.
    /// </summary>
    public sealed class Ssd1306
    {
        public const int DefaultAddress = 0x3C;

        /// <summary>I2C Fast-mode: the datasheet's I2C interface timing (section 13) gives a 2.5 µs minimum clock cycle.</summary>
        public const int MaxBusClockHz = 400000;

        /// <summary>Contrast used with the internal charge pump; the datasheet reset value is 7Fh.</summary>
        public const byte DefaultContrast = 0xCF;

        private const int PageTransferLength = 1 + FrameBuffer.Width;

        private readonly II2cDevice _device;
        private readonly byte[] _command = new byte[32];
        private readonly byte[] _pageData = new byte[PageTransferLength];
        // What the panel holds, as far as we know: compared with the frame to skip unchanged pages.
        private readonly byte[] _sent = new byte[FrameBuffer.Size];
        private readonly bool[] _pageKnown = new bool[FrameBuffer.Pages];
        private byte _contrast = DefaultContrast;
        private bool _displayOn = true;
        private bool _needsInit = true;

        public Ssd1306(II2cDevice device)
        {
            _device = device;
            Frame = new FrameBuffer();
        }

        /// <summary>Draw here; nothing reaches the panel until <see cref="Flush"/>.</summary>
        public FrameBuffer Frame { get; }

        /// <summary>True after an initialisation that the panel acknowledged and no failure since.</summary>
        public bool IsInitialized
        {
            get { return !_needsInit; }
        }

        /// <summary>Outcome of the most recent transfer.</summary>
        public I2cStatus LastStatus { get; private set; }

        /// <summary>Failed transfers since construction: a display fault is counted, never silent.</summary>
        public int FailedTransfers { get; private set; }

        /// <summary>Bytes written to the bus (control bytes included, address bytes not), for bus-time figures.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Pages sent by <see cref="Flush"/> since construction.</summary>
        public int PagesSent { get; private set; }

        public bool BusClockSupported
        {
            get { return _device.BusClockHz <= MaxBusClockHz; }
        }

        /// <summary>
        /// Sends the power-up sequence (one command stream, see README) and marks the panel contents unknown:
        /// GDDRAM is not cleared by reset, so the next <see cref="Flush"/> writes every page.
        /// </summary>
        public I2cStatus Initialize()
        {
            if (!BusClockSupported)
            {
                return Fail(I2cStatus.BusError);
            }

            int n = 0;
            _command[n++] = ControlByte.CommandStream;
            _command[n++] = (byte)Command.DisplayOff;
            _command[n++] = (byte)Command.SetDisplayClock;
            _command[n++] = 0x80; // divide ratio 1, oscillator frequency 8 (reset value)
            _command[n++] = (byte)Command.SetMultiplexRatio;
            _command[n++] = FrameBuffer.Height - 1;
            _command[n++] = (byte)Command.SetDisplayOffset;
            _command[n++] = 0x00;
            _command[n++] = (byte)Command.SetDisplayStartLine; // | line 0
            _command[n++] = (byte)Command.ChargePumpSetting;
            _command[n++] = 0x14; // enable: the module has no external VCC
            _command[n++] = (byte)Command.SetMemoryAddressingMode;
            _command[n++] = 0x00; // horizontal: a page window streams column after column
            _command[n++] = (byte)Command.SegmentRemapMirrored;
            _command[n++] = (byte)Command.ComScanRemapped;
            _command[n++] = (byte)Command.SetComPins;
            _command[n++] = 0x12; // alternative COM pin configuration, no left/right remap: 128×64 panels
            _command[n++] = (byte)Command.SetContrast;
            _command[n++] = _contrast;
            _command[n++] = (byte)Command.SetPrechargePeriod;
            _command[n++] = 0xF1; // phase 1 = 1 DCLK, phase 2 = 15 DCLK with the internal charge pump
            _command[n++] = (byte)Command.SetVcomhDeselectLevel;
            _command[n++] = 0x20; // ~0.77 × VCC (reset value)
            _command[n++] = (byte)Command.DeactivateScroll;
            _command[n++] = (byte)Command.EntireDisplayResume;
            _command[n++] = (byte)Command.NormalDisplay;
            _command[n++] = (byte)(_displayOn ? Command.DisplayOn : Command.DisplayOff);

            I2cStatus status = Write(_command, n);
            if (status != I2cStatus.Ok)
            {
                _needsInit = true;
                return status;
            }

            _needsInit = false;
            ForgetPanelContents();
            return I2cStatus.Ok;
        }

        /// <summary>
        /// Sends every page that differs from what the panel last acknowledged, re-initialising first if the
        /// panel was never set up or a transfer failed since. Stops at the first failure (a missing panel costs
        /// one NACK per flush, not eight).
        /// </summary>
        public I2cStatus Flush()
        {
            if (_needsInit)
            {
                I2cStatus init = Initialize();
                if (init != I2cStatus.Ok)
                {
                    return init;
                }
            }

            byte[] frame = Frame.Buffer;
            for (int page = 0; page < FrameBuffer.Pages; page++)
            {
                int offset = page * FrameBuffer.Width;
                if (_pageKnown[page] && SameBytes(frame, _sent, offset, FrameBuffer.Width))
                {
                    continue;
                }

                I2cStatus status = SendPage(page, frame, offset);
                if (status != I2cStatus.Ok)
                {
                    return status;
                }
            }

            return I2cStatus.Ok;
        }

        /// <summary>Resends all eight pages on the next <see cref="Flush"/> (after an ESD hit or a suspected glitch).</summary>
        public void ForgetPanelContents()
        {
            for (int page = 0; page < FrameBuffer.Pages; page++)
            {
                _pageKnown[page] = false;
            }
        }

        /// <summary>81h: contrast 0-255 (segment current, datasheet 8.8). Kept for re-initialisation.</summary>
        public I2cStatus SetContrast(byte contrast)
        {
            _contrast = contrast;
            return SendCommand((byte)Command.SetContrast, contrast, 2);
        }

        /// <summary>AFh / AEh. Off is the controller's sleep mode: GDDRAM is kept, the panel is dark.</summary>
        public I2cStatus SetDisplayOn(bool on)
        {
            _displayOn = on;
            return SendCommand((byte)(on ? Command.DisplayOn : Command.DisplayOff), 0, 1);
        }

        private I2cStatus SendPage(int page, byte[] frame, int offset)
        {
            int n = 0;
            _command[n++] = ControlByte.CommandStream;
            _command[n++] = (byte)Command.SetColumnAddress;
            _command[n++] = 0;
            _command[n++] = FrameBuffer.Width - 1;
            _command[n++] = (byte)Command.SetPageAddress;
            _command[n++] = (byte)page;
            _command[n++] = (byte)page;
            I2cStatus status = Write(_command, n);
            if (status != I2cStatus.Ok)
            {
                return status;
            }

            _pageData[0] = ControlByte.DataStream;
            Array.Copy(frame, offset, _pageData, 1, FrameBuffer.Width);
            status = Write(_pageData, PageTransferLength);
            if (status != I2cStatus.Ok)
            {
                return status;
            }

            Array.Copy(frame, offset, _sent, offset, FrameBuffer.Width);
            _pageKnown[page] = true;
            PagesSent++;
            return I2cStatus.Ok;
        }

        private I2cStatus SendCommand(byte command, byte parameter, int length)
        {
            _command[0] = ControlByte.CommandStream;
            _command[1] = command;
            _command[2] = parameter;
            return Write(_command, 1 + length);
        }

        private I2cStatus Write(byte[] buffer, int count)
        {
            I2cStatus status = _device.Write(buffer, count);
            LastStatus = status;
            if (status == I2cStatus.Ok)
            {
                BytesWritten += count;
                return status;
            }

            return Fail(status);
        }

        private I2cStatus Fail(I2cStatus status)
        {
            LastStatus = status;
            FailedTransfers++;
            // The panel may have browned out or been replugged: set it up again before trusting its RAM.
            _needsInit = true;
            return status;
        }

        private static bool SameBytes(byte[] a, byte[] b, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
