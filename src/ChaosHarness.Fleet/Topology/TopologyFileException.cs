namespace ChaosHarness.Fleet.Topology;

/// <summary>A topology file that cannot be used: where (file, line) and which field is wrong, and why.</summary>
public sealed class TopologyFileException(string file, int? line, string? field, string problem)
    : Exception($"{file}{(line is { } l ? $":{l}" : "")}: {(field is null ? "" : $"{field}: ")}{problem}")
{
    public string File { get; } = file;
    public int? Line { get; } = line;
    public string? Field { get; } = field;
    public string Problem { get; } = problem;
}
