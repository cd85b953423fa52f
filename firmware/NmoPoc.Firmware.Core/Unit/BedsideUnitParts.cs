using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Everything a <see cref="BedsideUnit"/> is built from. The platform (ESP32, Pi, virtual unit) fills it once at
    /// start-up; <see cref="BedsideUnit"/> checks it and says which part is missing.
    /// </summary>
    public sealed class BedsideUnitParts
    {
        public string UnitId;
        public string FirmwareVersion = "1.0.0";
        public MeasurementSettings Settings;
        /// <summary>Stored calibration; null runs uncalibrated (rounds flagged calibrationExpired).</summary>
        public CalibrationRecord Calibration;
        public ITemperatureSensor LeftHip;
        public ITemperatureSensor RightHip;
        public ITemperatureSensor Ambient;
        public IAngleSensor Goniometer;
        public IMonotonicClock Clock;
        public IWallClock WallClock;
        /// <summary>Opened once per boot (that counts the boot).</summary>
        public PersistentOutbox Outbox;
        public IMqttLink Link;
        public ForwarderOptions Forwarder;
        public int HeartbeatIntervalSeconds = 60;
        /// <summary>Null on a unit without a battery gauge (mains-powered Pi, virtual unit).</summary>
        public BatteryGauge Battery;
        /// <summary>Required: nothing is dropped silently, so every refusal is logged somewhere.</summary>
        public ILog Log;
    }
}
