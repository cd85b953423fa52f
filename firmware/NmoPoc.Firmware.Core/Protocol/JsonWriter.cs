using System;

namespace NmoPoc.Firmware.Protocol
{
    /// <summary>Why a <see cref="JsonWriter"/> stopped writing.</summary>
    public enum JsonWriterStatus
    {
        Ok = 0,
        /// <summary>The next token did not fit in the space given to <see cref="JsonWriter.Reset"/>.</summary>
        Overflow = 1,
        /// <summary>A number too large to write without an exponent at the requested precision.</summary>
        NumberOutOfRange = 2,
    }

    /// <summary>
    /// Writes compact JSON into a caller-owned byte array without allocating: numbers digit by digit,
    /// property names from byte arrays encoded once at start-up (<see cref="EncodeName"/>).
    /// Commas are inserted automatically. The first failure sticks: later writes do nothing and return
    /// false, so a caller can write a whole message and check <see cref="Status"/> once. A token is
    /// written whole or not at all; nothing is written past the limit.
    /// </summary>
    public sealed class JsonWriter
    {
        /// <summary>Most decimals <see cref="WriteFixed"/> supports.</summary>
        public const int MaxDecimals = 9;

        // What a double holds reliably; rounding to it first strips binary noise.
        private const int SignificantDigits = 15;

        // Magnitudes from here on do not fit in a long.
        private const double LongLimit = 9.2e18;

        private static readonly long[] PowersOfTen =
        {
            1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
        };

        private static readonly byte[] HexDigits =
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f',
        };

        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private bool _needsComma;
        private JsonWriterStatus _status;

        /// <summary>Status of the current message; anything but Ok means the output is unusable.</summary>
        public JsonWriterStatus Status
        {
            get { return _status; }
        }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>Starts a new document at <paramref name="offset"/>, writing at most <paramref name="maxBytes"/> bytes.</summary>
        public void Reset(byte[] buffer, int offset, int maxBytes)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || offset > buffer.Length || maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            _buffer = buffer;
            _start = offset;
            _position = offset;
            int available = buffer.Length - offset;
            _end = offset + (maxBytes < available ? maxBytes : available);
            _needsComma = false;
            _status = JsonWriterStatus.Ok;
        }

        public bool BeginObject()
        {
            return WriteStructural((byte)'{', false);
        }

        public bool EndObject()
        {
            return WriteStructural((byte)'}', true);
        }

        public bool BeginArray()
        {
            return WriteStructural((byte)'[', false);
        }

        public bool EndArray()
        {
            return WriteStructural((byte)']', true);
        }

        /// <summary>Writes a property name encoded by <see cref="EncodeName"/> (<c>"name":</c>).</summary>
        public bool WriteName(byte[] encodedName)
        {
            int comma = _needsComma ? 1 : 0;
            if (!Reserve(comma + encodedName.Length))
            {
                return false;
            }

            WriteComma(comma);
            Array.Copy(encodedName, 0, _buffer, _position, encodedName.Length);
            _position += encodedName.Length;
            _needsComma = false;
            return true;
        }

        /// <summary>Writes a value that is already JSON (a string literal from <see cref="EncodeString"/>).</summary>
        public bool WriteRawValue(byte[] json)
        {
            int comma = _needsComma ? 1 : 0;
            if (!Reserve(comma + json.Length))
            {
                return false;
            }

            WriteComma(comma);
            Array.Copy(json, 0, _buffer, _position, json.Length);
            _position += json.Length;
            _needsComma = true;
            return true;
        }

        public bool WriteNull()
        {
            int comma = _needsComma ? 1 : 0;
            if (!Reserve(comma + 4))
            {
                return false;
            }

            WriteComma(comma);
            _buffer[_position++] = (byte)'n';
            _buffer[_position++] = (byte)'u';
            _buffer[_position++] = (byte)'l';
            _buffer[_position++] = (byte)'l';
            _needsComma = true;
            return true;
        }

        public bool WriteBoolean(bool value)
        {
            int comma = _needsComma ? 1 : 0;
            if (!Reserve(comma + (value ? 4 : 5)))
            {
                return false;
            }

            WriteComma(comma);
            if (value)
            {
                _buffer[_position++] = (byte)'t';
                _buffer[_position++] = (byte)'r';
                _buffer[_position++] = (byte)'u';
                _buffer[_position++] = (byte)'e';
            }
            else
            {
                _buffer[_position++] = (byte)'f';
                _buffer[_position++] = (byte)'a';
                _buffer[_position++] = (byte)'l';
                _buffer[_position++] = (byte)'s';
                _buffer[_position++] = (byte)'e';
            }

            _needsComma = true;
            return true;
        }

        /// <summary>Writes an integer, long.MinValue included.</summary>
        public bool WriteLong(long value)
        {
            return WriteScaled(value, 0);
        }

        /// <summary>
        /// Writes a number with exactly <paramref name="decimals"/> decimals, rounded half away from zero
        /// (see <see cref="TryScale"/>). NaN and infinities are written as null.
        /// </summary>
        public bool WriteFixed(double value, int decimals)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return WriteNull();
            }

            long scaled;
            if (!TryScale(value, decimals, out scaled))
            {
                if (_status == JsonWriterStatus.Ok)
                {
                    _status = JsonWriterStatus.NumberOutOfRange;
                }

                return false;
            }

            return WriteScaled(scaled, decimals);
        }

        /// <summary>
        /// Writes <paramref name="scaled"/> / 10^<paramref name="decimals"/> with exactly that many decimals
        /// (WriteScaled(-5, 2) writes -0.05). Zero never carries a sign.
        /// </summary>
        public bool WriteScaled(long scaled, int decimals)
        {
            if (decimals < 0 || decimals > MaxDecimals)
            {
                throw new ArgumentOutOfRangeException("decimals");
            }

            // Work on the non-positive magnitude so long.MinValue needs no special case.
            bool negative = scaled < 0;
            long n = negative ? scaled : -scaled;
            int digits = 1;
            for (long t = n; t <= -10; t /= 10)
            {
                digits++;
            }

            if (digits < decimals + 1)
            {
                digits = decimals + 1;
            }

            int comma = _needsComma ? 1 : 0;
            int length = digits + (decimals > 0 ? 1 : 0) + (negative ? 1 : 0);
            if (!Reserve(comma + length))
            {
                return false;
            }

            WriteComma(comma);
            if (negative)
            {
                _buffer[_position] = (byte)'-';
            }

            int p = _position + length - 1;
            for (int i = 0; i < digits; i++)
            {
                if (i == decimals && decimals > 0)
                {
                    _buffer[p--] = (byte)'.';
                }

                long q = n / 10;
                _buffer[p--] = (byte)('0' + (int)(q * 10 - n));
                n = q;
            }

            _position += length;
            _needsComma = true;
            return true;
        }

        /// <summary>
        /// Writes an ASCII string. Quote, backslash and control characters are escaped; any non-ASCII
        /// character is written as a \uXXXX escape, so the output stays valid JSON whatever the input.
        /// A null string is written as null.
        /// </summary>
        public bool WriteString(string value)
        {
            if (value == null)
            {
                return WriteNull();
            }

            int length = 2;
            for (int i = 0; i < value.Length; i++)
            {
                length += EscapedLength(value[i]);
            }

            int comma = _needsComma ? 1 : 0;
            if (!Reserve(comma + length))
            {
                return false;
            }

            WriteComma(comma);
            _buffer[_position++] = (byte)'"';
            for (int i = 0; i < value.Length; i++)
            {
                WriteEscaped(value[i]);
            }

            _buffer[_position++] = (byte)'"';
            _needsComma = true;
            return true;
        }

        /// <summary>
        /// Rounds <paramref name="value"/> to <paramref name="decimals"/> places and returns it as an integer
        /// count of 10^-decimals (36.995 at 2 gives 3700). Two steps: first to 15 significant digits (at most 9
        /// decimals), which is what a double holds reliably and strips binary noise (36.995 is stored as
        /// 36.99499999999999744...); then half away from zero to the requested places. False for NaN,
        /// infinities and results beyond the range of a long.
        /// </summary>
        public static bool TryScale(double value, int decimals, out long scaled)
        {
            scaled = 0;
            if (decimals < 0 || decimals > MaxDecimals)
            {
                throw new ArgumentOutOfRangeException("decimals");
            }

            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }

            double magnitude = value < 0 ? -value : value;
            if (magnitude >= LongLimit)
            {
                return false;
            }

            // Decimals left for 15 significant digits: magnitude * 10^kept stays below 10^15 < 2^53, so
            // the product is within 0.5 of the 15-digit integer it stands for.
            int integerDigits = 1;
            for (double power = 10; power <= magnitude && integerDigits < SignificantDigits; power *= 10)
            {
                integerDigits++;
            }

            int kept = SignificantDigits - integerDigits;
            if (kept > MaxDecimals)
            {
                kept = MaxDecimals;
            }

            long digits = (long)Math.Floor(magnitude * PowersOfTen[kept] + 0.5);
            long result;
            if (decimals <= kept)
            {
                long divisor = PowersOfTen[kept - decimals];
                result = digits / divisor;
                if ((digits - result * divisor) * 2 >= divisor)
                {
                    result++;
                }
            }
            else
            {
                long factor = PowersOfTen[decimals - kept];
                if (digits > long.MaxValue / factor)
                {
                    return false;
                }

                result = digits * factor;
            }

            scaled = value < 0 ? -result : result;
            return true;
        }

        /// <summary>Encodes <c>"name":</c> once, at start-up.</summary>
        public static byte[] EncodeName(string name)
        {
            byte[] quoted = EncodeString(name);
            byte[] result = new byte[quoted.Length + 1];
            Array.Copy(quoted, result, quoted.Length);
            result[quoted.Length] = (byte)':';
            return result;
        }

        /// <summary>Encodes a JSON string literal once, at start-up (enum values, the unit ID).</summary>
        public static byte[] EncodeString(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException("value");
            }

            byte[] scratch = new byte[value.Length * 6 + 2];
            JsonWriter writer = new JsonWriter();
            writer.Reset(scratch, 0, scratch.Length);
            writer.WriteString(value);
            byte[] result = new byte[writer.Length];
            Array.Copy(scratch, result, writer.Length);
            return result;
        }

        private bool WriteStructural(byte token, bool valueEnds)
        {
            int comma = !valueEnds && _needsComma ? 1 : 0;
            if (!Reserve(comma + 1))
            {
                return false;
            }

            WriteComma(comma);
            _buffer[_position++] = token;
            _needsComma = valueEnds;
            return true;
        }

        private bool Reserve(int count)
        {
            if (_status != JsonWriterStatus.Ok)
            {
                return false;
            }

            if (_buffer == null)
            {
                throw new InvalidOperationException("Reset first");
            }

            if (count > _end - _position)
            {
                _status = JsonWriterStatus.Overflow;
                return false;
            }

            return true;
        }

        private void WriteComma(int comma)
        {
            if (comma != 0)
            {
                _buffer[_position++] = (byte)',';
            }
        }

        private static int EscapedLength(char c)
        {
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
            {
                return 2;
            }

            return c < ' ' || c > '~' ? 6 : 1;
        }

        private void WriteEscaped(char c)
        {
            byte shortEscape = 0;
            switch (c)
            {
                case '"': shortEscape = (byte)'"'; break;
                case '\\': shortEscape = (byte)'\\'; break;
                case '\b': shortEscape = (byte)'b'; break;
                case '\f': shortEscape = (byte)'f'; break;
                case '\n': shortEscape = (byte)'n'; break;
                case '\r': shortEscape = (byte)'r'; break;
                case '\t': shortEscape = (byte)'t'; break;
            }

            if (shortEscape != 0)
            {
                _buffer[_position++] = (byte)'\\';
                _buffer[_position++] = shortEscape;
            }
            else if (c < ' ' || c > '~')
            {
                _buffer[_position++] = (byte)'\\';
                _buffer[_position++] = (byte)'u';
                _buffer[_position++] = HexDigits[(c >> 12) & 0xF];
                _buffer[_position++] = HexDigits[(c >> 8) & 0xF];
                _buffer[_position++] = HexDigits[(c >> 4) & 0xF];
                _buffer[_position++] = HexDigits[c & 0xF];
            }
            else
            {
                _buffer[_position++] = (byte)c;
            }
        }
    }
}
