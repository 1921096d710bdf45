using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>
/// <c>fleet.json</c>: what a harness needs to find a running embedded fleet — its clusters, regions, zones, API URLs and
/// kubeconfig contexts, and the fleet's own endpoints. Written next to the kubeconfig in the state folder.
/// </summary>
public sealed record FleetStateFile
{
    public const string FileName = "fleet.json";
    public const string KubeconfigFileName = "kubeconfig";

    public string Name { get; init; } = "embedded";
    public double Speed { get; init; }
    public int Seed { get; init; }
    public string Kubeconfig { get; init; } = KubeconfigFileName;
    /// <summary>Fleet time when the file was written.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time at the same instant as <see cref="StartedAt"/>: with <see cref="Speed"/>, any process can follow the fleet clock.</summary>
    public DateTimeOffset WallClockAt { get; init; }
    public IReadOnlyList<FleetStateCluster> Clusters { get; init; } = [];
    public string? ControlUrl { get; init; }
    public string? TrafficUrl { get; init; }

    /// <summary>The process that serves the fleet, so that a later run can tell a live fleet from a stale file.</summary>
    public int ProcessId { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static FleetStateFile Parse(string json) =>
        JsonSerializer.Deserialize<FleetStateFile>(json, JsonOptions) ?? throw new JsonException("fleet.json is empty.");
}

public sealed record FleetStateCluster(string Name, string Region, IReadOnlyList<string> Zones, string ApiUrl, string Context, string Provider = "embedded");
