using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Cloud.Tests.Aws;

public static class AwsTestFleet
{
    /// <summary>A real-kind fleet with one AWS cluster whose EC2 endpoint is <paramref name="endpoint"/>, on a 60× clock.</summary>
    public static Core.Fleets.Fleet Create(Uri endpoint, IReadOnlyList<string>? zones = null, BlastRadiusLimits? blastRadius = null, string? profile = null)
        => new(
            "cloud-tests",
            FleetKind.Real,
            [
                new ClusterTarget(
                    Ec2World.ClusterName,
                    Ec2World.Region,
                    zones ?? Ec2World.Zones,
                    "prod-use1",
                    ClusterProvider.Aws,
                    Account: new CloudAccount(CloudRegion: Ec2World.Region, Profile: profile, Endpoint: endpoint, ClusterTag: Ec2World.ClusterTagKey)),
            ],
            AllowList.Everything,
            blastRadius ?? BlastRadiusLimits.Default,
            clock: new AcceleratedTimeProvider(60));

    public static BlastRadiusLimits WholeRegion { get; } = new(MaxZonesPerFault: 3, MaxNodePercentPerFault: 100, MaxRegionsPerFault: 1);
}
