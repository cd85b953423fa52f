using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Forwards readings to the real sink and keeps a failing sink from stopping the workflow: a throw is
    /// counted and logged, and the state machine carries on.
    /// </summary>
    public sealed class ReadingEmitter : IReadingSink
    {
        private const string Source = "measurement";
        private readonly IReadingSink _sink;
        private readonly ILog _log;

        public ReadingEmitter(IReadingSink sink, ILog log)
        {
            if (sink == null)
            {
                throw new ArgumentNullException("sink");
            }

            _sink = sink;
            _log = log;
        }

        /// <summary>Returns <paramref name="sink"/> if it already guards, otherwise a guard around it.</summary>
        public static IReadingSink Guard(IReadingSink sink)
        {
            ReadingEmitter emitter = sink as ReadingEmitter;
            return emitter != null ? emitter : new ReadingEmitter(sink, null);
        }

        /// <summary>Readings the sink threw on (and so may not have stored).</summary>
        public int SinkFailures { get; private set; }

        public void OnTemperatureRound(TemperatureRound round)
        {
            try
            {
                _sink.OnTemperatureRound(round);
            }
            catch (Exception)
            {
                Failed("sink threw on a temperature round");
            }
        }

        public void OnRomSession(RomSession session)
        {
            try
            {
                _sink.OnRomSession(session);
            }
            catch (Exception)
            {
                Failed("sink threw on a ROM session");
            }
        }

        public void OnFault(FaultReading fault)
        {
            try
            {
                _sink.OnFault(fault);
            }
            catch (Exception)
            {
                Failed("sink threw on a fault reading");
            }
        }

        private void Failed(string message)
        {
            SinkFailures++;
            if (_log != null)
            {
                _log.Write(LogLevel.Error, Source, message);
            }
        }
    }
}
