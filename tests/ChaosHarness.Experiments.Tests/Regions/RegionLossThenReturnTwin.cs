using ChaosHarness.Experiments.Regions;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Regions;

/// <summary>RegionLossThenReturn against a fleet whose global load balancer has no health checks: the experiment must fail, naming the broken expectation.</summary>
[Category(DefectTwin.Category)]
public sealed class RegionLossThenReturnTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Catches_lb_without_health_checks(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(RegionLossThenReturn), FleetDefect.LoadBalancerWithoutHealthChecks, cancellationToken);

        DefectTwin.AssertCaught(verdict, "FailsOver(from region eu-west");
    }
}
