using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace ChaosHarness.Containers;

/// <summary>
/// Several regions of the embedded fleet, each in its own container on its own network, as one fleet for the harness:
/// a fleet.json naming every region's clusters and a kubeconfig merging their contexts. Each region keeps its own
/// control API (<see cref="ContainerRegion.ControlUrl"/>) and its own clock: the fleet file's clock is the first
/// region's, so at a speed above 1 the regions' fleet times differ by their start offsets times the speed (speed 1
/// keeps them together).
/// </summary>
public sealed class ContainerFleet : IAsyncDisposable
{
    private readonly string _directory;

    private ContainerFleet(IReadOnlyList<ContainerRegion> regions, string directory)
    {
        Regions = regions;
        _directory = directory;
    }

    public IReadOnlyList<ContainerRegion> Regions { get; }

    public string FleetFilePath => Path.Combine(_directory, "fleet.json");

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public ContainerRegion this[string region]
        => Regions.FirstOrDefault(r => r.Region == region) ?? throw new KeyNotFoundException($"The container fleet has no region '{region}'; it has {string.Join(", ", Regions.Select(r => r.Region))}.");

    /// <param name="configure">Sets up each region's builder (image, speed, seed); the same for every region.</param>
    public static async Task<ContainerFleet> StartAsync(IReadOnlyList<string> regions, Func<ContainerRegionBuilder, ContainerRegionBuilder> configure, CancellationToken cancellationToken = default)
    {
        if (regions.Count == 0 || regions.Distinct(StringComparer.Ordinal).Count() != regions.Count)
        {
            throw new ArgumentException("A container fleet needs distinct regions.", nameof(regions));
        }

        var starting = regions.Select(r => configure(new ContainerRegionBuilder(r)).StartAsync(cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starting).ConfigureAwait(false);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        var fleet = new ContainerFleet([.. starting.Select(t => t.Result)], Directory.CreateTempSubdirectory("chaos-container-fleet-").FullName);
        await fleet.WriteStateAsync(cancellationToken).ConfigureAwait(false);
        return fleet;
    }

    private async Task WriteStateAsync(CancellationToken cancellationToken)
    {
        var kubeconfigs = new List<Dictionary<object, object>>();
        var deserializer = new DeserializerBuilder().Build();
        foreach (var region in Regions)
        {
            kubeconfigs.Add(deserializer.Deserialize<Dictionary<object, object>>(await File.ReadAllTextAsync(region.KubeconfigPath, cancellationToken).ConfigureAwait(false)));
        }

        var merged = new Dictionary<object, object>(kubeconfigs[0]);
        foreach (var section in new[] { "clusters", "users", "contexts" })
        {
            merged[section] = kubeconfigs.SelectMany(k => (List<object>)k[section]).ToList();
        }

        await File.WriteAllTextAsync(KubeconfigPath, new SerializerBuilder().Build().Serialize(merged), cancellationToken).ConfigureAwait(false);

        var states = new List<JsonObject>();
        foreach (var region in Regions)
        {
            states.Add(JsonNode.Parse(await File.ReadAllTextAsync(region.FleetFilePath, cancellationToken).ConfigureAwait(false))!.AsObject());
        }

        var fleet = (JsonObject)states[0].DeepClone();
        fleet["name"] = "containers";
        fleet["clusters"] = new JsonArray([.. states.SelectMany(s => s["clusters"]!.AsArray()).Select(c => c!.DeepClone())]);
        fleet.Remove("controlUrl");
        await File.WriteAllTextAsync(FleetFilePath, fleet.ToJsonString(new() { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var region in Regions)
        {
            await region.DisposeAsync().ConfigureAwait(false);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
