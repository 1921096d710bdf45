namespace ChaosHarness.Core.Fleets;

/// <summary>A fleet file or fleet.json that cannot be used, with the line and field at fault.</summary>
public sealed class FleetFileException : Exception
{
    public FleetFileException(string path, int? line, string? field, string problem, Exception? inner = null)
        : base(Describe(path, line, field, problem), inner)
    {
        Path = path;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string Path { get; }

    public int? Line { get; }

    public string? Field { get; }

    public string Problem { get; }

    private static string Describe(string path, int? line, string? field, string problem)
    {
        var where = System.IO.Path.GetFileName(path);
        if (line is not null)
        {
            where += $" line {line}";
        }

        if (!string.IsNullOrEmpty(field))
        {
            where += $", field '{field}'";
        }

        return $"Fleet file {where}: {problem}";
    }
}
