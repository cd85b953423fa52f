using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Link
{
    /// <summary>Joins the ward Wi-Fi with DHCP through nanoFramework's WifiNetworkHelper.</summary>
    public static class WifiConnection
    {
        /// <summary>
        /// Connects, waiting at most <paramref name="timeoutMs"/>; with <paramref name="requireDateTime"/> it also waits
        /// for a valid system time. Never throws: a failure is logged with the helper's status and returns false.
        /// </summary>
        public static bool Connect(string ssid, string password, bool requireDateTime, int timeoutMs, ILog log)
        {
            try
            {
                CancellationTokenSource cancel = new CancellationTokenSource(timeoutMs);
                bool connected = WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, requireDateTime, 0, cancel.Token);
                if (!connected)
                {
                    Exception error = WifiNetworkHelper.HelperException;
                    log.Write(LogLevel.Warning, "wifi", "connecting to '" + ssid + "' failed, helper status " + ((int)WifiNetworkHelper.Status).ToString()
                        + (error == null ? string.Empty : ": " + error.Message));
                }

                return connected;
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Error, "wifi", "connecting to '" + ssid + "' threw: " + e.Message);
                return false;
            }
        }
    }
}
