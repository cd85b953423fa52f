using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>
    /// Draws a <see cref="ScreenModel"/> into a <see cref="FrameBuffer"/>. Layout: line 0 is the title with the
    /// battery at the right, lines 1-6 the body (large 12×16 digits span two lines), line 7 the button hint.
    /// Overrides, in order: an unacknowledged fault replaces the whole screen; an acknowledged fault that is
    /// still present replaces the hint line with an inverse banner; low battery replaces the title line with an
    /// inverse banner (a measurement in progress stays readable). Rendering allocates nothing.
    /// </summary>
    public sealed class ScreenRenderer
    {
        public const int TitleLine = 0;
        public const int HintLine = 7;

        /// <summary>Text column where the battery figure starts on the title line (4 characters, right aligned).</summary>
        public const int BatteryColumn = 17;

        /// <summary>Pixel column of the small status words to the right of large values.</summary>
        public const int ValueNoteX = 13 * Font5x7.CellWidth;

        private readonly TextLine _line = new TextLine(FrameBuffer.TextColumns);

        public void Render(ScreenModel model, FrameBuffer frame)
        {
            frame.Clear();
            if ((model.FaultActive && !model.FaultAcknowledged) || model.Screen == ScreenKind.Fault)
            {
                DrawFault(model, frame);
                return;
            }

            switch (model.Screen)
            {
                case ScreenKind.TemperatureRound:
                    DrawRound(model, frame);
                    break;
                case ScreenKind.RomRepetition:
                    DrawRom(model, frame);
                    break;
                case ScreenKind.ReadingQueued:
                case ScreenKind.ReadingSent:
                    DrawReading(model, frame);
                    break;
                case ScreenKind.Outbox:
                    DrawOutbox(model, frame);
                    break;
                case ScreenKind.LowBattery:
                    DrawLowBattery(model, frame);
                    break;
                default:
                    DrawIdle(model, frame);
                    break;
            }

            if (model.BatteryLow && model.Screen != ScreenKind.LowBattery)
            {
                frame.ClearLine(TitleLine);
                Text(frame, "LOW BATTERY", 0, TitleLine);
                DrawBattery(model, frame);
                frame.InvertLine(TitleLine, 0, FrameBuffer.Width);
            }

            if (model.FaultActive && model.FaultAcknowledged)
            {
                frame.ClearLine(HintLine);
                _line.Clear().Append("FAULT ").Append(UiText.ChannelShort(model.FaultChannel)).Append(' ')
                    .Append(UiText.StatusShort(model.FaultStatus));
                frame.DrawText(_line.Chars, 0, _line.Length, 0, HintLine);
                frame.InvertLine(HintLine, 0, FrameBuffer.Width);
            }
        }

        private void DrawIdle(ScreenModel model, FrameBuffer frame)
        {
            Title(model, frame, model.UnitId == null ? "" : model.UnitId);
            frame.DrawLargeText("Ready", 0, 2);
            Text(frame, model.ClockSynchronized ? "Clock   synced" : "Clock   NOT SYNCED", 0, 4);
            OutboxLine(model, frame, "Outbox  ", 5);
            _line.Clear().Append("Battery ");
            if (model.BatteryPercent < 0)
            {
                _line.Append("no gauge");
            }
            else
            {
                _line.AppendInt(model.BatteryPercent, 1).Append('%');
            }

            frame.DrawText(_line.Chars, 0, _line.Length, 0, 6);
            Hint(model, frame, "OK:start");
        }

        private void DrawRound(ScreenModel model, FrameBuffer frame)
        {
            Title(model, frame, "TEMP ROUND");
            if (model.RestRemainingSeconds >= 0)
            {
                _line.Clear().Append("Rest ").AppendMinutesSeconds(model.RestRemainingSeconds).Append(" left");
                frame.DrawText(_line.Chars, 0, _line.Length, 0, 1);
            }
            else
            {
                Text(frame, model.LeftSettled && model.RightSettled ? "Both sides settled" : "Measuring", 0, 1);
            }

            SideRow(frame, 'L', model.LeftTempC, model.LeftStatus, model.LeftSettled, 2);
            SideRow(frame, 'R', model.RightTempC, model.RightStatus, model.RightSettled, 4);

            _line.Clear().Append("Room ");
            AppendValue(model.AmbientStatus == SensorStatus.Ok ? model.AmbientTempC : double.NaN, 1, 4);
            _line.Append(Font5x7.Degree).Append('C');
            if (model.AmbientStatus != SensorStatus.Ok)
            {
                _line.Append(' ').Append(UiText.StatusShort(model.AmbientStatus));
            }

            frame.DrawText(_line.Chars, 0, _line.Length, 0, 6);
            Hint(model, frame, "BACK:cancel");
        }

        /// <summary>"L 36.4" in large digits, unit and settling state in small text to the right.</summary>
        private void SideRow(FrameBuffer frame, char side, double celsius, SensorStatus status, bool settled, int line)
        {
            bool ok = status == SensorStatus.Ok;
            _line.Clear().Append(side).Append(' ');
            AppendValue(ok ? celsius : double.NaN, 1, 4);
            frame.DrawLargeText(_line.Chars, 0, _line.Length, 0, line);

            _line.Clear().Append(Font5x7.Degree).Append('C');
            frame.DrawText(_line.Chars, 0, _line.Length, ValueNoteX, line);
            string note;
            if (!ok)
            {
                note = UiText.StatusShort(status);
            }
            else if (double.IsNaN(celsius))
            {
                note = "waiting";
            }
            else
            {
                note = settled ? "settled" : "settling";
            }

            frame.DrawText(note, ValueNoteX, line + 1);
        }

        private void DrawRom(ScreenModel model, FrameBuffer frame)
        {
            _line.Clear().Append("ROM ").Append(UiText.SideName(model.Side));
            TitleFromLine(model, frame);
            Text(frame, UiText.MovementName(model.Movement), 0, 1);

            int rep = model.RepetitionNumber;
            _line.Clear().Append("Rep ").AppendInt(rep, 1).Append('/').AppendInt(RomSession.Repetitions, 1);
            frame.DrawLargeText(_line.Chars, 0, _line.Length, 0, 2);

            double value = rep >= 1 && rep <= RomSession.Repetitions ? model.RepetitionDeg[rep - 1] : double.NaN;
            _line.Clear();
            AppendValue(value, 0, 4);
            _line.Append(Font5x7.Degree);
            frame.DrawLargeText(_line.Chars, 0, _line.Length, 0, 4);
            if (double.IsNaN(value) && rep >= 1)
            {
                Text(frame, "invalid", ValueNoteX / Font5x7.CellWidth, 4);
                Text(frame, "repeat", ValueNoteX / Font5x7.CellWidth, 5);
            }

            // Whole degrees: goniometry is not meaningful to a tenth.
            _line.Clear();
            for (int i = 0; i < RomSession.Repetitions; i++)
            {
                if (i > 0)
                {
                    _line.Append(' ');
                }

                _line.AppendInt(i + 1, 1).Append(':');
                if (i < rep)
                {
                    AppendValue(model.RepetitionDeg[i], 0, 4);
                    if (!double.IsNaN(model.RepetitionDeg[i]))
                    {
                        _line.Append(Font5x7.Degree);
                    }
                }
                else
                {
                    _line.Append("..");
                }
            }

            frame.DrawText(_line.Chars, 0, _line.Length, 0, 6);
            Hint(model, frame, "CAP:next BACK:redo");
        }

        private void DrawReading(ScreenModel model, FrameBuffer frame)
        {
            bool sent = model.Screen == ScreenKind.ReadingSent;
            Title(model, frame, "READING");
            frame.DrawLargeText(sent ? "Sent" : "Saved", 0, 2);
            Text(frame, UiText.ReadingName(model.Reading), 0, 4);
            OutboxLine(model, frame, "Outbox ", 5);
            string detail;
            if (sent)
            {
                detail = "Delivered to server";
            }
            else
            {
                detail = model.LinkConnected ? "Sending now" : "Sends when online";
            }

            Text(frame, detail, 0, 6);
            Hint(model, frame, "OK:done");
        }

        private void DrawOutbox(ScreenModel model, FrameBuffer frame)
        {
            Title(model, frame, "OUTBOX");
            if (model.OutboxCapacity > 0)
            {
                _line.Clear().Append("Capacity ").AppendInt(model.OutboxCapacity, 1);
                frame.DrawText(_line.Chars, 0, _line.Length, 0, 1);
            }

            _line.Clear().AppendInt(model.OutboxDepth, 1);
            frame.DrawLargeText(_line.Chars, 0, _line.Length, 0, 2);
            Text(frame, model.OutboxDepth == 1 ? "reading waiting" : "readings waiting", 0, 4);
            Text(frame, model.LinkConnected ? "Link    online" : "Link    offline", 0, 5);
            Text(frame, model.ClockSynchronized ? "Clock   synced" : "Clock   NOT SYNCED", 0, 6);
            Hint(model, frame, "BACK:back");
        }

        private void DrawFault(ScreenModel model, FrameBuffer frame)
        {
            Text(frame, "!! FAULT !!", 5, TitleLine);
            frame.InvertLine(TitleLine, 0, FrameBuffer.Width);
            Text(frame, UiText.ChannelName(model.FaultChannel), 0, 2);
            Text(frame, UiText.StatusText(model.FaultStatus), 0, 3);
            Text(frame, UiText.Action(model.FaultChannel, model.FaultStatus), 0, 4);
            Text(frame, UiText.ActionMore(model.FaultChannel, model.FaultStatus), 0, 5);
            Text(frame, "Fault is recorded", 0, 6);
            Hint(model, frame, "OK:acknowledge");
        }

        private void DrawLowBattery(ScreenModel model, FrameBuffer frame)
        {
            Text(frame, "LOW BATTERY", 5, TitleLine);
            frame.InvertLine(TitleLine, 0, FrameBuffer.Width);
            _line.Clear();
            if (model.BatteryPercent >= 0)
            {
                _line.AppendInt(model.BatteryPercent, 1).Append('%');
            }
            else
            {
                _line.Append("LOW");
            }

            frame.DrawLargeText(_line.Chars, 0, _line.Length, 0, 2);
            Text(frame, "Charge only when", 0, 4);
            Text(frame, "detached from the", 0, 5);
            Text(frame, "patient.", 0, 6);
            Hint(model, frame, "OK:continue");
        }

        private void OutboxLine(ScreenModel model, FrameBuffer frame, string label, int line)
        {
            _line.Clear().Append(label);
            if (model.OutboxDepth <= 0)
            {
                _line.Append("empty");
            }
            else
            {
                _line.AppendInt(model.OutboxDepth, 1).Append(" waiting");
            }

            frame.DrawText(_line.Chars, 0, _line.Length, 0, line);
        }

        /// <summary>Appends a value, or dashes when it is absent or too wide for <paramref name="maxChars"/>.</summary>
        private void AppendValue(double value, int decimals, int maxChars)
        {
            int start = _line.Length;
            _line.AppendFixed(value, decimals);
            if (_line.Length - start > maxChars)
            {
                // Not a live skin or joint value; never show a cut-off number.
                _line.Truncate(start).AppendFixed(double.NaN, decimals);
            }
        }

        private void Title(ScreenModel model, FrameBuffer frame, string title)
        {
            _line.Clear().Append(title);
            TitleFromLine(model, frame);
        }

        /// <summary>Draws <see cref="_line"/> (cut to 16 characters) as the title, then the battery.</summary>
        private void TitleFromLine(ScreenModel model, FrameBuffer frame)
        {
            int length = _line.Length < BatteryColumn - 1 ? _line.Length : BatteryColumn - 1;
            frame.DrawText(_line.Chars, 0, length, 0, TitleLine);
            DrawBattery(model, frame);
        }

        private void DrawBattery(ScreenModel model, FrameBuffer frame)
        {
            if (model.BatteryPercent < 0)
            {
                return;
            }

            int percent = model.BatteryPercent > 100 ? 100 : model.BatteryPercent;
            _line.Clear();
            if (percent < 100)
            {
                _line.Append(' ');
            }

            if (percent < 10)
            {
                _line.Append(' ');
            }

            _line.AppendInt(percent, 1).Append('%');
            frame.DrawText(_line.Chars, 0, _line.Length, BatteryColumn * Font5x7.CellWidth, TitleLine);
        }

        private void Hint(ScreenModel model, FrameBuffer frame, string defaultHint)
        {
            Text(frame, model.Hint ?? defaultHint, 0, HintLine);
        }

        private static void Text(FrameBuffer frame, string text, int column, int line)
        {
            frame.DrawText(text, column * Font5x7.CellWidth, line);
        }
    }
}
