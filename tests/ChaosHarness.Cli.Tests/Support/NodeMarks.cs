using k8s;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>What a zone outage changes on nodes and its revert must restore: per node, cordoned or not and its taints.</summary>
internal static class NodeMarks
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string kubeconfig, string context)
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: context));
        var nodes = await client.CoreV1.ListNodeAsync();
        return nodes.Items.ToDictionary(
            n => n.Metadata.Name,
            n => $"unschedulable={n.Spec.Unschedulable == true}; taints=[{string.Join(", ", (n.Spec.Taints ?? []).Select(t => $"{t.Key}={t.Value}:{t.Effect}").Order(StringComparer.Ordinal))}]");
    }
}
