namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The cluster's FlowSchemas in matching order (<c>matchingPrecedence</c>, then name), each with its priority level;
/// schemas naming a missing level are left out, as the real server leaves dangling schemas out. Immutable: rebuilt
/// whenever a FlowSchema or PriorityLevelConfiguration changes, read without locks on every request.
/// </summary>
internal sealed class FlowClassifier
{
    private readonly FlowSchemaMatcher[] _schemas;
    private readonly FlowSchemaMatcher _catchAll;

    public FlowClassifier(long version, IEnumerable<FlowSchemaMatcher> schemas, FlowSchemaMatcher catchAll)
    {
        Version = version;
        _schemas = [.. schemas.OrderBy(s => s.MatchingPrecedence).ThenBy(s => s.Name, StringComparer.Ordinal)];
        _catchAll = catchAll;
    }

    /// <summary>The configuration version it was built from.</summary>
    public long Version { get; }

    public FlowClassification Classify(RequestAttributes request)
    {
        foreach (var schema in _schemas)
        {
            if (schema.Matches(request)) return new FlowClassification(schema, schema.FlowOf(request));
        }

        return new FlowClassification(_catchAll, _catchAll.FlowOf(request));
    }
}
