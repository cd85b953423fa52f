using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Devices;

public enum I2cTransferKind
{
    Write,
    Read,
    WriteRead,
}

/// <summary>One transfer as it crossed the bus: what the master wrote, what came back, and the outcome.</summary>
public sealed record I2cTransfer(I2cTransferKind Kind, byte[] Written, byte[] Received, I2cStatus Status)
{
    public override string ToString() =>
        $"{Kind} W[{Convert.ToHexString(Written)}] R[{Convert.ToHexString(Received)}] {Status}";
}

/// <summary>
/// Base of the register-level simulated parts: records every transfer and injects bus faults, so each device class
/// only models its register file.
/// </summary>
public abstract class SimulatedI2cDevice : II2cDevice
{
    private readonly List<I2cTransfer> _transfers = new();

    protected SimulatedI2cDevice(int address)
    {
        Address = address;
    }

    public int Address { get; }

    /// <summary>The bus clock the master runs (the unit's bus runs at 100 kHz).</summary>
    public int BusClockHz { get; set; } = 100_000;

    /// <summary>Probe unplugged or dead: nothing acknowledges the address.</summary>
    public bool Unplugged { get; set; }

    /// <summary>Any other bus fault to return from every transfer (the part sees nothing), <see cref="I2cStatus.Ok"/> for none.</summary>
    public I2cStatus InjectedStatus { get; set; } = I2cStatus.Ok;

    /// <summary>Keep a log of transfers (on by default). Off, a transfer allocates nothing, for allocation benchmarks.</summary>
    public bool RecordTransfers { get; set; } = true;

    /// <summary>Transfers since construction or <see cref="ClearTransfers"/>, oldest first.</summary>
    public IReadOnlyList<I2cTransfer> Transfers => _transfers;

    public void ClearTransfers() => _transfers.Clear();

    public I2cStatus Write(byte[] buffer, int count)
    {
        var written = buffer.AsSpan(0, count);
        var status = BusFault();
        if (status == I2cStatus.Ok)
        {
            status = OnWrite(written);
        }

        Record(I2cTransferKind.Write, written, [], status);
        return status;
    }

    public I2cStatus Read(byte[] buffer, int count)
    {
        var received = buffer.AsSpan(0, count);
        var status = BusFault();
        if (status == I2cStatus.Ok)
        {
            status = OnRead(received);
        }

        Record(I2cTransferKind.Read, [], received, status);
        return status;
    }

    public I2cStatus WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        var written = writeBuffer.AsSpan(0, writeCount);
        var received = readBuffer.AsSpan(0, readCount);
        var status = BusFault();
        if (status == I2cStatus.Ok)
        {
            status = OnWriteRead(written, received);
        }

        Record(I2cTransferKind.WriteRead, written, received, status);
        return status;
    }

    /// <summary>Bytes the master wrote, after the address byte was acknowledged.</summary>
    protected abstract I2cStatus OnWrite(ReadOnlySpan<byte> data);

    /// <summary>Fill the bytes the master clocks out of the part.</summary>
    protected abstract I2cStatus OnRead(Span<byte> data);

    /// <summary>Write, repeated start, read. Register-pointer parts behave as a write followed by a read.</summary>
    protected virtual I2cStatus OnWriteRead(ReadOnlySpan<byte> written, Span<byte> received)
    {
        var status = OnWrite(written);
        return status == I2cStatus.Ok ? OnRead(received) : status;
    }

    private void Record(I2cTransferKind kind, ReadOnlySpan<byte> written, ReadOnlySpan<byte> received, I2cStatus status)
    {
        if (RecordTransfers)
        {
            // Nothing was received from a failed transfer.
            _transfers.Add(new I2cTransfer(kind, written.ToArray(), status == I2cStatus.Ok ? received.ToArray() : [], status));
        }
    }

    private I2cStatus BusFault() => Unplugged ? I2cStatus.AddressNack : InjectedStatus;
}
