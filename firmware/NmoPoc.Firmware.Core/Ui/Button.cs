using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>What one <see cref="Button.Poll"/> saw. At most one event per poll.</summary>
    public enum ButtonEvent
    {
        None = 0,
        /// <summary>The contact has been closed for the debounce time.</summary>
        Pressed = 1,
        /// <summary>The contact has been open for the debounce time after a press (also after a long press).</summary>
        Released = 2,
        /// <summary>Still pressed after the long-press time; once per press.</summary>
        LongPress = 3,
    }

    /// <summary>
    /// A debounced push button sampled by the main loop (no interrupt, no thread, no allocation). A level counts
    /// only after it has held for <see cref="DebounceMs"/> without a change, so contact chatter shorter than that
    /// never produces an event. A button already held at start-up (or shorted) gives no events until it has been
    /// released once, so it cannot start anything by itself.
    /// </summary>
    public sealed class Button
    {
        /// <summary>
        /// 30 ms: 30× the KSC2 switch's specified bounce (≤ 1 ms), several times what Ganssle measured for typical
        /// switches, and well below the ~100 ms at which a response starts to feel late. See docs/device-feedback.md.
        /// </summary>
        public const int DefaultDebounceMs = 30;

        /// <summary>Long enough not to happen by accident on a firm press.</summary>
        public const int DefaultLongPressMs = 1500;

        private readonly IDigitalInput _input;
        private readonly IMonotonicClock _clock;
        private readonly bool _activeLow;
        private bool _started;
        private bool _candidate;
        private long _candidateSince;
        private bool _stable;
        private long _pressedAt;
        private bool _armed;
        private bool _longPressSent;

        public Button(IDigitalInput input, IMonotonicClock clock)
            : this(input, clock, true, DefaultDebounceMs, DefaultLongPressMs)
        {
        }

        /// <param name="activeLow">True for the unit's buttons: a closed contact pulls the pin to ground.</param>
        public Button(IDigitalInput input, IMonotonicClock clock, bool activeLow, int debounceMs, int longPressMs)
        {
            _input = input;
            _clock = clock;
            _activeLow = activeLow;
            DebounceMs = debounceMs < 0 ? 0 : debounceMs;
            LongPressMs = longPressMs;
        }

        public int DebounceMs { get; }

        public int LongPressMs { get; }

        /// <summary>Debounced state.</summary>
        public bool IsPressed
        {
            get { return _stable; }
        }

        /// <summary>How long the debounced press has lasted, 0 when released.</summary>
        public long PressedMilliseconds
        {
            get { return _stable ? _clock.ElapsedMilliseconds - _pressedAt : 0; }
        }

        /// <summary>Samples the pin once. Call every 5-10 ms from the main loop.</summary>
        public ButtonEvent Poll()
        {
            bool raw = _input.Read() != _activeLow;
            long now = _clock.ElapsedMilliseconds;
            if (!_started)
            {
                _started = true;
                _candidate = raw;
                _stable = raw;
                _candidateSince = now;
                _pressedAt = now;
                _armed = !raw;
                return ButtonEvent.None;
            }

            if (raw != _candidate)
            {
                // Any change restarts the quiet period: bounce never reaches the stable state.
                _candidate = raw;
                _candidateSince = now;
            }
            else if (_candidate != _stable && now - _candidateSince >= DebounceMs)
            {
                _stable = _candidate;
                if (_stable)
                {
                    _pressedAt = _candidateSince;
                    _longPressSent = false;
                    if (_armed)
                    {
                        return ButtonEvent.Pressed;
                    }
                }
                else
                {
                    bool wasArmed = _armed;
                    _armed = true;
                    if (wasArmed)
                    {
                        return ButtonEvent.Released;
                    }
                }

                return ButtonEvent.None;
            }

            // The contact must still be closed: a release being debounced is not a long press.
            if (_stable && _candidate && _armed && !_longPressSent && now - _pressedAt >= LongPressMs)
            {
                _longPressSent = true;
                return ButtonEvent.LongPress;
            }

            return ButtonEvent.None;
        }
    }
}
