using System;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Fixed-size ring of (time, value) samples for settling: least-squares drift and mean over the window.
    /// Least squares rather than end-minus-start because it uses every sample, so one noisy end sample
    /// cannot make a probe look settled or unsettled.
    /// </summary>
    public sealed class DriftWindow
    {
        private readonly long[] _timesMs;
        private readonly double[] _values;
        private int _next;
        private int _count;

        public DriftWindow(int capacity)
        {
            if (capacity < 2)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            _timesMs = new long[capacity];
            _values = new double[capacity];
        }

        public int Capacity
        {
            get { return _values.Length; }
        }

        public int Count
        {
            get { return _count; }
        }

        public bool IsFull
        {
            get { return _count == _values.Length; }
        }

        public void Clear()
        {
            _next = 0;
            _count = 0;
        }

        public void Add(long timeMs, double value)
        {
            _timesMs[_next] = timeMs;
            _values[_next] = value;
            _next++;
            if (_next == _values.Length)
            {
                _next = 0;
            }

            if (_count < _values.Length)
            {
                _count++;
            }
        }

        /// <summary>Mean of the samples held; NaN when empty.</summary>
        public double Mean()
        {
            if (_count == 0)
            {
                return double.NaN;
            }

            double sum = 0;
            int i = Oldest();
            for (int n = 0; n < _count; n++)
            {
                sum += _values[i];
                i = Step(i);
            }

            return sum / _count;
        }

        /// <summary>Least-squares slope in units per minute; NaN with fewer than 2 samples or no time spread.</summary>
        public double SlopePerMinute()
        {
            if (_count < 2)
            {
                return double.NaN;
            }

            // Times relative to the oldest sample, in minutes, so the sums stay small and exact enough.
            int oldest = Oldest();
            long t0 = _timesMs[oldest];
            double meanT = 0;
            double meanY = 0;
            int i = oldest;
            for (int n = 0; n < _count; n++)
            {
                meanT += (_timesMs[i] - t0) / 60000.0;
                meanY += _values[i];
                i = Step(i);
            }

            meanT /= _count;
            meanY /= _count;
            double sxy = 0;
            double sxx = 0;
            i = oldest;
            for (int n = 0; n < _count; n++)
            {
                double dt = (_timesMs[i] - t0) / 60000.0 - meanT;
                sxy += dt * (_values[i] - meanY);
                sxx += dt * dt;
                i = Step(i);
            }

            return sxx > 0 ? sxy / sxx : double.NaN;
        }

        private int Oldest()
        {
            return _count < _values.Length ? 0 : _next;
        }

        private int Step(int i)
        {
            i++;
            return i == _values.Length ? 0 : i;
        }
    }
}
