namespace ChaosHarness.Kube.Faults;

/// <summary>The marks the harness leaves on a node it takes out, so its revert undoes exactly its own doing.</summary>
public static class NodeOutageMarks
{
    /// <summary>The taint key; its value is the run id, so one run's taint is never mistaken for another's.</summary>
    public const string TaintKey = "chaos-harness.io/zone-outage";

    public const string TaintEffect = "NoExecute";

    /// <summary>Set only when this run cordoned the node; a node cordoned by a person never gets it and stays cordoned.</summary>
    public const string CordonedByAnnotation = "chaos-harness.io/cordoned-by";

    /// <summary>The run that last touched the node.</summary>
    public const string RunLabel = "chaos-harness.io/run";
}
