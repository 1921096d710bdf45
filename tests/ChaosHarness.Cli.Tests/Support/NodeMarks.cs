using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Hosting;
using k8s;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>
/// What a zone outage changes and its revert must restore: per node, cordoned or not and its taints (less those the node
/// lifecycle keeps itself, <c>node.kubernetes.io/*</c>, which follow readiness on their own time), and per zone whether
/// its machines have power (on the embedded fleet a zone outage is a power loss).
/// </summary>
internal static class NodeMarks
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(EmbeddedFleet fleet, string cluster)
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, currentContext: cluster));
        var nodes = await client.CoreV1.ListNodeAsync();
        var marks = nodes.Items.ToDictionary(
            n => n.Metadata.Name,
            n => $"unschedulable={n.Spec.Unschedulable == true}; taints=[{string.Join(", ", (n.Spec.Taints ?? []).Where(t => !t.Key.StartsWith("node.kubernetes.io/", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value}:{t.Effect}").Order(StringComparer.Ordinal))}]");
        using var control = new EmbeddedFleetControl(new Uri(FleetStateFile.Parse(await File.ReadAllTextAsync(fleet.FleetFilePath)).ControlUrl!));
        foreach (var zone in (await control.GetStateAsync()).Zones)
        {
            marks[$"zone {zone.Name}"] = $"powered={zone.Powered}";
        }

        return marks;
    }
}
