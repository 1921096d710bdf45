using k8s.Models;

namespace ChaosHarness.Fleet.Client;

/// <summary>Reading labels and annotations off KubernetesClient models, whose maps may be null.</summary>
public static class ModelLabels
{
    public static string? Label(this V1ObjectMeta? metadata, string key) =>
        metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    public static string? Annotation(this V1ObjectMeta? metadata, string key) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    public static IReadOnlyDictionary<string, string> LabelsOrEmpty(this V1ObjectMeta? metadata) =>
        metadata?.Labels is { } labels ? labels.AsReadOnly() : EmptyLabels;

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
