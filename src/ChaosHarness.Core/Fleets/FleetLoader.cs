using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Guardrails;
using YamlDotNet.RepresentationModel;

namespace ChaosHarness.Core.Fleets;

/// <summary>
/// Reads a fleet from an embedded fleet's <c>fleet.json</c> or from a real fleet file (YAML).
/// Any problem is a <see cref="FleetFileException"/> naming the line and the field.
/// </summary>
public static class FleetLoader
{
    private static readonly string[] FleetFileKeys = ["name", "kubeconfig", "clusters", "allowedNamespaces", "blastRadius", "trafficUrl", "controlUrl"];
    private static readonly string[] FleetClusterKeys = ["name", "context", "region", "zones", "provider", "account", "apiUrl"];
    private static readonly string[] AccountKeys = ["accountId", "region", "profile", "subscriptionId", "resourceGroup", "endpoint", "clusterTag"];
    private static readonly string[] BlastRadiusKeys = ["maxZonesPerFault", "maxNodePercentPerFault", "maxRegionsPerFault"];

    public static async Task<Fleet> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FleetFileException(fullPath, null, null, $"cannot be read: {e.Message}", e);
        }

        return Parse(fullPath, text, File.GetLastWriteTimeUtc(fullPath));
    }

    /// <param name="writtenAt">When the file was written (wall time); anchors the embedded fleet's clock.</param>
    public static Fleet Parse(string path, string text, DateTime? writtenAt = null)
    {
        var reader = YamlDocumentReader.Parse(path, text);
        var isEmbedded = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)
                         || reader.Find(reader.Root, "speed") is not null;
        return isEmbedded ? ReadEmbedded(reader, path, writtenAt) : ReadFleetFile(reader, path);
    }

    private static Fleet ReadEmbedded(YamlDocumentReader reader, string path, DateTime? writtenAt)
    {
        var root = reader.Root;
        var name = reader.OptionalString(root, "name", "") ?? "embedded";
        var speed = reader.OptionalNumber(root, "speed", "", 0.001, 1_000_000) ?? 1;
        var kubeconfig = reader.RequiredString(root, "kubeconfig", "");
        var startedAt = reader.OptionalInstant(root, "startedAt", "");
        var wallClockAt = reader.OptionalInstant(root, "wallClockAt", "")
                          ?? (writtenAt is null ? null : new DateTimeOffset(DateTime.SpecifyKind(writtenAt.Value, DateTimeKind.Utc)));
        var clusters = new List<ClusterTarget>();
        var clusterNodes = reader.MappingList(root, "clusters", "");
        for (var i = 0; i < clusterNodes.Count; i++)
        {
            var node = clusterNodes[i];
            var field = $"clusters[{i}]";
            var clusterName = reader.RequiredString(node, "name", field);
            clusters.Add(new ClusterTarget(
                clusterName,
                reader.RequiredString(node, "region", field),
                reader.StringList(node, "zones", field, required: true),
                reader.OptionalString(node, "context", field) ?? clusterName,
                ReadProvider(reader, node, field) ?? ClusterProvider.Embedded,
                reader.OptionalUrl(node, "apiUrl", field)));
        }

        EnsureUniqueClusters(reader, clusterNodes, clusters);
        var directory = Path.GetDirectoryName(path)!;

        // The fleet's clock read startedAt at wall time wallClockAt (or, from older fleets, about when it wrote
        // the file): anchored there, our clock reads the same fleet time as the fleet's.
        TimeProvider clock = new AcceleratedTimeProvider(speed, startedAt, startedAt is null ? null : wallClockAt);
        return new Fleet(
            name,
            FleetKind.Embedded,
            clusters,
            AllowList.Everything,
            BlastRadiusLimits.WholeRegion(clusters),
            Path.GetFullPath(Path.Combine(directory, kubeconfig)),
            speed,
            startedAt,
            reader.OptionalUrl(root, "controlUrl", ""),
            reader.OptionalUrl(root, "trafficUrl", ""),
            path,
            clock);
    }

    private static Fleet ReadFleetFile(YamlDocumentReader reader, string path)
    {
        var root = reader.Root;
        reader.RejectUnknownKeys(root, "", FleetFileKeys);
        var name = reader.RequiredString(root, "name", "");
        var kubeconfig = reader.OptionalString(root, "kubeconfig", "");
        if (kubeconfig is not null)
        {
            kubeconfig = ExpandHome(kubeconfig);
            kubeconfig = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, kubeconfig));
        }

        var clusterNodes = reader.MappingList(root, "clusters", "");
        var clusters = new List<ClusterTarget>();
        for (var i = 0; i < clusterNodes.Count; i++)
        {
            var node = clusterNodes[i];
            var field = $"clusters[{i}]";
            reader.RejectUnknownKeys(node, field, FleetClusterKeys);
            var provider = ReadProvider(reader, node, field) ?? throw reader.Error(node, $"{field}.provider", "is required (kubernetes, aws, azure or embedded).");
            var account = ReadAccount(reader, node, field, provider);
            clusters.Add(new ClusterTarget(
                reader.RequiredString(node, "name", field),
                reader.RequiredString(node, "region", field),
                reader.StringList(node, "zones", field, required: true),
                reader.RequiredString(node, "context", field),
                provider,
                reader.OptionalUrl(node, "apiUrl", field),
                account));
        }

        EnsureUniqueClusters(reader, clusterNodes, clusters);
        var namespaces = reader.StringList(root, "allowedNamespaces", "", required: true);
        return new Fleet(
            name,
            FleetKind.Real,
            clusters,
            AllowList.Namespaces(namespaces),
            ReadBlastRadius(reader, root),
            kubeconfig,
            trafficUrl: reader.OptionalUrl(root, "trafficUrl", ""),
            controlUrl: reader.OptionalUrl(root, "controlUrl", ""),
            sourcePath: path);
    }

    private static BlastRadiusLimits ReadBlastRadius(YamlDocumentReader reader, YamlMappingNode root)
    {
        var node = reader.OptionalMapping(root, "blastRadius", "");
        if (node is null)
        {
            return BlastRadiusLimits.Default;
        }

        reader.RejectUnknownKeys(node, "blastRadius", BlastRadiusKeys);
        var defaults = BlastRadiusLimits.Default;
        return new BlastRadiusLimits(
            (int)(reader.OptionalNumber(node, "maxZonesPerFault", "blastRadius", 0, 1000) ?? defaults.MaxZonesPerFault),
            reader.OptionalNumber(node, "maxNodePercentPerFault", "blastRadius", 0, 100) ?? defaults.MaxNodePercentPerFault,
            (int)(reader.OptionalNumber(node, "maxRegionsPerFault", "blastRadius", 0, 1000) ?? defaults.MaxRegionsPerFault));
    }

    private static ClusterProvider? ReadProvider(YamlDocumentReader reader, YamlMappingNode node, string field)
    {
        var text = reader.OptionalString(node, "provider", field);
        if (text is null)
        {
            return null;
        }

        return text.ToLowerInvariant() switch
        {
            "kubernetes" => ClusterProvider.Kubernetes,
            "aws" => ClusterProvider.Aws,
            "azure" => ClusterProvider.Azure,
            "embedded" => ClusterProvider.Embedded,
            _ => throw reader.Error(reader.Find(node, "provider")!, $"{field}.provider", $"unknown provider '{text}'; expected kubernetes, aws, azure or embedded."),
        };
    }

    private static CloudAccount? ReadAccount(YamlDocumentReader reader, YamlMappingNode node, string field, ClusterProvider provider)
    {
        var accountField = $"{field}.account";
        var map = reader.OptionalMapping(node, "account", field);
        if (map is null)
        {
            return provider is ClusterProvider.Aws or ClusterProvider.Azure
                ? throw reader.Error(node, accountField, $"is required for provider {provider.ToString().ToLowerInvariant()}.")
                : null;
        }

        reader.RejectUnknownKeys(map, accountField, AccountKeys);
        var account = new CloudAccount(
            reader.OptionalString(map, "accountId", accountField),
            reader.OptionalString(map, "region", accountField),
            reader.OptionalString(map, "profile", accountField),
            reader.OptionalString(map, "subscriptionId", accountField),
            reader.OptionalString(map, "resourceGroup", accountField),
            reader.OptionalUrl(map, "endpoint", accountField),
            reader.OptionalString(map, "clusterTag", accountField));
        switch (provider)
        {
            case ClusterProvider.Aws when account.CloudRegion is null:
                throw reader.Error(map, $"{accountField}.region", "is required for an AWS account.");
            case ClusterProvider.Azure when account.SubscriptionId is null || account.ResourceGroup is null:
                throw reader.Error(map, $"{accountField}.{(account.SubscriptionId is null ? "subscriptionId" : "resourceGroup")}", "is required for an Azure account.");
        }

        return account;
    }

    private static void EnsureUniqueClusters(YamlDocumentReader reader, IReadOnlyList<YamlMappingNode> nodes, IReadOnlyList<ClusterTarget> clusters)
    {
        for (var i = 0; i < clusters.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (clusters[j].Name == clusters[i].Name)
                {
                    throw reader.Error(nodes[i], $"clusters[{i}].name", $"cluster '{clusters[i].Name}' is already defined by clusters[{j}].");
                }

                if (clusters[j].Context == clusters[i].Context)
                {
                    throw reader.Error(nodes[i], $"clusters[{i}].context", $"context '{clusters[i].Context}' is already used by clusters[{j}].");
                }
            }
        }
    }

    private static string ExpandHome(string path)
        => path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
