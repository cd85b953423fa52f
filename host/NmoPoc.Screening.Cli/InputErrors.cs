namespace NmoPoc.Screening.Cli;

/// <summary>
/// Every problem found in the input files, as "file:line: what is wrong". The replay reads the whole input and
/// reports all problems before it screens anything: a partial screen of a bad file set would be misleading.
/// </summary>
public sealed class InputErrors
{
    private readonly List<string> _errors = new();

    public IReadOnlyList<string> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string file, int line, string message) => _errors.Add($"{file}:{line}: {message}");

    public void Add(string file, string message) => _errors.Add($"{file}: {message}");
}
