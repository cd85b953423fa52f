using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>
    /// The nurse's side of the unit: three debounced buttons drive the <see cref="MeasurementWorkflow"/>, and the
    /// workflow, outbox, link and battery drive the <see cref="ScreenModel"/> (drawn on the SSD1306) and the
    /// <see cref="Annunciator"/>. Ticked from the unit's main loop, on the same thread as the workflow; it learns of
    /// finished readings and faults as the unit's observer (after the outbox stored them). Button map: see
    /// docs/device-feedback.md ("Operating the unit").
    /// </summary>
    public sealed class FrontPanel : IReadingSink
    {
        /// <summary>Redraw at most this often (a changed page costs ~3 ms on the 400 kHz bus).</summary>
        public const int FrameIntervalMs = 200;

        /// <summary>How long "saved"/"sent" stays up unless OK is pressed.</summary>
        public const int ResultScreenMs = 15000;

        public const int BatteryCheckMs = 30000;

        /// <summary>At or below this charge the low-battery banner shows.</summary>
        public const int LowBatteryPercent = 15;

        /// <summary>How long a refusal ("log in first") replaces the hint.</summary>
        public const int NoticeMs = 3000;

        // Idle hints per ROM choice (side, movement): built once, never per frame.
        private static readonly string[] RomChoiceHints =
        {
            "OK:temp CAP:ROM L-FL", "OK:temp CAP:ROM R-FL", "OK:temp CAP:ROM L-AB", "OK:temp CAP:ROM R-AB",
            "OK:temp CAP:ROM L-IR", "OK:temp CAP:ROM R-IR", "OK:temp CAP:ROM L-ER", "OK:temp CAP:ROM R-ER",
        };

        private readonly BedsideUnit _unit;
        private readonly MeasurementWorkflow _workflow;
        private readonly Button _confirm;
        private readonly Button _capture;
        private readonly Button _cancel;
        private readonly Annunciator _annunciator;
        private readonly Ssd1306 _display;
        private readonly BatteryGauge _battery;
        private readonly IMonotonicClock _clock;
        private readonly IWallClock _wallClock;
        private readonly ScreenRenderer _renderer = new ScreenRenderer();
        private readonly ScreenModel _model = new ScreenModel();

        private long _nextFrameMs;
        private long _nextBatteryMs;
        private bool _resultShown;
        private uint _resultSeq;
        private long _resultUntilMs;
        private bool _outboxShown;
        private bool _cancelHeld;
        private int _romChoice;
        private string _notice;
        private long _noticeUntilMs;

        /// <param name="display">Null on a unit without a panel (the model is still kept, for tests and logs).</param>
        /// <param name="battery">Null without a gauge (mains-powered Pi): no percentage, never "low".</param>
        public FrontPanel(BedsideUnit unit, Button confirm, Button capture, Button cancel, Annunciator annunciator,
            Ssd1306 display, BatteryGauge battery, IMonotonicClock clock, IWallClock wallClock, string unitId)
        {
            _unit = unit;
            _workflow = unit.Workflow;
            _confirm = confirm;
            _capture = capture;
            _cancel = cancel;
            _annunciator = annunciator;
            _display = display;
            _battery = battery;
            _clock = clock;
            _wallClock = wallClock;
            _model.UnitId = unitId;
            _model.OutboxCapacity = unit.Outbox.Capacity;
            unit.Observe(this);
        }

        /// <summary>What the screen shows now (filled at each frame).</summary>
        public ScreenModel Model
        {
            get { return _model; }
        }

        public Annunciator Annunciator
        {
            get { return _annunciator; }
        }

        /// <summary>Frames whose flush to the panel failed (panel unplugged or bus error); the unit carries on.</summary>
        public int DisplayFailures { get; private set; }

        /// <summary>Side and movement CAP starts a ROM session with (BACK cycles through them at idle).</summary>
        public HipSide RomSide
        {
            get { return (HipSide)(_romChoice % 2); }
        }

        public Movement RomMovement
        {
            get { return (Movement)(_romChoice / 2); }
        }

        /// <summary>Polls the buttons, advances the LED/buzzer and redraws when due. Call every 5-10 ms.</summary>
        public void Tick()
        {
            long now = _clock.ElapsedMilliseconds;
            if (Handle(_confirm.Poll(), _capture.Poll(), _cancel.Poll(), now))
            {
                _nextFrameMs = now; // answer a press at once
            }

            _annunciator.Tick();
            if (_battery != null && now >= _nextBatteryMs)
            {
                _nextBatteryMs = now + BatteryCheckMs;
                int mv;
                int percent;
                if (_battery.Read(out mv, out percent))
                {
                    _model.BatteryPercent = percent;
                    _model.BatteryLow = percent <= LowBatteryPercent;
                }
            }

            if (now >= _nextFrameMs)
            {
                _nextFrameMs = now + FrameIntervalMs;
                Refresh(now);
            }
        }

        /// <summary>Fills the model from the unit and, with a panel, draws and flushes it.</summary>
        public void Refresh(long now)
        {
            Fill(now);
            if (_display != null)
            {
                _renderer.Render(_model, _display.Frame);
                if (_display.Flush() != I2cStatus.Ok)
                {
                    DisplayFailures++;
                }
            }
        }

        public void OnTemperatureRound(TemperatureRound round)
        {
            ShowResult(ReadingKind.TemperatureRound);
        }

        public void OnRomSession(RomSession session)
        {
            ShowResult(ReadingKind.RangeOfMotion);
        }

        public void OnFault(FaultReading fault)
        {
            _model.FaultActive = true;
            _model.FaultAcknowledged = false;
            _model.FaultChannel = fault.Channel;
            _model.FaultStatus = fault.Status;
            _annunciator.RaiseFault();
            _nextFrameMs = 0;
        }

        private void ShowResult(ReadingKind kind)
        {
            _resultShown = true;
            _model.Reading = kind;
            _resultSeq = _unit.Outbox.LastSeq;
            _resultUntilMs = _clock.ElapsedMilliseconds + ResultScreenMs;
            _annunciator.PlayDone();
            _nextFrameMs = 0;
        }

        /// <summary>Maps this poll's button events to the workflow; true when anything happened.</summary>
        private bool Handle(ButtonEvent ok, ButtonEvent cap, ButtonEvent back, long now)
        {
            if (ok == ButtonEvent.None && cap == ButtonEvent.None && back == ButtonEvent.None)
            {
                return false;
            }

            // A fault not yet seen takes the whole screen: OK acknowledges it, nothing else acts behind it.
            if (_model.FaultActive && !_model.FaultAcknowledged)
            {
                if (ok == ButtonEvent.Pressed)
                {
                    _model.FaultAcknowledged = true;
                    _annunciator.Acknowledge();
                }

                return true;
            }

            if (_resultShown)
            {
                if (ok == ButtonEvent.Pressed || cap == ButtonEvent.Pressed || back == ButtonEvent.Pressed)
                {
                    _resultShown = false;
                }

                return true;
            }

            if (_workflow.Temperature.IsRunning)
            {
                if (ok == ButtonEvent.Pressed)
                {
                    _workflow.ConfirmRest();
                }

                if (back == ButtonEvent.LongPress)
                {
                    _workflow.EndTemperatureRound();
                }

                return true;
            }

            if (_workflow.Rom.IsRunning)
            {
                if (cap == ButtonEvent.Pressed)
                {
                    _workflow.PressRepetition();
                }

                if (back == ButtonEvent.LongPress)
                {
                    _workflow.EndRomSession();
                }

                return true;
            }

            if (_outboxShown)
            {
                // The release that ends the hold which opened the screen does not close it.
                if ((back == ButtonEvent.Released && !_cancelHeld) || ok == ButtonEvent.Pressed)
                {
                    _outboxShown = false;
                }

                if (back == ButtonEvent.Released || back == ButtonEvent.Pressed)
                {
                    _cancelHeld = false;
                }

                return true;
            }

            // Idle.
            if (ok == ButtonEvent.Pressed)
            {
                Started(_workflow.StartTemperatureRound(), now);
            }
            else if (cap == ButtonEvent.Pressed)
            {
                Started(_workflow.StartRomSession(RomSide, RomMovement), now);
            }

            if (back == ButtonEvent.Pressed)
            {
                _cancelHeld = false;
            }
            else if (back == ButtonEvent.LongPress)
            {
                _cancelHeld = true;
                _outboxShown = true;
            }
            else if (back == ButtonEvent.Released && !_cancelHeld)
            {
                _romChoice = (_romChoice + 1) % RomChoiceHints.Length;
            }

            return true;
        }

        private void Started(StartResult result, long now)
        {
            if (result == StartResult.Started)
            {
                // A fault of the previous measurement has been seen; the new one starts clean.
                _model.FaultActive = false;
                return;
            }

            _notice = result == StartResult.NoOperator ? "No operator: see cfg" : "Busy";
            _noticeUntilMs = now + NoticeMs;
        }

        private void Fill(long now)
        {
            ScreenModel m = _model;
            m.ClockSynchronized = _wallClock.IsSynchronized;
            m.OutboxDepth = _unit.Outbox.Count;
            m.LinkConnected = _unit.Link.IsConnected;
            m.Hint = null;

            if (_resultShown && now >= _resultUntilMs)
            {
                _resultShown = false;
            }

            TemperatureRoundWorkflow t = _workflow.Temperature;
            RomSessionWorkflow r = _workflow.Rom;
            if (_resultShown)
            {
                bool sent = _unit.Outbox.Count == 0 || _unit.Outbox.OldestSeq > _resultSeq;
                m.Screen = sent ? ScreenKind.ReadingSent : ScreenKind.ReadingQueued;
            }
            else if (t.IsRunning)
            {
                m.Screen = ScreenKind.TemperatureRound;
                m.LeftTempC = t.LeftLastC;
                m.RightTempC = t.RightLastC;
                m.AmbientTempC = t.AmbientLastC;
                m.LeftStatus = t.LeftStatus;
                m.RightStatus = t.RightStatus;
                m.AmbientStatus = t.AmbientStatus;
                m.LeftSettled = t.LeftSettled;
                m.RightSettled = t.RightSettled;
                if (t.State == TemperatureRoundState.Resting)
                {
                    long left = _unit.Settings.RestMs - t.RestElapsedMs;
                    m.RestRemainingSeconds = left <= 0 ? 0 : (int)((left + 999) / 1000);
                    m.Hint = "hold BACK:end round";
                }
                else
                {
                    m.RestRemainingSeconds = -1;
                    m.Hint = t.State == TemperatureRoundState.AwaitingRest ? "OK:rest hold BACK:end" : "hold BACK:end round";
                }
            }
            else if (r.IsRunning)
            {
                m.Screen = ScreenKind.RomRepetition;
                m.Side = r.Side;
                m.Movement = r.Movement;
                int done = r.RepetitionsDone;
                for (int i = 0; i < RomSession.Repetitions; i++)
                {
                    m.RepetitionDeg[i] = i < done ? r.RepetitionDegrees(i) : double.NaN;
                }

                if (r.State == RomSessionState.Tracking)
                {
                    // The repetition under way shows its peak so far.
                    m.RepetitionNumber = done + 1;
                    m.RepetitionDeg[done] = r.CurrentPeakDeg;
                    m.Hint = "CAP:at end of range";
                }
                else
                {
                    m.RepetitionNumber = done;
                    m.Hint = "CAP:go  hold BACK:end";
                }
            }
            else if (_outboxShown)
            {
                m.Screen = ScreenKind.Outbox;
            }
            else
            {
                m.Screen = ScreenKind.Idle;
                m.Hint = RomChoiceHints[_romChoice];
                if (m.FaultActive && m.FaultAcknowledged)
                {
                    // Seen, and the measurement it belonged to is over.
                    m.FaultActive = false;
                }
            }

            if (m.FaultActive && !m.FaultAcknowledged)
            {
                m.Hint = null; // the fault screen's own "OK:acknowledge"
            }

            if (_notice != null)
            {
                if (now < _noticeUntilMs)
                {
                    m.Hint = _notice;
                }
                else
                {
                    _notice = null;
                }
            }
        }
    }
}
