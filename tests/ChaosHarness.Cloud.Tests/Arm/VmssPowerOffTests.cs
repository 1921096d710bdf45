using ChaosHarness.Azure;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Arm;

public sealed class VmssPowerOffTests : ArmTestBase
{
    // Someone powered off one of the cluster's instances in zone 2 before the experiment: it must stay off.
    protected override void ArrangeEstate() => Arm.SetPowerState("aks-user-vmss", "2", "PowerState/stopped");

    [Test]
    public async Task A_zone_outage_powers_off_exactly_the_clusters_running_instances_in_the_zone_and_revert_starts_exactly_those()
    {
        var (run, arm) = await StartRunAsync(Arm.Endpoint);
        await using var _ = run;

        var fault = await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-2"), CancellationToken.None);

        var off = Arm.PowerStates().Where(s => s.EndsWith("PowerState/stopped", StringComparison.Ordinal)).ToList();
        Assert.That(off, Is.EqualTo(new[]
        {
            "aks-system-vmss/1 zone 2 PowerState/stopped",
            "aks-user-vmss/2 zone 2 PowerState/stopped",
            "aks-user-vmss/3 zone 2 PowerState/stopped",
        }));
        var powerOffs = Arm.Requests.Where(r => r.Contains("/poweroff", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(powerOffs, Has.Count.EqualTo(2));
        Assert.That(powerOffs, Is.All.Contains("skipShutdown=true"));
        Assert.That(Arm.OperationPolls, Is.GreaterThanOrEqualTo(4), "each long-running operation was polled to its end");

        await fault.DisposeAsync();

        AssertUnchanged();
        AssertNoUnexpectedCalls();
        var undo = (await run.EntriesAsync()).Single(e => e.Kind == JournalEntryKind.Intent).Undo!;
        Assert.That(undo.Select(u => u.Subject), Is.EqualTo(new[] { "scale set aks-system-vmss instances 1 in eastus-2", "scale set aks-user-vmss instances 3 in eastus-2" }));
    }

    [Test]
    public async Task A_region_loss_powers_off_every_zone_of_the_cluster_and_no_other_cluster()
    {
        var (run, _) = await StartRunAsync(Arm.Endpoint, blastRadius: new Core.Guardrails.BlastRadiusLimits(3, 100, 1));
        await using var __ = run;

        var fault = await run.Injector.InjectAsync(AzureZoneOutage.Region(ClusterName), CancellationToken.None);

        Assert.That(Arm.PowerStates().Where(s => s.StartsWith("aks-", StringComparison.Ordinal)), Is.All.EndsWith("PowerState/stopped"));
        Assert.That(Arm.PowerStates().Where(s => s.StartsWith("staging-", StringComparison.Ordinal)), Is.All.EndsWith("PowerState/running"));

        await fault.RevertAsync();

        AssertUnchanged();
    }

    [Test]
    public async Task The_undo_is_idempotent_and_works_from_the_journaled_record_alone()
    {
        var (run, _) = await StartRunAsync(Arm.Endpoint);
        await using var __ = run;
        await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None);
        var undo = (await run.EntriesAsync()).Single(e => e.Kind == JournalEntryKind.Intent).Undo!;

        var handlers = new UndoHandlers().AddAzure(new ArmAccess(run.Fleet.Clock, TestOptions()));
        var failures = (await handlers.UndoAllAsync(undo, run.Run, CancellationToken.None)).Concat(await handlers.UndoAllAsync(undo, run.Run, CancellationToken.None));

        Assert.That(failures, Is.Empty);
        AssertUnchanged();
    }
}
