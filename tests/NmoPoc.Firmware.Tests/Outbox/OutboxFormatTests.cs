using System.Text;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Firmware.Tests.Outbox;

/// <summary>The byte layout documented in docs/outbox.md, checked byte by byte against what the outbox writes.</summary>
public class OutboxFormatTests
{
    private static readonly OutboxOptions Options = new(capacity: 3, maxPayloadBytes: 16);

    [Fact]
    public void A_record_is_a_16_byte_header_the_payload_and_a_crc32_as_documented()
    {
        var storage = new MemoryBlockStorage((int)Options.RequiredStorageBytes);
        var outbox = PersistentOutbox.Open(storage, Options, new ListLog());
        outbox.Append(TopicKind.Readings, 1, Encoding.UTF8.GetBytes("x"), 0, 1);
        outbox.Append(TopicKind.Faults, 2, Encoding.UTF8.GetBytes("abc"), 0, 3);

        byte[] image = storage.Snapshot();
        int slot2 = 128 + ((2 % 3) * (20 + 16)); // seq s lives in slot s % capacity; slots start at byte 128
        byte[] expectedHeader =
        [
            (byte)'N', (byte)'R', // magic
            1,                    // format version
            2,                    // topic kind: faults
            3, 0,                 // payload length, little-endian
            0, 0,                 // reserved
            2, 0, 0, 0,           // seq
            1, 0, 0, 0,           // boot
        ];
        Assert.Equal(expectedHeader, image.AsSpan(slot2, 16).ToArray());
        Assert.Equal("abc", Encoding.ASCII.GetString(image, slot2 + 16, 3));
        uint crc = BitConverter.ToUInt32(image, slot2 + 19);
        Assert.Equal(ReferenceCrc32(image.AsSpan(slot2, 19)), crc);
        Assert.Equal(0xFF, image[slot2 + 23]); // the rest of the slot is never written
    }

    [Fact]
    public void A_state_copy_is_36_bytes_with_generation_boot_head_dropped_and_layout_as_documented()
    {
        var storage = new MemoryBlockStorage((int)Options.RequiredStorageBytes);
        var outbox = PersistentOutbox.Open(storage, Options, new ListLog()); // generation 1 in copy A
        outbox = PersistentOutbox.Open(storage, Options, new ListLog());     // generation 2 in copy B
        for (uint seq = 1; seq <= 4; seq++)
        {
            outbox.Append(TopicKind.Readings, seq, [7], 0, 1); // the 4th overflows: state (gen 3) to copy A
        }

        byte[] image = storage.Snapshot();
        byte[] a = image.AsSpan(0, 36).ToArray();
        Assert.Equal("NMOS"u8.ToArray(), a.AsSpan(0, 4).ToArray());
        Assert.Equal([1, 0, 0, 0], a.AsSpan(4, 4).ToArray()); // version, reserved
        Assert.Equal(3u, BitConverter.ToUInt32(a, 8));          // generation
        Assert.Equal(2u, BitConverter.ToUInt32(a, 12));         // boot
        Assert.Equal(2u, BitConverter.ToUInt32(a, 16));         // head seq
        Assert.Equal(1u, BitConverter.ToUInt32(a, 20));         // dropped
        Assert.Equal(3u, BitConverter.ToUInt32(a, 24));         // capacity
        Assert.Equal(16u, BitConverter.ToUInt32(a, 28));        // max payload bytes
        Assert.Equal(ReferenceCrc32(a.AsSpan(0, 32)), BitConverter.ToUInt32(a, 32));

        byte[] b = image.AsSpan(64, 36).ToArray();
        Assert.Equal(2u, BitConverter.ToUInt32(b, 8));  // the older copy, untouched
        Assert.Equal(1u, BitConverter.ToUInt32(b, 16));
        Assert.All(image.AsSpan(36, 28).ToArray(), x => Assert.Equal(0xFF, x)); // padding to byte 64 is never written
    }

    // Bit-by-bit CRC-32 (IEEE, reflected), independent of the table-driven one under test.
    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
