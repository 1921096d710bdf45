namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>One term of a field selector, such as <c>spec.nodeName=node-1</c> or <c>status.phase!=Succeeded</c>.</summary>
public sealed record FieldRequirement(string Field, FieldOperator Operator, string Value)
{
    /// <summary>A field the object lacks reads as the empty string, so <c>spec.nodeName=</c> selects unscheduled pods.</summary>
    public bool Matches(string? actual) => string.Equals(actual ?? string.Empty, Value, StringComparison.Ordinal) == (Operator == FieldOperator.Equals);

    /// <summary>The term as a query string writes it, with <c>\</c>, <c>,</c> and <c>=</c> in the value escaped.</summary>
    public override string ToString()
    {
        var escaped = Value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace(",", @"\,", StringComparison.Ordinal)
            .Replace("=", @"\=", StringComparison.Ordinal);
        return $"{Field}{(Operator == FieldOperator.Equals ? "=" : "!=")}{escaped}";
    }
}
