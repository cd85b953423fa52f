using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// What a unit is told in its configuration file (ESP32 <c>nmopoc-unit.cfg</c>, Pi <c>unit.json</c>): its ID, the
    /// operator badge, its calibration record and sizes. No patient data.
    /// </summary>
    public sealed class UnitConfig
    {
        public string UnitId;
        public string FirmwareVersion = "1.0.0";

        /// <summary>Staff ID used for every reading (no keypad on a three-button unit); null until configured.</summary>
        public string OperatorId;

        /// <summary>Null: uncalibrated (nominal goniometer scale, every reading flagged calibrationExpired).</summary>
        public UnitCalibration Calibration;

        /// <summary>Null: the clinical defaults.</summary>
        public MeasurementSettings Settings;

        public int OutboxCapacity = 200;
        public int HeartbeatIntervalSeconds = 60;
        public ForwarderOptions Forwarder;

        /// <summary>Bytes of storage the outbox of <see cref="OutboxCapacity"/> needs (file or flash region size).</summary>
        public int StorageBytes
        {
            get { return (int)new OutboxOptions(OutboxCapacity, ProtocolRules.MaxPayloadBytes).RequiredStorageBytes; }
        }
    }

    /// <summary>
    /// The calibration record of hardware/calibration.md section 3 as the unit applies it: pair offset, goniometer zero
    /// and span, and the date (its age reaches the host with every reading).
    /// </summary>
    public sealed class UnitCalibration
    {
        public double PairOffsetC;
        public int GoniometerRaw0;
        public int GoniometerRaw90;
        public long CalibratedAtUtcMs;

        /// <summary>
        /// Parses <c>YYYY-MM-DD</c> (UTC midnight) to Unix milliseconds; -1 when malformed. Written by hand: nanoFramework
        /// has no DateTime.ParseExact.
        /// </summary>
        public static long ParseUtcDate(string text)
        {
            if (text == null || text.Length != 10 || text[4] != '-' || text[7] != '-')
            {
                return -1;
            }

            int year = Digits(text, 0, 4);
            int month = Digits(text, 5, 2);
            int day = Digits(text, 8, 2);
            if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
            {
                return -1;
            }

            // Days from civil (H. Hinnant's algorithm), for the proleptic Gregorian calendar.
            int y = month <= 2 ? year - 1 : year;
            int era = y / 400;
            int yoe = y - era * 400;
            int mp = (month + 9) % 12;
            int doy = (153 * mp + 2) / 5 + day - 1;
            int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            long days = (long)era * 146097 + doe - 719468;
            return days * 86400000L;
        }

        private static int Digits(string text, int start, int count)
        {
            int value = 0;
            for (int i = start; i < start + count; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = value * 10 + (c - '0');
            }

            return value;
        }

        private static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }
    }
}
