using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosHarness.Fleet.Topology;

/// <summary>
/// Reads a fleet topology from YAML or JSON:
/// <code>
/// clusters:
/// - name: eu-west-1
///   region: eu-west
///   zones: [eu-west-1a, eu-west-1b, eu-west-1c]
///   nodesPerZone: 4
///   nodeCapacity: {cpu: "8", memory: 32Gi, pods: 110}
/// </code>
/// Every problem is reported with the file, line and field it is in; unknown fields are problems too.
/// </summary>
public static partial class TopologyFile
{
    private static readonly HashSet<string> TopFields = ["clusters"];
    private static readonly HashSet<string> ClusterFields = ["name", "region", "zones", "nodesPerZone", "nodeCapacity"];
    private static readonly HashSet<string> CapacityFields = ["cpu", "memory", "pods"];
    private const int DefaultNodesPerZone = 4;

    public static FleetTopology Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TopologyFileException(path, null, null, $"cannot be read: {e.Message}");
        }

        return Parse(text, path);
    }

    public static FleetTopology Parse(string text, string fileName)
    {
        var reader = new Reader(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TopologyFileException(fileName, (int)e.Start.Line, null, $"is not valid YAML or JSON: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0) throw new TopologyFileException(fileName, null, null, "is empty; it must list clusters");
        var root = reader.Mapping(stream.Documents[0].RootNode, "(top level)", TopFields);
        var clustersNode = reader.Required(root, "clusters", "clusters");
        if (clustersNode is not YamlSequenceNode clusterList || clusterList.Children.Count == 0)
        {
            throw reader.Problem(clustersNode, "clusters", "must be a non-empty list of clusters");
        }

        var clusters = new List<ClusterTopology>();
        for (var i = 0; i < clusterList.Children.Count; i++)
        {
            var cluster = reader.Cluster(clusterList.Children[i], $"clusters[{i}]");
            if (clusters.Any(c => c.Name == cluster.Name))
            {
                throw reader.Problem(clusterList.Children[i], $"clusters[{i}].name", $"\"{cluster.Name}\" names two clusters; names must be unique");
            }

            clusters.Add(cluster);
        }

        return new FleetTopology(clusters);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")]
    private static partial Regex Quantity();

    private sealed class Reader(string fileName)
    {
        public ClusterTopology Cluster(YamlNode node, string at)
        {
            var mapping = Mapping(node, at, ClusterFields);
            var name = Name(mapping, at, "name");
            var region = Name(mapping, at, "region");
            var zonesNode = Required(mapping, "zones", $"{at}.zones");
            if (zonesNode is not YamlSequenceNode zoneList || zoneList.Children.Count == 0)
            {
                throw Problem(zonesNode, $"{at}.zones", "must be a non-empty list of zone names");
            }

            var zones = new List<string>();
            for (var z = 0; z < zoneList.Children.Count; z++)
            {
                var zone = Label(zoneList.Children[z], $"{at}.zones[{z}]");
                if (zones.Contains(zone)) throw Problem(zoneList.Children[z], $"{at}.zones[{z}]", $"\"{zone}\" is listed twice");
                zones.Add(zone);
            }

            var nodesPerZone = Optional(mapping, "nodesPerZone") is { } perZone
                ? WholeNumber(perZone, $"{at}.nodesPerZone", minimum: 1)
                : DefaultNodesPerZone;
            var capacity = Optional(mapping, "nodeCapacity") is { } capacityNode ? Capacity(capacityNode, $"{at}.nodeCapacity") : new NodeCapacity();
            return new ClusterTopology(name, region, zones, nodesPerZone, capacity);
        }

        private NodeCapacity Capacity(YamlNode node, string at)
        {
            var mapping = Mapping(node, at, CapacityFields);
            var defaults = new NodeCapacity();
            return new NodeCapacity(
                Optional(mapping, "cpu") is { } cpu ? QuantityOf(cpu, $"{at}.cpu") : defaults.Cpu,
                Optional(mapping, "memory") is { } memory ? QuantityOf(memory, $"{at}.memory") : defaults.Memory,
                Optional(mapping, "pods") is { } pods ? WholeNumber(pods, $"{at}.pods", minimum: 1) : defaults.Pods);
        }

        public YamlMappingNode Mapping(YamlNode node, string at, HashSet<string> allowed)
        {
            if (node is not YamlMappingNode mapping) throw Problem(node, at, "must be a mapping of fields");
            foreach (var key in mapping.Children.Keys)
            {
                var keyText = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(keyText))
                {
                    var field = at == "(top level)" ? keyText : $"{at}.{keyText}";
                    throw Problem(key, field, $"is not a known field; expected one of {string.Join(", ", allowed)}");
                }
            }

            return mapping;
        }

        public YamlNode Required(YamlMappingNode mapping, string key, string at) =>
            Optional(mapping, key) ?? throw Problem(mapping, at, "is required");

        public static YamlNode? Optional(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string Name(YamlMappingNode mapping, string at, string key) => Label(Required(mapping, key, $"{at}.{key}"), $"{at}.{key}");

        private string Label(YamlNode node, string at)
        {
            var text = Scalar(node, at);
            if (text.Length > 63 || !DnsLabel().IsMatch(text))
            {
                throw Problem(node, at, $"\"{text}\" is not a valid name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
            }

            return text;
        }

        private int WholeNumber(YamlNode node, string at, int minimum)
        {
            var text = Scalar(node, at);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
            {
                throw Problem(node, at, $"must be a whole number of at least {minimum}, got \"{text}\"");
            }

            return value;
        }

        private string QuantityOf(YamlNode node, string at)
        {
            var text = Scalar(node, at);
            if (!Quantity().IsMatch(text)) throw Problem(node, at, $"\"{text}\" is not a Kubernetes quantity (for example 8, 500m, 32Gi)");
            return text;
        }

        private string Scalar(YamlNode node, string at) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Problem(node, at, "must be a non-empty value");

        public TopologyFileException Problem(YamlNode node, string field, string problem) =>
            new(fileName, (int)node.Start.Line, field, problem);
    }
}
