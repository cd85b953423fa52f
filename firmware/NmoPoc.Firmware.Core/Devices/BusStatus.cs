using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices
{
    /// <summary>Maps an I2C transfer outcome to the device-level status every driver reports.</summary>
    public static class BusStatus
    {
        /// <summary>
        /// Only an unanswered address means the part is not there (<see cref="SensorStatus.Missing"/>). A data NACK,
        /// a short transfer or a platform fault come from a part that did answer, so they are <see cref="SensorStatus.BusError"/>.
        /// </summary>
        public static SensorStatus ToSensorStatus(I2cStatus status)
        {
            switch (status)
            {
                case I2cStatus.Ok:
                    return SensorStatus.Ok;
                case I2cStatus.AddressNack:
                    return SensorStatus.Missing;
                default:
                    return SensorStatus.BusError;
            }
        }
    }
}
