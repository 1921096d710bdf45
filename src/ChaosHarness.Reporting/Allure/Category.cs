namespace ChaosHarness.Reporting.Allure;

/// <summary>One entry of <c>categories.json</c>: results whose status and message match fall under <see cref="Name"/>.</summary>
public sealed record Category
{
    public required string Name { get; init; }
    public IReadOnlyList<Status> MatchedStatuses { get; init; } = [];

    /// <summary>A Java regular expression matched against the whole message (Allure uses <c>String.matches</c>).</summary>
    public string? MessageRegex { get; init; }

    public string? TraceRegex { get; init; }
}
