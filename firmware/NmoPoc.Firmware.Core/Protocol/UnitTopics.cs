using System;

namespace NmoPoc.Firmware.Protocol
{
    /// <summary>
    /// The MQTT topics of one unit, built once at start-up so publishing allocates nothing.
    /// QoS and retain flags per message type live here too, next to the topics they go with.
    /// </summary>
    public sealed class UnitTopics
    {
        public const string Root = "nmopoc/v1/units/";

        public UnitTopics(string unitId)
        {
            if (!ProtocolRules.IsValidUnitId(unitId))
            {
                throw new ArgumentException("unit ID must match ^[a-z0-9][a-z0-9-]{2,31}$", "unitId");
            }

            UnitId = unitId;
            string prefix = Root + unitId + "/";
            Readings = prefix + "readings";
            Faults = prefix + "faults";
            Status = prefix + "status";
            Heartbeat = prefix + "heartbeat";
            CommandFilter = prefix + "cmd/#";
        }

        public string UnitId { get; private set; }

        /// <summary>temperatureRound and romSession; QoS 1.</summary>
        public string Readings { get; private set; }

        /// <summary>fault; QoS 1.</summary>
        public string Faults { get; private set; }

        /// <summary>status (birth and last will); QoS 1, retained.</summary>
        public string Status { get; private set; }

        /// <summary>heartbeat; QoS 0.</summary>
        public string Heartbeat { get; private set; }

        /// <summary>Reserved for host-to-unit commands; v1 defines none.</summary>
        public string CommandFilter { get; private set; }

        public string For(MessageType type)
        {
            switch (type)
            {
                case MessageType.TemperatureRound:
                case MessageType.RomSession:
                    return Readings;
                case MessageType.Fault:
                    return Faults;
                case MessageType.Heartbeat:
                    return Heartbeat;
                case MessageType.Status:
                    return Status;
                default:
                    throw new ArgumentOutOfRangeException("type");
            }
        }

        /// <summary>MQTT QoS level: 0 for the heartbeat (the next one replaces a lost one), 1 otherwise.</summary>
        public static int QosFor(MessageType type)
        {
            return type == MessageType.Heartbeat ? 0 : 1;
        }

        /// <summary>Only status is retained, so a new subscriber learns at once whether the unit is up.</summary>
        public static bool IsRetained(MessageType type)
        {
            return type == MessageType.Status;
        }
    }
}
