using Azure.Core.Pipeline;
using ChaosHarness.Azure;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Arm;

/// <summary>Throttling as a journaled fault: on while injected, off again when reverted.</summary>
public sealed class CloudApiThrottlingFaultTests : ArmTestBase
{
    [Test]
    public async Task Throttling_holds_from_injection_to_revert_for_components_pointed_at_the_throttle()
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Arm.Endpoint, CloudApiDialect.Arm)
        {
            InjectionRate = 0,
            ServerCertificate = TestCertificate.Loopback,
            UpstreamHandler = TestCertificate.TrustingHandler(),
        });
        var fleet = CreateFleet(throttle.Endpoint);
        var arm = new ArmAccess(fleet.Clock, TestOptions(new CloudRetryOptions { MaxAttempts = 2, JitterSeed = 1 }));
        var throttles = new CloudApiThrottles().Add("arm", throttle);
        await using var run = await HarnessRun.StartAsync(fleet, new UndoHandlers().AddAzure(arm).Add(throttles), new ExperimentServices().UseAzure(arm).Add(throttles));

        var throttling = await run.Injector.InjectAsync(new CloudApiThrottling(ClusterName, "arm", 1), CancellationToken.None);
        var whileThrottled = await Assert.ThrowsAsync<CloudApiThrottledException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None));
        await throttling.RevertAsync();
        var outage = await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None);
        await outage.RevertAsync();

        Assert.That(whileThrottled!.ErrorCode, Is.EqualTo("TooManyRequests"));
        Assert.That(throttle.InjectionRate, Is.Zero);
        AssertUnchanged();
        var kinds = (await run.EntriesAsync()).Select(e => (e.FaultId, e.Kind)).ToList();
        Assert.That(kinds, Is.EqualTo(new[]
        {
            ("f1", JournalEntryKind.Intent), ("f1", JournalEntryKind.Injected), ("f1", JournalEntryKind.Reverted),
            ("f3", JournalEntryKind.Intent), ("f3", JournalEntryKind.Injected), ("f3", JournalEntryKind.Reverted),
        }));
    }
}
