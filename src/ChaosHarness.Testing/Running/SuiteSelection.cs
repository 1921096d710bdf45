namespace ChaosHarness.Testing.Running;

/// <summary>
/// Which experiments of a suite to run: any of <see cref="Categories"/>, any of <see cref="FullNames"/>, and
/// <see cref="Filter"/> as a case-insensitive part of the full name. Empty criteria select everything not explicit.
/// </summary>
public sealed record SuiteSelection
{
    public static SuiteSelection All { get; } = new();

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> FullNames { get; init; } = [];

    public string? Filter { get; init; }

    public static SuiteSelection Of(Type experiment) => new() { FullNames = [experiment.FullName!] };

    internal bool Selects(string fullName, string className, IReadOnlyCollection<string> categories)
        => (Categories.Count == 0 || Categories.Any(c => categories.Contains(c, StringComparer.OrdinalIgnoreCase)))
           && (FullNames.Count == 0 || FullNames.Any(n => n == fullName || n == className))
           && (string.IsNullOrWhiteSpace(Filter) || fullName.Contains(Filter, StringComparison.OrdinalIgnoreCase));

    public override string ToString()
    {
        var parts = new List<string>();
        if (Categories.Count > 0)
        {
            parts.Add($"category {string.Join(" or ", Categories)}");
        }

        if (FullNames.Count > 0)
        {
            parts.Add(string.Join(", ", FullNames));
        }

        if (!string.IsNullOrWhiteSpace(Filter))
        {
            parts.Add($"names containing '{Filter}'");
        }

        return parts.Count == 0 ? "every experiment" : string.Join("; ", parts);
    }
}
