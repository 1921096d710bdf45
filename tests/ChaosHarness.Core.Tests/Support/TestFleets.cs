using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Core.Tests.Support;

internal static class TestFleets
{
    public static Core.Fleets.Fleet TwoRegions(TimeProvider clock, AllowList? allowList = null, BlastRadiusLimits? blastRadius = null) => new(
        "test",
        FleetKind.Real,
        [
            new ClusterTarget("eu-west-1", "eu-west", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], "ctx-eu", ClusterProvider.Kubernetes, new Uri("http://eu.test")),
            new ClusterTarget("us-east-1", "us-east", ["us-east-1a", "us-east-1b"], "ctx-us", ClusterProvider.Kubernetes, new Uri("http://us.test")),
        ],
        allowList ?? AllowList.Namespaces(["shop"]),
        blastRadius ?? BlastRadiusLimits.Default,
        clock: clock);
}
