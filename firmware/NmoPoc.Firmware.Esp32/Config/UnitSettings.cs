using System;
using System.Collections;
using NmoPoc.Firmware.Protocol;

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

        private static readonly string[] Keys = { "unitId", "wifiSsid", "wifiPassword", "brokerHost", "brokerPort", "mqttSecret", "sntpServer" };

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
            settings.BrokerPort = DefaultBrokerPort;

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
