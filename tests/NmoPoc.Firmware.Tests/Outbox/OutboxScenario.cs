using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Simulation.Storage;

namespace NmoPoc.Firmware.Tests.Outbox;

/// <summary>What a record was appended as; the oracle compares recovered records against it.</summary>
public sealed record AppendedRecord(uint Seq, TopicKind Kind, byte[] Payload, uint Boot);

public enum OpKind
{
    Open,
    Append,
    Ack,
    AckRefused,
    Checkpoint,
}

/// <summary>One outbox call and the writes/flushes it issued, with the model state around it.</summary>
public sealed record Op(
    OpKind Kind,
    int FirstWrite,
    int EndWrite,
    int FlushesBefore,
    int FlushesAfter,
    uint HeadAfter,
    uint NextBefore,
    uint BootBefore,
    uint BootAfter);

/// <summary>
/// Drives a <see cref="PersistentOutbox"/> on a <see cref="PowerCutStorage"/> with random appends, acks, checkpoints
/// and reboots, keeping a plain model of what must be in it and a journal of which writes each call issued.
/// </summary>
public sealed class OutboxScenario
{
    private readonly Random _rng;

    public OutboxScenario(OutboxOptions options, PowerCutStorage storage, int seed, OutboxModel? model = null)
    {
        Options = options;
        Storage = storage;
        Model = model ?? new OutboxModel();
        _rng = new Random(seed);
    }

    public OutboxOptions Options { get; }

    public PowerCutStorage Storage { get; }

    public OutboxModel Model { get; }

    public PersistentOutbox Outbox { get; private set; } = null!;

    public ListLog Log { get; private set; } = new();

    public List<Op> Ops { get; } = [];

    /// <summary>Power-up: open (recover) the outbox and check it against the model.</summary>
    public void Open()
    {
        uint nextBefore = Model.Next;
        uint bootBefore = Model.Boot;
        uint ramHead = Model.Head;
        Log = new ListLog();
        Run(OpKind.Open, nextBefore, bootBefore, () => Outbox = PersistentOutbox.Open(Storage, Options, Log));

        // A clean reboot loses only acknowledgements that were not yet persisted: those records come back.
        Assert.Equal(Model.Next, Outbox.NextSeq);
        Assert.InRange(Outbox.OldestSeq, DurableHeadBefore(Ops[^1].FirstWrite), ramHead);
        Model.Head = Outbox.OldestSeq;
        Model.Boot = Outbox.Boot;
        Assert.Equal(bootBefore + 1, Model.Boot);
        Ops[^1] = Ops[^1] with { HeadAfter = Model.Head, BootAfter = Model.Boot };
        AssertMatchesModel();
    }

    /// <summary>Appends a random payload (1..max bytes, random kind).</summary>
    public void Append()
    {
        int length = _rng.Next(4) == 0 ? Options.MaxPayloadBytes : _rng.Next(1, Options.MaxPayloadBytes + 1);
        byte[] payload = new byte[length];
        _rng.NextBytes(payload);
        TopicKind kind = _rng.Next(3) == 0 ? TopicKind.Faults : TopicKind.Readings;
        uint seq = Model.Next;
        Assert.Equal(seq, Outbox.NextSeq);

        uint nextBefore = Model.Next;
        Model.Records[seq] = new AppendedRecord(seq, kind, payload, Model.Boot);
        if (Model.Next - Model.Head == Options.Capacity)
        {
            Model.Dropped.Add(Model.Head);
            Model.Head++;
        }

        AppendStatus status = AppendStatus.PayloadEmpty;
        Run(OpKind.Append, nextBefore, Model.Boot, () => status = Outbox.Append(kind, seq, payload, 0, length));
        Assert.Equal(AppendStatus.Appended, status);
        Model.Next++;
        Model.Completed.Add(seq);
        Ops[^1] = Ops[^1] with { HeadAfter = Model.Head };
        Assert.Equal(Model.Head, Outbox.OldestSeq);
        Assert.Equal(Model.Next, Outbox.NextSeq);
        Assert.Equal((uint)Model.Dropped.Count, Outbox.Dropped);
    }

    public void AckOldest()
    {
        if (Model.Head == Model.Next)
        {
            return;
        }

        AckStatus status = AckStatus.NotAssigned;
        Run(OpKind.Ack, Model.Next, Model.Boot, () => status = Outbox.Acknowledge(Model.Head));
        Assert.Equal(AckStatus.Removed, status);
        Model.Head++;
        Ops[^1] = Ops[^1] with { HeadAfter = Model.Head };
        Assert.Equal(Ops[^1].FirstWrite, Ops[^1].EndWrite); // an ack costs no write
    }

    /// <summary>An out-of-order or unknown ack: refused, changes nothing, writes nothing.</summary>
    public void AckWrongSeq()
    {
        uint seq = Model.Next - Model.Head >= 2 ? Model.Head + 1 : Model.Next + 3;
        AckStatus status = AckStatus.Removed;
        Run(OpKind.AckRefused, Model.Next, Model.Boot, () => status = Outbox.Acknowledge(seq));
        Assert.NotEqual(AckStatus.Removed, status);
        Assert.Equal(Model.Head, Outbox.OldestSeq);
        Assert.Equal(Ops[^1].FirstWrite, Ops[^1].EndWrite);
    }

    public void Checkpoint() => Run(OpKind.Checkpoint, Model.Next, Model.Boot, Outbox.Checkpoint);

    /// <summary>One random step; reopen means a clean power-up (no cut).</summary>
    public void RandomStep()
    {
        int r = _rng.Next(100);
        if (r < 48)
        {
            Append();
        }
        else if (r < 78)
        {
            AckOldest();
        }
        else if (r < 83)
        {
            AckWrongSeq();
        }
        else if (r < 92)
        {
            Checkpoint();
        }
        else
        {
            Open();
        }
    }

    /// <summary>Head of the newest state a flush made durable before write <paramref name="writeIndex"/> was issued (1 if none).</summary>
    public uint DurableHeadBefore(int writeIndex)
    {
        int flushes = 0;
        foreach (int point in Storage.FlushPoints)
        {
            if (point <= writeIndex)
            {
                flushes++;
            }
        }

        if (flushes == 0)
        {
            return Model.InitialDurableHead;
        }

        int flush = flushes - 1; // index of the last flush before the write
        Op op = Ops.Last(o => o.FlushesBefore <= flush && flush < o.FlushesAfter);
        return op.HeadAfter;
    }

    public Op OpOfWrite(int writeIndex) => Ops.Single(o => o.FirstWrite <= writeIndex && writeIndex < o.EndWrite);

    public void AssertMatchesModel()
    {
        Assert.Equal(Model.Next - Model.Head, (uint)Outbox.Count);
        OutboxRecord record = Outbox.CreateRecord();
        for (uint seq = Model.Head; seq < Model.Next; seq++)
        {
            Assert.True(Outbox.TryRead(seq, record), $"seq {seq} missing");
            AppendedRecord expected = Model.Records[seq];
            Assert.Equal(expected.Kind, record.Kind);
            Assert.Equal(expected.Boot, record.Boot);
            Assert.Equal(expected.Payload, record.Payload.AsSpan(0, record.Length).ToArray());
        }
    }

    private void Run(OpKind kind, uint nextBefore, uint bootBefore, Action action)
    {
        int firstWrite = Storage.Writes.Count;
        int flushesBefore = Storage.FlushPoints.Count;
        action();
        Ops.Add(new Op(kind, firstWrite, Storage.Writes.Count, flushesBefore, Storage.FlushPoints.Count, Model.Head, nextBefore, bootBefore, Model.Boot));
    }
}

/// <summary>The plain truth the outbox must agree with.</summary>
public sealed class OutboxModel
{
    /// <summary>Every append ever issued, by seq (a seq whose append never landed may be issued again).</summary>
    public Dictionary<uint, AppendedRecord> Records { get; } = [];

    /// <summary>Seqs of appends that returned Appended: they must never be reused.</summary>
    public HashSet<uint> Completed { get; } = [];

    /// <summary>Seqs dropped by overflow.</summary>
    public HashSet<uint> Dropped { get; } = [];

    public uint Head { get; set; } = 1;

    public uint Next { get; set; } = 1;

    public uint Boot { get; set; }

    /// <summary>Head of the durable state when this storage segment began (1 on blank storage).</summary>
    public uint InitialDurableHead { get; set; } = 1;
}
