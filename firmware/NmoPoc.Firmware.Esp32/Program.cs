using System;
using System.Collections;
using System.IO;
using System.Text;
using System.Threading;
using NmoPoc.Firmware.Esp32.Config;
using NmoPoc.Firmware.Esp32.Link;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32
{
    /// <summary>
    /// Entry point of the ESP32 firmware: opens the hardware, reads the unit's settings, joins Wi-Fi and starts SNTP.
    /// The glue stays thin; every decision is in NmoPoc.Firmware.Core.
    /// </summary>
    public static class Program
    {
        /// <summary>How long one Wi-Fi attempt (including the first SNTP answer) may take before we retry.</summary>
        private const int WifiAttemptMs = 60000;

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

            log.Write(LogLevel.Info, "boot", "unit " + settings.UnitId + ", broker " + settings.BrokerHost + ":" + settings.BrokerPort.ToString());

            Thread network = new Thread(new NetworkKeeper(settings, hardware, log).Run);
            network.Start();

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>Reads and checks the settings file; logs every problem and returns null when it is unusable.</summary>
        public static UnitSettings LoadSettings(string path, ILog log)
        {
            string text;
            try
            {
                if (!File.Exists(path))
                {
                    log.Write(LogLevel.Error, "config", path + " not found: deploy it with nanoff (docs/targets.md)");
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

                    text = Encoding.UTF8.GetString(bytes, 0, read);
                }
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Error, "config", "cannot read " + path + ": " + e.Message);
                return null;
            }

            ArrayList errors = new ArrayList();
            UnitSettings settings = UnitSettings.Parse(text, errors);
            for (int i = 0; i < errors.Count; i++)
            {
                log.Write(LogLevel.Error, "config", path + ": " + (string)errors[i]);
            }

            return settings;
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

        /// <summary>Keeps Wi-Fi up and SNTP running; retries forever with a pause, logging each failure.</summary>
        private sealed class NetworkKeeper
        {
            private const int RetryPauseMs = 30000;

            private readonly UnitSettings _settings;
            private readonly Esp32Hardware _hardware;
            private readonly ILog _log;

            public NetworkKeeper(UnitSettings settings, Esp32Hardware hardware, ILog log)
            {
                _settings = settings;
                _hardware = hardware;
                _log = log;
            }

            public void Run()
            {
                while (!WifiConnection.Connect(_settings.WifiSsid, _settings.WifiPassword, true, WifiAttemptMs, _log))
                {
                    Thread.Sleep(RetryPauseMs);
                }

                _hardware.WallClock.Start(_settings.SntpServer);
                _log.Write(LogLevel.Info, "wifi", "connected, time synchronised: " + (_hardware.WallClock.IsSynchronized ? "yes" : "no"));
            }
        }
    }
}
