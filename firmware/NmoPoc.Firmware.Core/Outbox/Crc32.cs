namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// CRC-32 as used by Ethernet, zip and zlib (reflected polynomial 0xEDB88320, initial value and final XOR
    /// 0xFFFFFFFF; check value of "123456789" is 0xCBF43926). Table driven: one table lookup per byte.
    /// </summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>CRC of <paramref name="count"/> bytes.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Update(0, data, offset, count);
        }

        /// <summary>
        /// Extends a finished CRC with more bytes, zlib style: <c>Update(Compute(a), b) == Compute(a + b)</c>,
        /// and <c>Update(0, x) == Compute(x)</c>. Lets a record be checked without copying header and payload together.
        /// </summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint c = ~crc;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                c = Table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            }

            return ~c;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
