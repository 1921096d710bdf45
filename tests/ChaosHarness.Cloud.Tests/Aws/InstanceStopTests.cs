using ChaosHarness.Aws;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Aws;

public sealed class InstanceStopTests : MotoTestBase
{
    [Test]
    public async Task A_zone_outage_stops_exactly_the_clusters_running_instances_in_the_zone_and_revert_starts_exactly_those()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;
        var zone = Ec2World.Zones[1];

        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, zone, AwsZoneOutageMechanism.StopInstances), CancellationToken.None);

        var states = await World.StatesAsync();
        var stopped = states.Where(s => s.Value is "stopped" or "stopping").Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        Assert.That(stopped, Is.EqualTo(World.ClusterInstancesByZone[zone].Order(StringComparer.Ordinal).ToList()));
        var tagged = (await World.SnapshotAsync()).Instances.Where(i => i.Contains($"{Ec2ChaosTags.StoppedByRun}={run.Run}", StringComparison.Ordinal)).ToList();
        Assert.That(tagged, Has.Count.EqualTo(2), "each stopped instance says which run stopped it");

        await fault.DisposeAsync();

        await AssertUnchangedAsync();
        Assert.That(await run.JournalKindsAsync(), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Injected, JournalEntryKind.Reverted }));
    }

    [Test]
    public async Task A_region_loss_stops_every_zones_instances_of_the_cluster_and_nothing_else()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint, AwsTestFleet.WholeRegion);
        await using var _ = run;
        using var __ = ec2;

        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Region(Ec2World.ClusterName, AwsZoneOutageMechanism.StopInstances), CancellationToken.None);

        var states = await World.StatesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(World.ClusterInstances.Select(i => states[i]), Is.All.AnyOf("stopped", "stopping"));
            Assert.That(states[World.OtherClusterInstance], Is.EqualTo("running"));
            Assert.That(states[World.UntaggedInstance], Is.EqualTo("running"));
        });

        await fault.RevertAsync();

        await AssertUnchangedAsync();
    }

    [Test]
    public async Task A_region_loss_is_refused_by_the_default_blast_radius_before_anything_is_sent()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;

        var refused = await Assert.ThrowsAsync<Core.Guardrails.GuardrailViolationException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Region(Ec2World.ClusterName, AwsZoneOutageMechanism.StopInstances), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("3 zones"));
        await AssertUnchangedAsync();
        Assert.That(await run.JournalKindsAsync(), Is.Empty);
    }

    [Test]
    public async Task Reverting_leaves_alone_an_instance_that_someone_else_stopped_while_the_fault_held()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;
        var zone = Ec2World.Zones[0];
        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, zone, AwsZoneOutageMechanism.StopInstances), CancellationToken.None);
        var other = World.ClusterInstancesByZone[Ec2World.Zones[2]][0];
        await World.Client.StopInstancesAsync(new Amazon.EC2.Model.StopInstancesRequest { InstanceIds = [other] });

        await fault.RevertAsync();

        var states = await World.StatesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(World.ClusterInstancesByZone[zone].Select(i => states[i]), Is.All.EqualTo("running"));
            Assert.That(states[other], Is.EqualTo("stopped"));
        });
    }

    [Test]
    public async Task The_undo_is_idempotent_and_works_from_the_journaled_record_alone()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;
        await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.StopInstances), CancellationToken.None);
        var intent = (await run.EntriesAsync()).Single(e => e.Kind == JournalEntryKind.Intent);

        // A separate EC2 access and handler set, as 'chaos revert' in another process would have.
        using var other = new Ec2Access(run.Fleet.Clock, TestCredentials());
        var handlers = new Core.Faults.UndoHandlers().AddAws(other);
        var first = await handlers.UndoAllAsync(intent.Undo!, run.Run, CancellationToken.None);
        var second = await handlers.UndoAllAsync(intent.Undo!, run.Run, CancellationToken.None);

        Assert.That(first.Concat(second), Is.Empty);
        await AssertUnchangedAsync();
    }
}
