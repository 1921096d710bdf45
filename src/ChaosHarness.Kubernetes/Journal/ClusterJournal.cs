namespace ChaosHarness.Kube.Journal;

/// <summary>Where a run's journal is mirrored inside a cluster.</summary>
public static class ClusterJournal
{
    /// <summary>The harness's own namespace.</summary>
    public const string Namespace = "chaos-harness";

    public const string DataKey = "journal.jsonl";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedBy = "chaos-harness";

    public const string RunLabel = "chaos-harness.io/run";

    public static string ConfigMapName(string run) => $"chaos-journal-{run}".ToLowerInvariant().Replace('_', '-').Replace('.', '-');
}
