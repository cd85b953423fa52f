namespace NmoPoc.Firmware.Devices.Mlx90614
{
    /// <summary>
    /// SMBus packet error code: CRC-8, polynomial x^8 + x^2 + x + 1 (0x07), initial value 0, MSB first, over every
    /// byte of the frame including the address bytes with their R/W bit (data sheet 8.4.3.1 "Bus protocol").
    /// </summary>
    public static class SmbusPec
    {
        public const byte Polynomial = 0x07;

        public static byte Update(byte crc, byte value)
        {
            int c = crc ^ value;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 0x80) != 0 ? (c << 1) ^ Polynomial : c << 1;
            }

            return (byte)c;
        }

        public static byte Compute(byte[] data, int offset, int count)
        {
            byte crc = 0;
            for (int i = offset; i < offset + count; i++)
            {
                crc = Update(crc, data[i]);
            }

            return crc;
        }
    }
}
