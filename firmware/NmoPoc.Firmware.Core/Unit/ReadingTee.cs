using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Hands each reading to the outbox first, then to an observer (the front panel): what the nurse sees as
    /// "saved" has already been stored.
    /// </summary>
    internal sealed class ReadingTee : IReadingSink
    {
        private readonly IReadingSink _primary;

        public ReadingTee(IReadingSink primary)
        {
            _primary = primary;
        }

        public IReadingSink Observer;

        public void OnTemperatureRound(TemperatureRound round)
        {
            _primary.OnTemperatureRound(round);
            if (Observer != null)
            {
                Observer.OnTemperatureRound(round);
            }
        }

        public void OnRomSession(RomSession session)
        {
            _primary.OnRomSession(session);
            if (Observer != null)
            {
                Observer.OnRomSession(session);
            }
        }

        public void OnFault(FaultReading fault)
        {
            _primary.OnFault(fault);
            if (Observer != null)
            {
                Observer.OnFault(fault);
            }
        }
    }
}
