using System.Net;
using System.Net.Sockets;

namespace NmoPoc.Host.Tests.Support;

public static class Wait
{
    /// <summary>Polls a condition until it holds or the timeout passes (then fails with <paramref name="what"/>).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for: " + what);
            }

            await Task.Delay(25);
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
