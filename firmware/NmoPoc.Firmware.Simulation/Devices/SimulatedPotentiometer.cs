namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// The goniometer's potentiometer as the ADS1115 sees it: the wiper voltage follows <see cref="AngleDegrees"/>
/// between ground and the excitation input. Faults model an open or shorted pot.
/// </summary>
public sealed class SimulatedPotentiometer
{
    private readonly SimulatedAds1115 _adc;
    private readonly int _excitationChannel;

    public SimulatedPotentiometer(SimulatedAds1115 adc, int wiperChannel = 0, int excitationChannel = 3)
    {
        _adc = adc;
        _excitationChannel = excitationChannel;
        adc.ConnectInput(wiperChannel, () => WiperVolts);
    }

    /// <summary>Joint angle the goniometer arms are at.</summary>
    public double AngleDegrees { get; set; }

    /// <summary>Electrical travel of the pot: the angle that sweeps the wiper from one end to the other.</summary>
    public double TravelDegrees { get; set; } = 300;

    /// <summary>Wiper position, as a fraction of the excitation, with the arms at 0 degrees.</summary>
    public double RatioAtZeroDegrees { get; set; } = 0.25;

    /// <summary>Pot mounted the other way round: the wiper moves towards ground as the angle grows.</summary>
    public bool Reversed { get; set; }

    /// <summary>Fault: wiper shorted to ground (or open and pulled low).</summary>
    public bool WiperShortedToGround { get; set; }

    /// <summary>Fault: the pot's ground end is open, so the wiper sits at the excitation.</summary>
    public bool GroundEndOpen { get; set; }

    /// <summary>Wiper position as a fraction of the excitation, clamped to the track.</summary>
    public double WiperRatio =>
        Math.Clamp(RatioAtZeroDegrees + (Reversed ? -1 : 1) * AngleDegrees / TravelDegrees, 0, 1);

    private double WiperVolts
    {
        get
        {
            var excitation = _adc.GetInputVolts(_excitationChannel);
            if (WiperShortedToGround)
            {
                return 0;
            }

            return GroundEndOpen ? excitation : WiperRatio * excitation;
        }
    }
}
