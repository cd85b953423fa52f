// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/System.Device.Wifi 1.5.x (WifiNetworkHelper.cs, WifiReconnectionKind.cs) and nanoframework/System.Net 1.11.x (Sntp.cs, NetworkHelperStatus.cs)); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;
using System.Threading;

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status
        {
            get { throw new NotImplementedException(); }
        }

        public static Exception HelperException
        {
            get { throw new NotImplementedException(); }
        }

        public static bool ConnectDhcp(
            string ssid,
            string password,
            System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic,
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default)
        {
            throw new NotImplementedException();
        }
    }

    /// <summary>The glue only logs the numeric value; the members are omitted.</summary>
    public enum NetworkHelperStatus
    {
    }

    public static class Sntp
    {
        public static void Start()
        {
            throw new NotImplementedException();
        }

        public static bool IsStarted
        {
            get { throw new NotImplementedException(); }
        }

        public static string Server1
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }
    }
}

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic = 0,
    }
}
