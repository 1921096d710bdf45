using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Fleet.Physics;

/// <summary>
/// The failures the fleet's world can suffer, by name, each reversible and idempotent: a zone loses power (its kubelets
/// stop, its pods stop serving; the node lifecycle controller does the rest), a zone is cut off from the network, a
/// region is lost (its API servers hang, its workloads and health checks fail), a seeded defect is switched, an image
/// version changes behaviour. Names are checked against the topology, defects and catalogue; what the fleet has is
/// reported by <see cref="Describe"/>.
/// </summary>
public sealed class FleetPhysics
{
    private readonly IReadOnlyList<SimulatedCluster> _clusters;
    private readonly FleetInfrastructure _infrastructure;
    private readonly FleetDefects _defects;
    private readonly ImageCatalogue _images;
    private readonly TimeProvider _clock;

    public FleetPhysics(IReadOnlyList<SimulatedCluster> clusters, FleetInfrastructure infrastructure, FleetDefects defects, ImageCatalogue images,
        TimeProvider clock)
    {
        _clusters = clusters;
        _infrastructure = infrastructure;
        _defects = defects;
        _images = images;
        _clock = clock;
        Zones = [.. clusters.SelectMany(c => c.Zones).Distinct(StringComparer.Ordinal)];
        Regions = [.. clusters.Select(c => c.Region).Distinct(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Zones { get; }
    public IReadOnlyList<string> Regions { get; }

    public void SetZonePower(string zone, bool on) => _infrastructure.SetPower(RequireZone(zone), on);

    public void SetZonePartitioned(string zone, bool partitioned) => _infrastructure.SetPartitioned(RequireZone(zone), partitioned);

    public void SetRegionDark(string region, bool dark) => _infrastructure.SetDark(RequireRegion(region), dark);

    public void SetDefect(string name, bool on)
    {
        var defect = FleetDefect.Find(name) ?? throw new UnknownTargetException("defect", name, FleetDefect.All.Select(d => d.Name));
        if (on) _defects.SwitchOn(defect);
        else _defects.SwitchOff(defect);
    }

    /// <summary>Gives an image version (or repository) a behaviour; a bad behaviour is a <see cref="FormatException"/>.</summary>
    public void SetImageBehaviour(string image, ImageBehaviourChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (string.IsNullOrWhiteSpace(image)) throw new FormatException("an image (repository:tag, or a repository) is required.");
        var basis = new ImageBehaviour().WithLatency(
            change.LatencyMs is { } latency ? TimeSpan.FromMilliseconds(latency) : ImageBehaviour.DefaultLatency,
            change.JitterMs is { } jitter ? TimeSpan.FromMilliseconds(jitter) : ImageBehaviour.DefaultLatencyJitter);
        ImageBehaviour behaviour;
        try
        {
            behaviour = ImageCatalogueFile.BehaviourOf(change.Behaviour, change.ErrorPercent, change.CrashAfterSeconds, change.WarmUpSeconds, basis, image);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"{image}: {e.Message.Split(Environment.NewLine)[0]}", e);
        }

        _images.Set(image, behaviour);
    }

    /// <summary>Forgets an image's catalogue entry (idempotent).</summary>
    public void ResetImage(string image) => _images.Remove(image);

    public FleetControlState Describe() => new()
    {
        FleetTime = _clock.GetUtcNow(),
        Zones = [.. Zones.Select(z =>
        {
            var clusters = _clusters.Where(c => c.Zones.Contains(z)).ToList();
            return new ZoneState(z, clusters[0].Region, [.. clusters.Select(c => c.Name)], _infrastructure.HasPower(z), _infrastructure.IsPartitioned(z));
        })],
        Regions = [.. Regions.Select(r => new RegionState(r,
            [.. _clusters.Where(c => c.Region == r).SelectMany(c => c.Zones).Distinct(StringComparer.Ordinal)], _infrastructure.IsDark(r)))],
        Clusters = [.. _clusters.Select(c => new ClusterApiState(c.Name, c.Region, c.ApiUrl?.ToString().TrimEnd('/') ?? "", !_infrastructure.IsDark(c.Region))
        {
            PriorityLevels = c.Api.FlowControl.Levels(),
        })],
        Defects = [.. FleetDefect.All.Select(d => new DefectState(d.Name, d.Description, _defects.IsOn(d)))],
        Images = [.. _images.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ImageState(
            e.Key, CatalogueWord(e.Value.Kind), e.Value.Kind == ImageBehaviourKind.FailsRequests ? e.Value.ErrorRate * 100 : null, e.Value.ToString()))],
    };

    private static string CatalogueWord(ImageBehaviourKind kind) => kind switch
    {
        ImageBehaviourKind.CrashLoop => TagSuffix.CrashLoop,
        ImageBehaviourKind.NeverReady => TagSuffix.Unready,
        ImageBehaviourKind.FailsRequests => TagSuffix.Errors,
        ImageBehaviourKind.SlowStart => TagSuffix.SlowStart,
        ImageBehaviourKind.NotReconciling => TagSuffix.NoReconcile,
        _ => "healthy",
    };

    private string RequireZone(string zone) =>
        Zones.Contains(zone) ? zone : throw new UnknownTargetException("zone", zone, Zones);

    private string RequireRegion(string region) =>
        Regions.Contains(region) ? region : throw new UnknownTargetException("region", region, Regions);
}
