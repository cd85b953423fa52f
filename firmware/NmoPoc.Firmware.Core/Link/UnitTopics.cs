using System;
using NmoPoc.Firmware.Outbox;

namespace NmoPoc.Firmware.Link
{
    /// <summary>
    /// The unit's MQTT topics (wire protocol v1: <c>nmopoc/v1/units/{unitId}/...</c>), built once so publishing
    /// allocates no strings.
    /// </summary>
    public sealed class UnitTopics
    {
        public const string Prefix = "nmopoc/v1/units/";

        /// <param name="unitId">Matches <c>^[a-z0-9][a-z0-9-]{2,31}$</c>, e.g. <c>unit-0007</c>.</param>
        /// <exception cref="ArgumentException">The unit ID does not match.</exception>
        public UnitTopics(string unitId)
        {
            if (!IsValidUnitId(unitId))
            {
                throw new ArgumentException(
                    "unit ID '" + (unitId == null ? "(null)" : unitId) + "' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'",
                    "unitId");
            }

            UnitId = unitId;
            string root = Prefix + unitId + "/";
            Readings = root + "readings";
            Faults = root + "faults";
            Status = root + "status";
            Heartbeat = root + "heartbeat";
            Commands = root + "cmd/#";
        }

        public string UnitId { get; }

        /// <summary>temperatureRound and romSession, QoS 1, from the outbox.</summary>
        public string Readings { get; }

        /// <summary>fault, QoS 1, from the outbox.</summary>
        public string Faults { get; }

        /// <summary>Retained status: birth "online", last will "offline".</summary>
        public string Status { get; }

        /// <summary>QoS 0 heartbeat.</summary>
        public string Heartbeat { get; }

        /// <summary>Subscription filter reserved for host-to-unit commands (v1 defines none).</summary>
        public string Commands { get; }

        /// <summary>Topic for records of <paramref name="kind"/>.</summary>
        public string For(TopicKind kind)
        {
            if (kind == TopicKind.Readings)
            {
                return Readings;
            }

            if (kind == TopicKind.Faults)
            {
                return Faults;
            }

            throw new ArgumentOutOfRangeException("kind", "no topic for kind " + ((int)kind).ToString());
        }

        /// <summary><c>^[a-z0-9][a-z0-9-]{2,31}$</c> without a regex engine (nanoFramework has none built in).</summary>
        public static bool IsValidUnitId(string unitId)
        {
            if (unitId == null || unitId.Length < 3 || unitId.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < unitId.Length; i++)
            {
                char c = unitId[i];
                bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (!alnum && (c != '-' || i == 0))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
