using NmoPoc.Firmware.Devices.NtcThermistor;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// The ambient NTC divider as the ADS1115 sees it: a fixed resistor from the excitation input to the node, and an NTC
/// (Beta model) from the node to ground at <see cref="TemperatureC"/>. Faults model an open or shorted NTC.
/// </summary>
public sealed class SimulatedNtcDivider
{
    private readonly SimulatedAds1115 _adc;
    private readonly int _excitationChannel;

    public SimulatedNtcDivider(SimulatedAds1115 adc, int nodeChannel = 1, int excitationChannel = 3)
    {
        _adc = adc;
        _excitationChannel = excitationChannel;
        adc.ConnectInput(nodeChannel, () => NodeVolts);
    }

    /// <summary>Room temperature at the thermistor.</summary>
    public double TemperatureC { get; set; } = 21.0;

    public double NominalResistanceOhms { get; set; } = NtcThermistor.NominalResistanceOhms;

    public double Beta { get; set; } = NtcThermistor.DefaultBeta;

    public double FixedResistorOhms { get; set; } = NtcThermistor.DefaultFixedResistorOhms;

    /// <summary>Fault: thermistor open (broken lead): the node sits at the excitation.</summary>
    public bool Open { get; set; }

    /// <summary>Fault: thermistor shorted: the node sits at ground.</summary>
    public bool Shorted { get; set; }

    public double ThermistorOhms => NtcThermistor.ResistanceAtCelsius(TemperatureC, NominalResistanceOhms, Beta);

    private double NodeVolts
    {
        get
        {
            var excitation = _adc.GetInputVolts(_excitationChannel);
            if (Shorted)
            {
                return 0;
            }

            return Open ? excitation : excitation * ThermistorOhms / (FixedResistorOhms + ThermistorOhms);
        }
    }
}
