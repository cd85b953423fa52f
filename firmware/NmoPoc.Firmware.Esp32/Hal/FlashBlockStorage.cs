using System;
using System.IO;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// <see cref="IBlockStorage"/> as one fixed-size file on the ESP32's internal flash file system (drive I:).
    /// nanoFramework's FileStream cannot seek past the end nor set a length, so the file is filled with zeros to its
    /// full size once, on first use. nanoFramework writes each Write through to flash (its Flush is empty).
    /// </summary>
    public sealed class FlashBlockStorage : IBlockStorage
    {
        private const int FillChunk = 512;

        private readonly FileStream _stream;

        public FlashBlockStorage(string path, int size)
        {
            if (size <= 0)
            {
                throw new ArgumentOutOfRangeException("size");
            }

            Size = size;
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
            long existing = _stream.Length;
            if (existing < size)
            {
                // A power cut here leaves a shorter file: the next boot continues the fill from its end.
                int length = (int)existing;
                byte[] zeros = new byte[FillChunk];
                _stream.Seek(length, SeekOrigin.Begin);
                while (length < size)
                {
                    int n = size - length < FillChunk ? size - length : FillChunk;
                    _stream.Write(zeros, 0, n);
                    length += n;
                }

                _stream.Flush();
            }
        }

        public int Size { get; }

        public void Read(int position, byte[] buffer, int offset, int count)
        {
            Check(position, count);
            _stream.Seek(position, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int n = _stream.Read(buffer, offset + done, count - done);
                if (n <= 0)
                {
                    throw new IOException("unexpected end of " + Size.ToString() + "-byte storage file at " + (position + done).ToString());
                }

                done += n;
            }
        }

        public void Write(int position, byte[] buffer, int offset, int count)
        {
            Check(position, count);
            _stream.Seek(position, SeekOrigin.Begin);
            _stream.Write(buffer, offset, count);
        }

        public void Flush()
        {
            _stream.Flush();
        }

        private void Check(int position, int count)
        {
            if (position < 0 || count < 0 || position > Size - count)
            {
                throw new ArgumentOutOfRangeException("position", "range " + position.ToString() + "+" + count.ToString() + " outside " + Size.ToString() + " bytes");
            }
        }
    }
}
