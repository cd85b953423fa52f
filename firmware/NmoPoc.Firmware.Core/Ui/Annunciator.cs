using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>Which pattern the <see cref="Annunciator"/> is playing.</summary>
    public enum AnnunciatorPattern
    {
        None = 0,
        Done = 1,
        Fault = 2,
    }

    /// <summary>
    /// Status LED and piezo patterns as functions of time, advanced by <see cref="Tick"/> from the main loop
    /// (no thread or timer per pattern). "Done": one short beep, LED on for 1 s. "Fault": three short beeps
    /// and the LED blinking 2 Hz until <see cref="Acknowledge"/>, with the beeps repeated every
    /// <see cref="FaultReminderMs"/>. A fault outranks "done". Outputs are written only when they change.
    /// </summary>
    public sealed class Annunciator
    {
        /// <summary>The PS1240's rated frequency (hardware/wiring.json, buzzer frequencyHz).</summary>
        public const int DefaultToneHz = 4000;

        public const int DefaultFaultReminderMs = 60000;

        public const int DoneLedMs = 1000;
        public const int FaultBlinkPeriodMs = 500;
        public const int FaultBlinkOnMs = 250;

        // Tone on-intervals as [start, end) pairs in ms from the pattern start.
        private static readonly int[] DoneTone = new int[] { 0, 120 };
        private static readonly int[] FaultTone = new int[] { 0, 120, 240, 360, 480, 600 };

        private readonly IDigitalOutput _led;
        private readonly IToneOutput _tone;
        private readonly IMonotonicClock _clock;
        private long _startedAt;
        private bool _ledOn;
        private bool _toneOn;

        public Annunciator(IDigitalOutput led, IToneOutput tone, IMonotonicClock clock)
            : this(led, tone, clock, DefaultToneHz, DefaultFaultReminderMs)
        {
        }

        /// <param name="faultReminderMs">Repeat the fault beeps this often until acknowledged; 0 beeps once.</param>
        public Annunciator(IDigitalOutput led, IToneOutput tone, IMonotonicClock clock, int toneHz, int faultReminderMs)
        {
            _led = led;
            _tone = tone;
            _clock = clock;
            ToneHz = toneHz;
            FaultReminderMs = faultReminderMs;
            // Known state after a warm reboot: dark and silent.
            _led.Write(false);
            _tone.Stop();
        }

        public int ToneHz { get; }

        public int FaultReminderMs { get; }

        public AnnunciatorPattern Pattern { get; private set; }

        /// <summary>"Done" requests dropped because a fault was waiting for acknowledgement.</summary>
        public int SuppressedDone { get; private set; }

        /// <summary>One short beep and the LED on for a second: a reading was captured.</summary>
        public void PlayDone()
        {
            if (Pattern == AnnunciatorPattern.Fault)
            {
                SuppressedDone++;
                return;
            }

            Start(AnnunciatorPattern.Done);
        }

        /// <summary>Starts (or restarts, for a new fault) the fault pattern.</summary>
        public void RaiseFault()
        {
            Start(AnnunciatorPattern.Fault);
        }

        /// <summary>The operator has seen the fault: LED off, silence.</summary>
        public void Acknowledge()
        {
            if (Pattern == AnnunciatorPattern.Fault)
            {
                Pattern = AnnunciatorPattern.None;
                Tick();
            }
        }

        /// <summary>Sets the outputs for the current time. Call every 10-20 ms; a 120 ms beep survives that.</summary>
        public void Tick()
        {
            long elapsed = _clock.ElapsedMilliseconds - _startedAt;
            bool led = false;
            bool tone = false;
            if (Pattern == AnnunciatorPattern.Done)
            {
                if (elapsed >= DoneLedMs)
                {
                    Pattern = AnnunciatorPattern.None;
                }
                else
                {
                    led = true;
                    tone = Within(DoneTone, elapsed);
                }
            }
            else if (Pattern == AnnunciatorPattern.Fault)
            {
                led = elapsed % FaultBlinkPeriodMs < FaultBlinkOnMs;
                long inCycle = FaultReminderMs > 0 ? elapsed % FaultReminderMs : elapsed;
                tone = Within(FaultTone, inCycle);
            }

            if (led != _ledOn)
            {
                _ledOn = led;
                _led.Write(led);
            }

            if (tone != _toneOn)
            {
                _toneOn = tone;
                if (tone)
                {
                    _tone.Start(ToneHz);
                }
                else
                {
                    _tone.Stop();
                }
            }
        }

        private void Start(AnnunciatorPattern pattern)
        {
            Pattern = pattern;
            _startedAt = _clock.ElapsedMilliseconds;
            Tick();
        }

        private static bool Within(int[] intervals, long t)
        {
            for (int i = 0; i + 1 < intervals.Length; i += 2)
            {
                if (t >= intervals[i] && t < intervals[i + 1])
                {
                    return true;
                }
            }

            return false;
        }
    }
}
