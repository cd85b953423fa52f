namespace NmoPoc.Firmware.Measurement
{
    /// <summary>Answer to an operator's start request, for the display.</summary>
    public enum StartResult
    {
        Started = 0,
        /// <summary>No valid operator ID: log in (badge or keypad) first.</summary>
        NoOperator = 1,
        /// <summary>A round or session is already running.</summary>
        Busy = 2,
        /// <summary>A side or movement that does not exist.</summary>
        InvalidArgument = 3,
    }

    /// <summary>Why the last round or session ended.</summary>
    public enum EndReason
    {
        None = 0,
        /// <summary>Every completion condition was met.</summary>
        Completed = 1,
        /// <summary>The operator ended it early; the reading was emitted with its flags.</summary>
        EndedByOperator = 2,
        /// <summary>The maximum duration elapsed; the reading was emitted with its flags.</summary>
        MaxDurationReached = 3,
    }

    public enum TemperatureRoundState
    {
        Idle = 0,
        /// <summary>Sampling; waiting for the operator to confirm the patient is at rest and uncovered.</summary>
        AwaitingRest = 1,
        /// <summary>Sampling and counting rest.</summary>
        Resting = 2,
        /// <summary>Rest complete; waiting for both sides to settle.</summary>
        RestComplete = 3,
    }

    public enum RomSessionState
    {
        Idle = 0,
        /// <summary>Between repetitions.</summary>
        Ready = 1,
        /// <summary>Inside a repetition: tracking the peak angle.</summary>
        Tracking = 2,
    }
}
