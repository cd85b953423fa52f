namespace NmoPoc.Firmware.Measurement
{
    public enum OperatorIdError
    {
        None = 0,
        /// <summary>Null or empty.</summary>
        Missing = 1,
        /// <summary>More than <see cref="OperatorId.MaxLength"/> characters.</summary>
        TooLong = 2,
        /// <summary>A character outside [A-Za-z0-9_-].</summary>
        InvalidCharacter = 3,
    }

    /// <summary>
    /// The operator's badge number: 1–32 characters of [A-Za-z0-9_-]. It names a member of staff, never a
    /// patient; the unit holds no patient identity at all.
    /// </summary>
    public static class OperatorId
    {
        public const int MaxLength = 32;

        public static OperatorIdError Validate(string id)
        {
            if (id == null || id.Length == 0)
            {
                return OperatorIdError.Missing;
            }

            if (id.Length > MaxLength)
            {
                return OperatorIdError.TooLong;
            }

            for (int i = 0; i < id.Length; i++)
            {
                if (!IsAllowed(id[i]))
                {
                    return OperatorIdError.InvalidCharacter;
                }
            }

            return OperatorIdError.None;
        }

        public static bool IsValid(string id)
        {
            return Validate(id) == OperatorIdError.None;
        }

        public static bool IsAllowed(char c)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
    }
}
