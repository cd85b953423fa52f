using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>
    /// Screen words for the reading model's enums. nano's Enum.ToString prints numbers, and clinicians need words
    /// plus what to do, so each value maps to a literal here (no allocation). Widths are limits of the layout.
    /// </summary>
    public static class UiText
    {
        /// <summary>Full channel name, at most 21 characters.</summary>
        public static string ChannelName(Channel channel)
        {
            switch (channel)
            {
                case Channel.LeftHip: return "Left hip probe";
                case Channel.RightHip: return "Right hip probe";
                case Channel.Ambient: return "Room temp sensor";
                case Channel.Goniometer: return "Goniometer";
                case Channel.Battery: return "Battery";
                default: return "Unknown channel";
            }
        }

        /// <summary>Channel name for the fault banner, at most 5 characters.</summary>
        public static string ChannelShort(Channel channel)
        {
            switch (channel)
            {
                case Channel.LeftHip: return "L hip";
                case Channel.RightHip: return "R hip";
                case Channel.Ambient: return "Room";
                case Channel.Goniometer: return "Gonio";
                case Channel.Battery: return "Batt";
                default: return "?";
            }
        }

        /// <summary>What went wrong, at most 21 characters.</summary>
        public static string StatusText(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Ok: return "Working";
                case SensorStatus.Missing: return "Not answering";
                case SensorStatus.PecError: return "Data check failed";
                case SensorStatus.DeviceError: return "Sensor reports error";
                case SensorStatus.OutOfRange: return "Value out of range";
                case SensorStatus.Stuck: return "Value not changing";
                case SensorStatus.RailLow: return "Signal at 0 V";
                case SensorStatus.RailHigh: return "Signal at supply";
                case SensorStatus.BusError: return "Bus error";
                case SensorStatus.BusTooFast: return "Bus clock too fast";
                default: return "Unknown fault";
            }
        }

        /// <summary>Status beside a value or in the fault banner, at most 8 characters.</summary>
        public static string StatusShort(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Ok: return "ok";
                case SensorStatus.Missing: return "missing";
                case SensorStatus.PecError: return "data err";
                case SensorStatus.DeviceError: return "dev err";
                case SensorStatus.OutOfRange: return "range";
                case SensorStatus.Stuck: return "stuck";
                case SensorStatus.RailLow: return "rail low";
                case SensorStatus.RailHigh: return "rail hi";
                case SensorStatus.BusError: return "bus err";
                case SensorStatus.BusTooFast: return "bus fast";
                default: return "fault";
            }
        }

        /// <summary>The first thing the operator should do, at most 21 characters.</summary>
        public static string Action(Channel channel, SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Missing:
                case SensorStatus.BusError:
                case SensorStatus.PecError:
                    return "Check plug and cable";
                case SensorStatus.OutOfRange:
                    return channel == Channel.Goniometer ? "Check arms and hinge" : "Check skin contact";
                case SensorStatus.Stuck:
                case SensorStatus.DeviceError:
                    return "Replug; if not fixed,";
                case SensorStatus.RailLow:
                case SensorStatus.RailHigh:
                    return "Check goniometer lead";
                case SensorStatus.BusTooFast:
                    return "Service: bus setup";
                default:
                    return "Call technical staff";
            }
        }

        /// <summary>Second action line, at most 21 characters (often empty).</summary>
        public static string ActionMore(Channel channel, SensorStatus status)
        {
            if (status != SensorStatus.Stuck && status != SensorStatus.DeviceError)
            {
                return "";
            }

            return channel == Channel.Goniometer ? "replace goniometer" : "replace the probe";
        }

        public static string SideName(HipSide side)
        {
            return side == HipSide.Left ? "LEFT HIP" : "RIGHT HIP";
        }

        /// <summary>Movement name, at most 21 characters.</summary>
        public static string MovementName(Movement movement)
        {
            switch (movement)
            {
                case Movement.Flexion: return "Flexion";
                case Movement.Abduction: return "Abduction";
                case Movement.InternalRotation: return "Internal rotation";
                case Movement.ExternalRotation: return "External rotation";
                default: return "Movement?";
            }
        }

        public static string ReadingName(ReadingKind kind)
        {
            return kind == ReadingKind.RangeOfMotion ? "Range of motion" : "Temperature round";
        }
    }
}
