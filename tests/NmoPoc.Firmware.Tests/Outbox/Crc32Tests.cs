using System.Text;
using NmoPoc.Firmware.Outbox;

namespace NmoPoc.Firmware.Tests.Outbox;

public class Crc32Tests
{
    [Fact]
    public void Check_value_of_the_standard_test_string_is_CBF43926()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Empty_input_gives_zero_and_update_continues_a_finished_crc()
    {
        byte[] data = new byte[300];
        new Random(5).NextBytes(data);
        Assert.Equal(0u, Crc32.Compute(data, 0, 0));
        uint whole = Crc32.Compute(data, 0, data.Length);
        Assert.Equal(whole, Crc32.Update(Crc32.Compute(data, 0, 17), data, 17, data.Length - 17));
        Assert.NotEqual(whole, Crc32.Compute(data, 1, data.Length - 1));
    }
}
