namespace NmoPoc.Firmware.Hal
{
    /// <summary>
    /// A fixed-size, byte-addressable persistent region (a file on the ESP32's internal flash file system,
    /// a file on the Pi, a byte array in tests). Data written is durable only after <see cref="Flush"/>;
    /// a power cut may leave any prefix of unflushed writes.
    /// </summary>
    public interface IBlockStorage
    {
        int Size { get; }

        void Read(int position, byte[] buffer, int offset, int count);

        void Write(int position, byte[] buffer, int offset, int count);

        void Flush();
    }
}
