using ChaosHarness.Experiments.Zones;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Zones;

/// <summary>ZoneLossEvictsPods against a fleet whose node lifecycle never evicts pods from unreachable nodes: the experiment must fail, naming the broken expectation.</summary>
[Category(DefectTwin.Category)]
public sealed class ZoneLossEvictsPodsTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Catches_node_lifecycle_never_evicts(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(ZoneLossEvictsPods), FleetDefect.NodeLifecycleNeverEvicts, cancellationToken);

        DefectTwin.AssertCaught(verdict, "Evacuates(shop/checkout from zone eu-west-1a");
    }
}
