using System;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>
    /// A fixed char buffer for building one line of screen text without allocating: numbers are formatted digit
    /// by digit here instead of through ToString (which allocates, and whose custom formats nano lacks).
    /// Text beyond <see cref="Capacity"/> is cut off.
    /// </summary>
    public sealed class TextLine
    {
        private static readonly int[] PowersOfTen = new int[] { 1, 10, 100, 1000, 10000 };
        private readonly char[] _chars;
        private readonly char[] _digits = new char[10];

        public TextLine(int capacity)
        {
            _chars = new char[capacity];
        }

        public char[] Chars
        {
            get { return _chars; }
        }

        public int Length { get; private set; }

        public int Capacity
        {
            get { return _chars.Length; }
        }

        public TextLine Clear()
        {
            Length = 0;
            return this;
        }

        /// <summary>Drops everything after the first <paramref name="length"/> characters.</summary>
        public TextLine Truncate(int length)
        {
            if (length >= 0 && length < Length)
            {
                Length = length;
            }

            return this;
        }

        public TextLine Append(char c)
        {
            if (Length < _chars.Length)
            {
                _chars[Length++] = c;
            }

            return this;
        }

        public TextLine Append(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Append(text[i]);
            }

            return this;
        }

        /// <summary>Appends spaces up to <paramref name="length"/> characters.</summary>
        public TextLine PadTo(int length)
        {
            while (Length < length && Length < _chars.Length)
            {
                _chars[Length++] = ' ';
            }

            return this;
        }

        /// <summary>Decimal integer, at least <paramref name="minDigits"/> digits (zero padded).</summary>
        public TextLine AppendInt(int value, int minDigits)
        {
            long magnitude = value;
            if (magnitude < 0)
            {
                Append('-');
                magnitude = -magnitude;
            }

            return AppendDigits(magnitude, minDigits);
        }

        /// <summary>
        /// Fixed point with 0-4 decimals, rounded half away from zero. NaN or infinity shows as dashes of the
        /// usual shape ("--.-" for one decimal): an absent value must never look like a number.
        /// </summary>
        public TextLine AppendFixed(double value, int decimals)
        {
            if (decimals < 0)
            {
                decimals = 0;
            }
            else if (decimals > 4)
            {
                decimals = 4;
            }

            if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 1e9)
            {
                Append("--");
                if (decimals > 0)
                {
                    Append('.');
                    for (int i = 0; i < decimals; i++)
                    {
                        Append('-');
                    }
                }

                return this;
            }

            int scale = PowersOfTen[decimals];
            long scaled = (long)Math.Floor(Math.Abs(value) * scale + 0.5);
            // "-0.0" would suggest a reading below zero that is not there.
            if (value < 0 && scaled != 0)
            {
                Append('-');
            }

            AppendDigits(scaled / scale, 1);
            if (decimals > 0)
            {
                Append('.');
                AppendDigits(scaled % scale, decimals);
            }

            return this;
        }

        /// <summary>Countdown as mm:ss (minutes grow past two digits if they must; negative shows as 00:00).</summary>
        public TextLine AppendMinutesSeconds(int totalSeconds)
        {
            if (totalSeconds < 0)
            {
                totalSeconds = 0;
            }

            AppendDigits(totalSeconds / 60, 2);
            Append(':');
            return AppendDigits(totalSeconds % 60, 2);
        }

        private TextLine AppendDigits(long magnitude, int minDigits)
        {
            int count = 0;
            do
            {
                _digits[count++] = (char)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            while (magnitude > 0 && count < _digits.Length);

            for (int i = count; i < minDigits; i++)
            {
                Append('0');
            }

            while (count > 0)
            {
                Append(_digits[--count]);
            }

            return this;
        }
    }
}
