namespace NmoPoc.Firmware.Measurement
{
    public enum KeypadResult
    {
        /// <summary>Key taken; entry continues.</summary>
        Pending = 0,
        /// <summary>Enter pressed on a valid number: the operator is logged in.</summary>
        Accepted = 1,
        /// <summary>Enter pressed with nothing typed.</summary>
        Empty = 2,
        /// <summary>More than 32 digits were typed; the entry was discarded rather than truncated to someone else's number.</summary>
        TooLong = 3,
        /// <summary>A key that is not a digit 0–9.</summary>
        InvalidKey = 4,
        /// <summary>Clear pressed; the entry is empty.</summary>
        Cleared = 5,
    }

    /// <summary>
    /// Badge number typed on the keypad: digits, Clear and Enter. The buffer is fixed; only Enter allocates
    /// (the one string for the operator ID).
    /// </summary>
    public sealed class KeypadEntry
    {
        private readonly OperatorLogin _login;
        private readonly char[] _buffer = new char[OperatorId.MaxLength];
        private int _count;
        private bool _overflow;

        public KeypadEntry(OperatorLogin login)
        {
            _login = login;
        }

        /// <summary>Digits typed so far.</summary>
        public int Length
        {
            get { return _count; }
        }

        public KeypadResult Digit(int digit)
        {
            if (digit < 0 || digit > 9)
            {
                return KeypadResult.InvalidKey;
            }

            if (_count == _buffer.Length)
            {
                _overflow = true;
                return KeypadResult.TooLong;
            }

            _buffer[_count++] = (char)('0' + digit);
            return KeypadResult.Pending;
        }

        public KeypadResult Clear()
        {
            _count = 0;
            _overflow = false;
            return KeypadResult.Cleared;
        }

        public KeypadResult Enter()
        {
            bool overflow = _overflow;
            int count = _count;
            _count = 0;
            _overflow = false;
            if (overflow)
            {
                return KeypadResult.TooLong;
            }

            if (count == 0)
            {
                return KeypadResult.Empty;
            }

            return _login.TryLogIn(new string(_buffer, 0, count)) == OperatorIdError.None
                ? KeypadResult.Accepted
                : KeypadResult.InvalidKey;
        }
    }
}
