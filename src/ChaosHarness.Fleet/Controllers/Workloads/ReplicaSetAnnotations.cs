using System.Globalization;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>
/// The annotations a Deployment keeps on its ReplicaSets: the revision (the highest goes to the ReplicaSet in use, so a
/// ReplicaSet reused by a rollback gets a new one and remembers its old ones in revision-history), the deployment's own
/// annotations, and desired/max replicas for proportional scaling.
/// </summary>
internal static class ReplicaSetAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    private const int MaxRevisionHistoryLength = 2000;

    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    };

    public static long RevisionOf(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } a && a.TryGetValue(Revision, out var text) &&
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    public static int? DesiredReplicasOf(V1ReplicaSet rs) => IntAnnotation(rs, DesiredReplicas);

    public static int? MaxReplicasOf(V1ReplicaSet rs) => IntAnnotation(rs, MaxReplicas);

    /// <summary>SetNewReplicaSetAnnotations on a copy of the annotations; returns whether anything changed.</summary>
    public static bool SetForNewReplicaSet(V1Deployment d, IDictionary<string, string> annotations, long newRevision, bool exists)
    {
        var changed = CopyDeploymentAnnotations(d, annotations);
        var hadRevision = annotations.TryGetValue(Revision, out var oldText);
        long oldRevision = 0;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRevision)) return false;
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision) AppendToHistory(annotations, oldText!);
        }

        if (!exists && SetReplicas(annotations, RolloutArithmetic.Replicas(d), RolloutArithmetic.Replicas(d) + RolloutArithmetic.MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    public static bool SetReplicas(IDictionary<string, string> annotations, int desired, int max)
    {
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicas, desired), (MaxReplicas, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (annotations.TryGetValue(key, out var current) && current == text) continue;
            annotations[key] = text;
            changed = true;
        }

        return changed;
    }

    private static bool CopyDeploymentAnnotations(V1Deployment d, IDictionary<string, string> annotations)
    {
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (NotCopied.Contains(key) || (annotations.TryGetValue(key, out var current) && current == value)) continue;
            annotations[key] = value;
            changed = true;
        }

        return changed;
    }

    private static void AppendToHistory(IDictionary<string, string> annotations, string oldRevision)
    {
        var history = annotations.TryGetValue(RevisionHistory, out var text) ? text : "";
        if (history.Length == 0)
        {
            annotations[RevisionHistory] = oldRevision;
            return;
        }

        var revisions = history.Split(',').ToList();
        var total = history.Length + oldRevision.Length + 1;
        var start = 0;
        while (total > MaxRevisionHistoryLength && start < revisions.Count) total -= revisions[start++].Length + 1;
        if (total <= MaxRevisionHistoryLength) annotations[RevisionHistory] = string.Join(",", revisions.Skip(start).Append(oldRevision));
    }

    private static int? IntAnnotation(V1ReplicaSet rs, string key) =>
        rs.Metadata?.Annotations is { } a && a.TryGetValue(key, out var text) &&
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
