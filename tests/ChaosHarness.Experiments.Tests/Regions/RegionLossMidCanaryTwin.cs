using ChaosHarness.Experiments.Regions;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Regions;

/// <summary>RegionLossMidCanary against a fleet whose global load balancer has no health checks: the experiment must fail, naming the broken expectation.</summary>
[Category(DefectTwin.Category)]
public sealed class RegionLossMidCanaryTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Catches_lb_without_health_checks(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(RegionLossMidCanary), FleetDefect.LoadBalancerWithoutHealthChecks, cancellationToken);

        DefectTwin.AssertCaught(verdict, "FailsOver(from region eu-west");
    }
}
