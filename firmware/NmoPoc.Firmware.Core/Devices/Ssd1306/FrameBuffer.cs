using System;

namespace NmoPoc.Firmware.Devices.Ssd1306
{
    /// <summary>
    /// The 128×64 picture in GDDRAM order (datasheet 8.7, Figure 8-13): 8 pages of 128 column bytes, bit 0 the
    /// top row of the page. Drawing happens here, in RAM; <see cref="Ssd1306.Flush"/> sends it. Allocated once,
    /// and no drawing call allocates.
    /// </summary>
    public sealed class FrameBuffer
    {
        public const int Width = 128;
        public const int Height = 64;
        public const int Pages = Height / 8;
        public const int Size = Width * Pages;

        /// <summary>Small-text grid: 21 columns of <see cref="Font5x7.CellWidth"/> pixels, 8 lines (one per page).</summary>
        public const int TextColumns = Width / Font5x7.CellWidth;
        public const int TextLines = Pages;

        /// <summary>Large text is the 5×7 font at scale 2: 12×16 cells spanning two pages.</summary>
        public const int LargeCellWidth = Font5x7.CellWidth * 2;

        /// <summary>Page-major bytes: index = page × 128 + x.</summary>
        public readonly byte[] Buffer = new byte[Size];

        public void Clear()
        {
            Array.Clear(Buffer, 0, Size);
        }

        /// <summary>Sets every column byte to <paramref name="pattern"/> (FFh all on).</summary>
        public void Fill(byte pattern)
        {
            for (int i = 0; i < Size; i++)
            {
                Buffer[i] = pattern;
            }
        }

        public void SetPixel(int x, int y, bool on)
        {
            if (x < 0 || x >= Width || y < 0 || y >= Height)
            {
                return;
            }

            int index = (y >> 3) * Width + x;
            byte mask = (byte)(1 << (y & 7));
            if (on)
            {
                Buffer[index] |= mask;
            }
            else
            {
                Buffer[index] &= (byte)~mask;
            }
        }

        public bool GetPixel(int x, int y)
        {
            if (x < 0 || x >= Width || y < 0 || y >= Height)
            {
                return false;
            }

            return (Buffer[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;
        }

        /// <summary>Fills a rectangle, clipped to the panel.</summary>
        public void FillRect(int x, int y, int width, int height, bool on)
        {
            for (int row = y; row < y + height; row++)
            {
                for (int col = x; col < x + width; col++)
                {
                    SetPixel(col, row, on);
                }
            }
        }

        /// <summary>Blanks one text line (page).</summary>
        public void ClearLine(int line)
        {
            if (line < 0 || line >= Pages)
            {
                return;
            }

            Array.Clear(Buffer, line * Width, Width);
        }

        /// <summary>Inverts columns [x, x + width) of one text line: white-on-black becomes a banner.</summary>
        public void InvertLine(int line, int x, int width)
        {
            if (line < 0 || line >= Pages)
            {
                return;
            }

            int start = x < 0 ? 0 : x;
            int end = x + width > Width ? Width : x + width;
            int offset = line * Width;
            for (int col = start; col < end; col++)
            {
                Buffer[offset + col] = (byte)~Buffer[offset + col];
            }
        }

        /// <summary>Draws one small glyph at pixel column <paramref name="x"/> on a text line; returns the next x.</summary>
        public int DrawChar(char c, int x, int line)
        {
            if (line < 0 || line >= Pages)
            {
                return x + Font5x7.CellWidth;
            }

            int glyph = Font5x7.IndexOf(c) * Font5x7.GlyphWidth;
            int offset = line * Width;
            for (int i = 0; i < Font5x7.CellWidth; i++)
            {
                int col = x + i;
                if (col < 0 || col >= Width)
                {
                    continue;
                }

                Buffer[offset + col] = i < Font5x7.GlyphWidth ? Font5x7.Glyphs[glyph + i] : (byte)0;
            }

            return x + Font5x7.CellWidth;
        }

        public int DrawText(string text, int x, int line)
        {
            for (int i = 0; i < text.Length; i++)
            {
                x = DrawChar(text[i], x, line);
            }

            return x;
        }

        public int DrawText(char[] chars, int offset, int count, int x, int line)
        {
            for (int i = 0; i < count; i++)
            {
                x = DrawChar(chars[offset + i], x, line);
            }

            return x;
        }

        /// <summary>Draws a glyph at scale 2 over lines <paramref name="line"/> and line + 1; returns the next x.</summary>
        public int DrawLargeChar(char c, int x, int line)
        {
            int glyph = Font5x7.IndexOf(c) * Font5x7.GlyphWidth;
            for (int i = 0; i < Font5x7.CellWidth; i++)
            {
                int bits = i < Font5x7.GlyphWidth ? Font5x7.Glyphs[glyph + i] : 0;
                int doubled = Double(bits);
                PutColumn(x + 2 * i, line, doubled);
                PutColumn(x + 2 * i + 1, line, doubled);
            }

            return x + LargeCellWidth;
        }

        public int DrawLargeText(string text, int x, int line)
        {
            for (int i = 0; i < text.Length; i++)
            {
                x = DrawLargeChar(text[i], x, line);
            }

            return x;
        }

        public int DrawLargeText(char[] chars, int offset, int count, int x, int line)
        {
            for (int i = 0; i < count; i++)
            {
                x = DrawLargeChar(chars[offset + i], x, line);
            }

            return x;
        }

        /// <summary>A one-pixel horizontal rule.</summary>
        public void HorizontalLine(int x, int y, int width)
        {
            for (int col = x; col < x + width; col++)
            {
                SetPixel(col, y, true);
            }
        }

        private void PutColumn(int x, int line, int sixteenBits)
        {
            if (x < 0 || x >= Width)
            {
                return;
            }

            if (line >= 0 && line < Pages)
            {
                Buffer[line * Width + x] = (byte)(sixteenBits & 0xFF);
            }

            if (line + 1 >= 0 && line + 1 < Pages)
            {
                Buffer[(line + 1) * Width + x] = (byte)(sixteenBits >> 8);
            }
        }

        /// <summary>Each of the 8 bits becomes two: bit i → bits 2i and 2i + 1.</summary>
        private static int Double(int bits)
        {
            int result = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((bits & (1 << bit)) != 0)
                {
                    result |= 3 << (2 * bit);
                }
            }

            return result;
        }
    }
}
