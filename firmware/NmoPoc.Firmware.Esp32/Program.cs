using System;
using System.Collections;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using NmoPoc.Firmware.Esp32.Config;
using NmoPoc.Firmware.Esp32.Link;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Esp32
{
    /// <summary>
    /// Entry point of the ESP32 firmware: opens the hardware, reads the unit's settings, assembles the unit with the
    /// shared core composition (<see cref="UnitAssembly"/>, the same as the Raspberry Pi's) and runs its main loop,
    /// while a second thread keeps Wi-Fi, SNTP and MQTT up. The glue stays thin; every decision is in the core.
    /// </summary>
    public static class Program
    {
        /// <summary>How long one Wi-Fi attempt (including the first SNTP answer) may take before we retry.</summary>
        private const int WifiAttemptMs = 60000;

        /// <summary>Wait for a PUBACK before the outbox keeps the record for a resend.</summary>
        private const int AckTimeoutMs = 10000;

        public static void Main()
        {
            Esp32Hardware hardware = new Esp32Hardware();
            ILog log = hardware.Log;

            UnitSettings settings = LoadSettings(UnitSettings.DefaultPath, log);
            if (settings == null)
            {
                // Without a unit ID nothing can be labelled or sent: show it on the LED and stay put.
                BlinkForever(hardware.StatusLed);
                return;
            }

            X509Certificate caCert = null;
            if (settings.Tls)
            {
                caCert = LoadCaCert(settings.CaCertFile, log);
                if (caCert == null)
                {
                    BlinkForever(hardware.StatusLed);
                    return;
                }
            }

            log.Write(LogLevel.Info, "boot", "unit " + settings.UnitId + ", broker " + settings.BrokerHost + ":" + settings.BrokerPort.ToString()
                + (settings.Tls ? " (TLS 1.2)" : ""));

            M2MqttConnection link = new M2MqttConnection(settings.BrokerHost, settings.BrokerPort, settings.Tls, caCert,
                settings.UnitId, settings.MqttSecret, AckTimeoutMs, hardware.MonotonicClock, log);
            UnitConfig config = settings.ToUnitConfig();
            UnitAssembly unit;
            try
            {
                unit = UnitAssembly.Assemble(hardware.ToBoard(), config, hardware.OpenOutboxStorage(config.StorageBytes), link);
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Error, "boot", "cannot assemble the unit: " + e.Message);
                BlinkForever(hardware.StatusLed);
                return;
            }

            Thread network = new Thread(new NetworkKeeper(settings, hardware, link, unit.Unit.Status, log).Run);
            network.Start();

            // The main loop: measurement, outbox forwarding, heartbeat, buttons, LED/buzzer, display.
            while (true)
            {
                unit.Tick();
                Thread.Sleep(UnitAssembly.LoopPauseMs);
            }
        }

        /// <summary>
        /// Reads the CA certificate (PEM) provisioned next to the settings. A NUL is appended: nanoFramework hands the
        /// bytes to mbedTLS, whose PEM parser needs a terminated buffer.
        /// </summary>
        public static X509Certificate LoadCaCert(string path, ILog log)
        {
            byte[] pem = ReadAll(path, log);
            if (pem == null)
            {
                log.Write(LogLevel.Error, "config", "tls=true needs the broker's CA certificate at " + path + " (docs/targets.md)");
                return null;
            }

            byte[] terminated = new byte[pem.Length + 1];
            Array.Copy(pem, terminated, pem.Length);
            try
            {
                return new X509Certificate(terminated);
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Error, "config", path + " is not a PEM or DER certificate: " + e.Message);
                return null;
            }
        }

        /// <summary>Reads and checks the settings file; logs every problem and returns null when it is unusable.</summary>
        public static UnitSettings LoadSettings(string path, ILog log)
        {
            if (!File.Exists(path))
            {
                log.Write(LogLevel.Error, "config", path + " not found: deploy it with nanoff (docs/targets.md)");
                return null;
            }

            byte[] bytes = ReadAll(path, log);
            if (bytes == null)
            {
                log.Write(LogLevel.Error, "config", path + " could not be read: the unit cannot start without it");
                return null;
            }

            string text = Encoding.UTF8.GetString(bytes, 0, bytes.Length);
            ArrayList errors = new ArrayList();
            UnitSettings settings = UnitSettings.Parse(text, errors);
            for (int i = 0; i < errors.Count; i++)
            {
                log.Write(LogLevel.Error, "config", path + ": " + (string)errors[i]);
            }

            return settings;
        }

        /// <summary>A whole file from the internal flash; null when missing (the caller says what that means) or unreadable (logged).</summary>
        private static byte[] ReadAll(string path, ILog log)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    byte[] bytes = new byte[(int)stream.Length];
                    int read = 0;
                    while (read < bytes.Length)
                    {
                        int n = stream.Read(bytes, read, bytes.Length - read);
                        if (n <= 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    if (read == bytes.Length)
                    {
                        return bytes;
                    }

                    byte[] shorter = new byte[read]; // the file shrank while being read
                    Array.Copy(bytes, shorter, read);
                    return shorter;
                }
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Warning, "config", "cannot read " + path + ": " + e.Message);
                return null;
            }
        }

        private static void BlinkForever(IDigitalOutput led)
        {
            bool on = false;
            while (true)
            {
                on = !on;
                led.Write(on);
                Thread.Sleep(250);
            }
        }

        /// <summary>
        /// Keeps Wi-Fi, SNTP and the MQTT session up on its own thread, so the main loop (and the nurse) never waits for
        /// the network. Each MQTT connect registers the unit's retained "offline" status as last will. Retries forever
        /// with a growing pause, logging each failure.
        /// </summary>
        private sealed class NetworkKeeper
        {
            private const int WifiRetryPauseMs = 30000;
            private const int MqttMinPauseMs = 2000;
            private const int MqttMaxPauseMs = 60000;
            private const int CheckPeriodMs = 1000;

            private readonly UnitSettings _settings;
            private readonly Esp32Hardware _hardware;
            private readonly M2MqttConnection _link;
            private readonly ILastWillSource _will;
            private readonly ILog _log;
            private readonly byte[] _willBuffer = new byte[ProtocolRules.MaxPayloadBytes];

            public NetworkKeeper(UnitSettings settings, Esp32Hardware hardware, M2MqttConnection link, ILastWillSource will, ILog log)
            {
                _settings = settings;
                _hardware = hardware;
                _link = link;
                _will = will;
                _log = log;
            }

            public void Run()
            {
                while (!WifiConnection.Connect(_settings.WifiSsid, _settings.WifiPassword, true, WifiAttemptMs, _log))
                {
                    Thread.Sleep(WifiRetryPauseMs);
                }

                _hardware.WallClock.Start(_settings.SntpServer);
                _log.Write(LogLevel.Info, "wifi", "connected, time synchronised: " + (_hardware.WallClock.IsSynchronized ? "yes" : "no"));

                int pause = MqttMinPauseMs;
                while (true)
                {
                    if (_link.IsConnected)
                    {
                        pause = MqttMinPauseMs;
                        Thread.Sleep(CheckPeriodMs);
                        continue;
                    }

                    int length = _will.EncodeWill(_willBuffer);
                    string will = length > 0 ? Encoding.UTF8.GetString(_willBuffer, 0, length) : null;
                    if (will != null && _link.Connect(_will.WillTopic, will))
                    {
                        _log.Write(LogLevel.Info, "mqtt", "connected to " + _settings.BrokerHost);
                        continue;
                    }

                    if (will == null)
                    {
                        _log.Write(LogLevel.Error, "mqtt", "last will could not be encoded; not connecting without it");
                    }

                    Thread.Sleep(pause);
                    // Wi-Fi itself reconnects by itself (WifiReconnectionKind.Automatic).
                    pause = pause * 2 > MqttMaxPauseMs ? MqttMaxPauseMs : pause * 2;
                }
            }
        }
    }
}
