using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>What the rollout controller reads off its ReplicaSets.</summary>
internal static class ReplicaSetFacts
{
    public static int SpecReplicas(this V1ReplicaSet rs) => rs.Spec?.Replicas ?? 1;

    public static int ActualReplicas(this V1ReplicaSet rs) => rs.Status?.Replicas ?? 0;

    public static int ReadyReplicas(this V1ReplicaSet rs) => rs.Status?.ReadyReplicas ?? 0;

    public static int AvailableReplicas(this V1ReplicaSet rs) => rs.Status?.AvailableReplicas ?? 0;

    /// <summary>The ReplicaSet controller has seen its latest spec: its status counts describe that spec, not a previous size.</summary>
    public static bool StatusIsCurrent(this V1ReplicaSet rs) => (rs.Status?.ObservedGeneration ?? 0) >= (rs.Metadata.Generation ?? 0);

    public static string? PodHash(this V1ReplicaSet rs) => rs.Metadata.Label(ArgoLabels.PodTemplateHash);

    public static long Revision(this V1ReplicaSet rs) =>
        long.TryParse(rs.Metadata.Annotation(ArgoLabels.Revision), System.Globalization.CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    public static DateTimeOffset? ScaleDownDeadline(this V1ReplicaSet rs) => Api.KubernetesTime.Parse(rs.Metadata.Annotation(ArgoLabels.ScaleDownDeadline));

    public static int Available(this IEnumerable<Cached<V1ReplicaSet>?> sets) => sets.Sum(rs => rs?.Model.AvailableReplicas() ?? 0);

    public static int Ready(this IEnumerable<Cached<V1ReplicaSet>?> sets) => sets.Sum(rs => rs?.Model.ReadyReplicas() ?? 0);

    public static int Actual(this IEnumerable<Cached<V1ReplicaSet>?> sets) => sets.Sum(rs => rs?.Model.ActualReplicas() ?? 0);

    public static int Desired(this IEnumerable<Cached<V1ReplicaSet>?> sets) => sets.Sum(rs => rs?.Model.SpecReplicas() ?? 0);
}
