using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Firmware.Tests.Outbox;

/// <summary>The simulated storage the power-cut tests rely on must itself cut exactly where told.</summary>
public class PowerCutStorageTests
{
    [Fact]
    public void Images_replay_exactly_the_first_n_writes_and_flushes_are_recorded()
    {
        var storage = new PowerCutStorage(8, fill: 0);
        storage.Write(0, [1, 2, 3], 0, 3);
        storage.Flush();
        storage.Write(2, [9, 9, 9, 9, 5], 1, 4);
        var buffer = new byte[8];
        storage.Read(0, buffer, 0, 8);

        Assert.Equal([1, 2, 9, 9, 9, 5, 0, 0], buffer);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0], storage.ImageAfter(0));
        Assert.Equal([1, 2, 3, 0, 0, 0, 0, 0], storage.ImageAfter(1));
        Assert.Equal(buffer, storage.ImageAfter(2));
        Assert.Equal([1, 2, 3, 0, 0, 0, 0, 0], storage.ImageAfter(1)); // going back works too
        Assert.Equal([1], storage.FlushPoints);
        Assert.Equal(1, storage.Writes[1].FlushesBefore);
    }

    [Fact]
    public void A_truncated_write_keeps_the_old_bytes_after_k_and_a_corrupted_one_changes_byte_k()
    {
        var storage = new PowerCutStorage(6, fill: 7);
        storage.Write(1, [1, 2, 3, 4], 0, 4);

        Assert.Equal([7, 1, 2, 7, 7, 7], storage.ImageCutDuring(0, 2, TornWrite.Truncated));
        Assert.Equal([7, 1, 2, 3, 4, 7], storage.ImageCutDuring(0, 4, TornWrite.Truncated));
        byte[] corrupted = storage.ImageCutDuring(0, 2, TornWrite.Corrupted, garbageSeed: 3);
        Assert.Equal([7, 1, 2], corrupted.AsSpan(0, 3).ToArray());
        Assert.NotEqual(3, corrupted[3]);
        Assert.Equal(7, corrupted[5]); // outside the write: untouched
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.ImageCutDuring(0, 4, TornWrite.Corrupted));
    }

    [Fact]
    public void Access_outside_the_region_is_an_error_not_a_silent_clip()
    {
        var storage = new PowerCutStorage(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Write(3, new byte[2], 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Read(-1, new byte[2], 0, 1));
        Assert.Empty(storage.Writes);
    }
}
