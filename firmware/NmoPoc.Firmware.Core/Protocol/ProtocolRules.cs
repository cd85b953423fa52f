namespace NmoPoc.Firmware.Protocol
{
    /// <summary>Limits and identifier rules of protocol v1 (docs/protocol.md), the same as the schema's.</summary>
    public static class ProtocolRules
    {
        public const int Version = 1;

        /// <summary>Largest payload a unit may publish.</summary>
        public const int MaxPayloadBytes = 1024;

        /// <summary>2017-07-14: an earlier timestamp can only come from a clock that was never set.</summary>
        public const long MinSynchronizedEpochMs = 1500000000000;

        /// <summary>2100-01-01.</summary>
        public const long MaxEpochMs = 4102444800000;

        /// <summary>2^53 - 1: the largest integer every JSON parser reads exactly.</summary>
        public const long MaxSafeInteger = 9007199254740991;

        public const int MaxIdLength = 32;

        public const int MaxFirmwareVersionLength = 32;

        /// <summary>^[a-z0-9][a-z0-9-]{2,31}$</summary>
        public static bool IsValidUnitId(string unitId)
        {
            if (unitId == null || unitId.Length < 3 || unitId.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < unitId.Length; i++)
            {
                char c = unitId[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>^[A-Za-z0-9_-]{1,32}$ (a badge number).</summary>
        public static bool IsValidOperatorId(string operatorId)
        {
            if (operatorId == null || operatorId.Length < 1 || operatorId.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < operatorId.Length; i++)
            {
                char c = operatorId[i];
                if (!(IsAlphanumeric(c) || c == '_' || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Semantic version 2.0: MAJOR.MINOR.PATCH[-prerelease][+build], at most 32 characters.</summary>
        public static bool IsValidFirmwareVersion(string version)
        {
            if (version == null || version.Length < 5 || version.Length > MaxFirmwareVersionLength)
            {
                return false;
            }

            int i = 0;
            for (int part = 0; part < 3; part++)
            {
                if (part > 0)
                {
                    if (i >= version.Length || version[i] != '.')
                    {
                        return false;
                    }

                    i++;
                }

                int start = i;
                while (i < version.Length && version[i] >= '0' && version[i] <= '9')
                {
                    i++;
                }

                // At least one digit and no leading zero.
                if (i == start || (version[start] == '0' && i - start > 1))
                {
                    return false;
                }
            }

            if (i < version.Length && version[i] == '-')
            {
                i = SkipIdentifiers(version, i + 1);
                if (i < 0)
                {
                    return false;
                }
            }

            if (i < version.Length && version[i] == '+')
            {
                i = SkipIdentifiers(version, i + 1);
                if (i < 0)
                {
                    return false;
                }
            }

            return i == version.Length;
        }

        // [0-9A-Za-z.-]+ from start; returns the index after it, or -1 when empty.
        private static int SkipIdentifiers(string s, int start)
        {
            int i = start;
            while (i < s.Length && (IsAlphanumeric(s[i]) || s[i] == '.' || s[i] == '-'))
            {
                i++;
            }

            return i == start ? -1 : i;
        }

        private static bool IsAlphanumeric(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }
}
