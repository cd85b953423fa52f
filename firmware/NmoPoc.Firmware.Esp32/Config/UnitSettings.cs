using System;
using System.Collections;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Esp32.Config
{
    /// <summary>
    /// The unit's own settings, read from a small <c>key=value</c> text file on the internal flash (deployed with
    /// <c>nanoff --filedeployment</c>, see docs/targets.md). Holds no patient data: only the unit ID and how to reach
    /// the host.
    /// </summary>
    /// <remarks>
    /// Format: one <c>key=value</c> per line, <c>#</c> starts a comment line, blank lines are ignored, keys are
    /// case-sensitive. Unknown or repeated keys are errors, so a typo is never silently ignored.
    /// </remarks>
    public sealed class UnitSettings
    {
        public const string DefaultPath = "I:\\nmopoc-unit.cfg";

        public const int DefaultBrokerPort = 1883;

        /// <summary>The CA certificate (PEM) the broker's TLS certificate must chain to, deployed next to this file.</summary>
        public const string DefaultCaCertPath = "I:\\nmopoc-ca.pem";

        public const int DefaultTlsPort = 8883;

        private static readonly string[] Keys =
        {
            "unitId", "wifiSsid", "wifiPassword", "brokerHost", "brokerPort", "mqttSecret", "sntpServer",
            "tls", "caCertFile", "operatorId", "pairOffsetC", "goniometerRaw0", "goniometerRaw90", "calibratedAtUtc",
        };

        private UnitSettings()
        {
        }

        public string UnitId { get; private set; }

        public string WifiSsid { get; private set; }

        public string WifiPassword { get; private set; }

        public string BrokerHost { get; private set; }

        public int BrokerPort { get; private set; }

        /// <summary>The secret the host printed once with <c>./run.sh units add &lt;unitId&gt;</c>; the MQTT user name is the unit ID.</summary>
        public string MqttSecret { get; private set; }

        /// <summary>Empty for nanoFramework's default (0.pool.ntp.org).</summary>
        public string SntpServer { get; private set; }

        /// <summary>MQTT over TLS 1.2, the broker checked against <see cref="CaCertFile"/>.</summary>
        public bool Tls { get; private set; }

        public string CaCertFile { get; private set; }

        /// <summary>Staff ID every reading carries (the unit has no keypad); empty until configured.</summary>
        public string OperatorId { get; private set; }

        /// <summary>The calibration record (hardware/calibration.md section 3), or null: uncalibrated.</summary>
        public UnitCalibration Calibration { get; private set; }

        /// <summary>The core's view of these settings (Wi-Fi, broker and secret stay with the glue).</summary>
        public UnitConfig ToUnitConfig()
        {
            UnitConfig config = new UnitConfig();
            config.UnitId = UnitId;
            config.OperatorId = OperatorId.Length == 0 ? null : OperatorId;
            config.Calibration = Calibration;
            return config;
        }

        /// <summary>
        /// Parses the file's text. Returns null and fills <paramref name="errors"/> (one line each, with the line
        /// number) when anything is wrong.
        /// </summary>
        public static UnitSettings Parse(string text, ArrayList errors)
        {
            Hashtable values = new Hashtable();
            string[] lines = (text == null ? string.Empty : text).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    errors.Add("line " + (i + 1).ToString() + ": expected key=value");
                    continue;
                }

                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                if (!IsKnownKey(key))
                {
                    errors.Add("line " + (i + 1).ToString() + ": unknown key '" + key + "'");
                }
                else if (values.Contains(key))
                {
                    errors.Add("line " + (i + 1).ToString() + ": '" + key + "' given twice");
                }
                else
                {
                    values[key] = value;
                }
            }

            UnitSettings settings = new UnitSettings();
            settings.UnitId = Required(values, "unitId", errors);
            settings.WifiSsid = Required(values, "wifiSsid", errors);
            settings.WifiPassword = Optional(values, "wifiPassword");
            settings.BrokerHost = Required(values, "brokerHost", errors);
            settings.MqttSecret = Required(values, "mqttSecret", errors);
            settings.SntpServer = Optional(values, "sntpServer");
            settings.OperatorId = Optional(values, "operatorId");
            settings.CaCertFile = Optional(values, "caCertFile");
            if (settings.CaCertFile.Length == 0)
            {
                settings.CaCertFile = DefaultCaCertPath;
            }

            string tls = Optional(values, "tls");
            if (tls.Length > 0 && tls != "true" && tls != "false")
            {
                errors.Add("tls '" + tls + "' must be true or false");
            }

            settings.Tls = tls == "true";
            settings.BrokerPort = settings.Tls ? DefaultTlsPort : DefaultBrokerPort;
            settings.Calibration = ParseCalibration(values, errors);

            string port = Optional(values, "brokerPort");
            if (port.Length > 0)
            {
                settings.BrokerPort = ParsePort(port, errors);
            }

            if (settings.UnitId.Length > 0 && !ProtocolRules.IsValidUnitId(settings.UnitId))
            {
                errors.Add("unitId '" + settings.UnitId + "' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'");
            }

            return errors.Count == 0 ? settings : null;
        }

        /// <summary>All of goniometerRaw0, goniometerRaw90 and calibratedAtUtc, or none (uncalibrated).</summary>
        private static UnitCalibration ParseCalibration(Hashtable values, ArrayList errors)
        {
            string raw0 = Optional(values, "goniometerRaw0");
            string raw90 = Optional(values, "goniometerRaw90");
            string date = Optional(values, "calibratedAtUtc");
            string offset = Optional(values, "pairOffsetC");
            if (raw0.Length == 0 && raw90.Length == 0 && date.Length == 0 && offset.Length == 0)
            {
                return null;
            }

            if (raw0.Length == 0 || raw90.Length == 0 || date.Length == 0)
            {
                errors.Add("calibration needs goniometerRaw0, goniometerRaw90 and calibratedAtUtc together");
                return null;
            }

            UnitCalibration cal = new UnitCalibration();
            bool ok = ParseInt(raw0, out cal.GoniometerRaw0) && ParseInt(raw90, out cal.GoniometerRaw90);
            if (!ok)
            {
                errors.Add("goniometerRaw0/goniometerRaw90 must be whole numbers");
            }
            else if (cal.GoniometerRaw90 - cal.GoniometerRaw0 < 1000 && cal.GoniometerRaw0 - cal.GoniometerRaw90 < 1000)
            {
                errors.Add("goniometerRaw0 and goniometerRaw90 must be at least 1000 counts apart");
            }

            cal.CalibratedAtUtcMs = UnitCalibration.ParseUtcDate(date);
            if (cal.CalibratedAtUtcMs < 0)
            {
                errors.Add("calibratedAtUtc '" + date + "' must be a date YYYY-MM-DD");
            }

            if (offset.Length > 0)
            {
                int thousandths;
                if (!ParseThousandths(offset, out thousandths) || thousandths > 2000 || thousandths < -2000)
                {
                    errors.Add("pairOffsetC '" + offset + "' must be a number of C within +-2 with at most 3 decimals");
                }

                cal.PairOffsetC = thousandths / 1000.0;
            }

            return cal;
        }

        private static bool ParseInt(string text, out int value)
        {
            int thousandths = 0;
            bool ok = text.IndexOf('.') < 0 && ParseThousandths(text, out thousandths);
            value = ok ? thousandths / 1000 : 0;
            return ok;
        }

        /// <summary>A signed decimal with at most 3 decimals, in thousandths (nano has no culture-safe double.Parse).</summary>
        private static bool ParseThousandths(string text, out int thousandths)
        {
            thousandths = 0;
            int i = 0;
            bool negative = text.Length > 0 && text[0] == '-';
            if (negative)
            {
                i = 1;
            }

            long whole = 0;
            int digits = 0;
            for (; i < text.Length && text[i] != '.'; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9' || ++digits > 6)
                {
                    return false;
                }

                whole = whole * 10 + (c - '0');
            }

            long fraction = 0;
            int decimals = 0;
            if (i < text.Length)
            {
                for (i++; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c < '0' || c > '9' || ++decimals > 3)
                    {
                        return false;
                    }

                    fraction = fraction * 10 + (c - '0');
                }
            }

            if (digits == 0 && decimals == 0)
            {
                return false;
            }

            for (; decimals < 3; decimals++)
            {
                fraction *= 10;
            }

            long result = whole * 1000 + fraction;
            thousandths = (int)(negative ? -result : result);
            return true;
        }

        private static bool IsKnownKey(string key)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i] == key)
                {
                    return true;
                }
            }

            return false;
        }

        private static string Required(Hashtable values, string key, ArrayList errors)
        {
            string value = Optional(values, key);
            if (value.Length == 0)
            {
                errors.Add("'" + key + "' is missing");
            }

            return value;
        }

        private static string Optional(Hashtable values, string key)
        {
            object value = values[key];
            return value == null ? string.Empty : (string)value;
        }

        private static int ParsePort(string text, ArrayList errors)
        {
            int port = 0;
            bool ok = text.Length > 0 && text.Length <= 5;
            for (int i = 0; ok && i < text.Length; i++)
            {
                char c = text[i];
                ok = c >= '0' && c <= '9';
                port = (port * 10) + (c - '0');
            }

            if (!ok || port < 1 || port > 65535)
            {
                errors.Add("brokerPort '" + text + "' must be a number from 1 to 65535");
                return DefaultBrokerPort;
            }

            return port;
        }
    }
}
