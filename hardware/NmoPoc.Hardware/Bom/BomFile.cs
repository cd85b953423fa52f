using System.Globalization;
using System.Text;

namespace NmoPoc.Hardware.Bom;

public enum BomCategory
{
    /// <summary>Must match wiring.json both ways.</summary>
    Electronic,
    /// <summary>Cables and connectors.</summary>
    Cable,
    Mechanical,
    /// <summary>Single-use skin-contact material.</summary>
    Consumable,
}

/// <summary>Which build a line belongs to.</summary>
public enum BomVariant
{
    Both,
    Esp32,
    Rpi,
}

public sealed record BomLine(
    int LineNumber,
    BomCategory Category,
    BomVariant Variant,
    string Part,
    string Manufacturer,
    string Mpn,
    int Quantity,
    string Purpose,
    string WhyChosen);

/// <summary>hardware/bom.csv: RFC 4180 CSV with a fixed header.</summary>
public static class BomFile
{
    public static readonly IReadOnlyList<string> Header =
        ["category", "variant", "part", "manufacturer", "mpn", "quantity", "purpose", "why_chosen"];

    public static IReadOnlyList<BomLine> Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses the BOM; any malformed line is a <see cref="BomFormatException"/> naming the line.</summary>
    public static IReadOnlyList<BomLine> Parse(string csv, string source = "bom.csv")
    {
        var records = ReadRecords(csv, source);
        if (records.Count == 0)
        {
            throw new BomFormatException($"{source}: empty file.");
        }
        var (headerLine, header) = records[0];
        if (!header.SequenceEqual(Header))
        {
            throw new BomFormatException($"{source} line {headerLine}: header must be '{string.Join(",", Header)}', found '{string.Join(",", header)}'.");
        }

        var lines = new List<BomLine>();
        foreach (var (lineNumber, fields) in records.Skip(1))
        {
            if (fields.Count != Header.Count)
            {
                throw new BomFormatException($"{source} line {lineNumber}: {fields.Count} fields, expected {Header.Count}.");
            }
            if (!Enum.TryParse<BomCategory>(fields[0], ignoreCase: true, out var category) || !Enum.IsDefined(category))
            {
                throw new BomFormatException($"{source} line {lineNumber}: category '{fields[0]}' is not one of {string.Join(", ", Enum.GetNames<BomCategory>()).ToLowerInvariant()}.");
            }
            if (!Enum.TryParse<BomVariant>(fields[1], ignoreCase: true, out var variant) || !Enum.IsDefined(variant))
            {
                throw new BomFormatException($"{source} line {lineNumber}: variant '{fields[1]}' is not one of both, esp32, rpi.");
            }
            if (!int.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            {
                throw new BomFormatException($"{source} line {lineNumber}: quantity '{fields[5]}' is not a positive whole number.");
            }
            for (var i = 2; i < Header.Count; i++)
            {
                if (i != 5 && string.IsNullOrWhiteSpace(fields[i]))
                {
                    throw new BomFormatException($"{source} line {lineNumber}: '{Header[i]}' is empty.");
                }
            }
            lines.Add(new BomLine(lineNumber, category, variant, fields[2], fields[3], fields[4], quantity, fields[6], fields[7]));
        }
        return lines;
    }

    /// <summary>Splits CSV text into records; quoted fields may hold commas, quotes ("") and newlines.</summary>
    private static List<(int Line, List<string> Fields)> ReadRecords(string csv, string source)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
        }

        void EndRecord()
        {
            EndField();
            // A blank line (one empty field) is skipped rather than reported: trailing newlines are normal.
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add((recordLine, fields));
            }
            fields = new List<string>();
        }

        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted && field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new BomFormatException($"{source} line {line}: a quote inside an unquoted field; quote the whole field and double the quote.");
                case ',':
                    EndField();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (IsAfterClosingQuote(csv, i))
                    {
                        throw new BomFormatException($"{source} line {line}: text after a closing quote.");
                    }
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (inQuotes)
        {
            throw new BomFormatException($"{source} line {recordLine}: a quoted field is never closed.");
        }
        EndRecord();
        return records;
    }

    private static bool IsAfterClosingQuote(string csv, int i) => i > 0 && csv[i - 1] == '"';
}

public sealed class BomFormatException : Exception
{
    public BomFormatException(string message) : base(message) { }
}
