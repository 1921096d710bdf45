namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// Where flow control puts a request: the first matching FlowSchema, its priority level, and the request's flow within
/// the level. The UIDs go into the <c>X-Kubernetes-PF-*</c> response headers.
/// </summary>
public sealed record FlowClassification
{
    internal FlowClassification(FlowSchemaMatcher schema, string flow)
    {
        FlowSchema = schema.Name;
        FlowSchemaUid = schema.Uid;
        Level = schema.Level;
        Flow = flow;
    }

    public string FlowSchema { get; }
    public string FlowSchemaUid { get; }
    public string PriorityLevel => Level.Name;
    public string PriorityLevelUid => Level.Definition.Uid;
    public bool IsExempt => Level.IsExempt;

    /// <summary>The flow distinguisher's value: the user, the namespace, or empty.</summary>
    public string Flow { get; }

    internal PriorityLevel Level { get; }
}
