using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Cloud.Tests.Machines;

/// <summary>The fleet side of machine-backed nodes: provider ids at start, then each machine change applied to its node once.</summary>
public sealed class MachineBackedNodesTests
{
    private const string First = "c-r-a-0";
    private const string Second = "c-r-a-1";
    private readonly ScriptedMachines _machines = new();
    private SimulatedCluster _cluster = null!;
    private MachineBackedNodes _nodes = null!;

    [SetUp]
    public async Task ProvisionAsync()
    {
        _cluster = new SimulatedCluster(new ClusterTopology("c", "r", ["r-a"], 2, new NodeCapacity()), TimeProvider.System, seed: 1, watchHistoryCapacity: 100);
        _nodes = (await MachineBackedNodes.ProvisionAsync(_machines, [_cluster], CancellationToken.None)).Single();
        Assert.That(await _nodes.ObserveOnceAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public void Every_node_gets_its_machines_provider_id()
        => Assert.That(_cluster.Nodes.Select(a => a.ProviderId), Is.EqualTo(new[] { $"scripted:///r-a/{First}", $"scripted:///r-a/{Second}" }));

    [Test]
    public async Task A_stopped_machine_powers_its_node_off_and_a_started_one_boots_it_again()
    {
        var agent = _cluster.Nodes[First];
        var boots = agent.Boots;

        _machines.Set(First, MachineCondition.Stopped);
        await _nodes.ObserveOnceAsync(CancellationToken.None);
        Assert.That(agent.IsPoweredOn, Is.False);
        Assert.That(_cluster.Nodes[Second].IsPoweredOn, Is.True);

        _machines.Set(First, MachineCondition.Running);
        await _nodes.ObserveOnceAsync(CancellationToken.None);
        Assert.That(agent.IsHeartbeating, Is.True);
        Assert.That(agent.Boots, Is.EqualTo(boots + 1));
    }

    [Test]
    public async Task A_cut_off_machine_keeps_power_but_neither_reaches_nor_is_reached_and_comes_back_when_its_subnet_does()
    {
        var agent = _cluster.Nodes[First];

        _machines.Set(First, MachineCondition.CutOff);
        await _nodes.ObserveOnceAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(agent.ContainersRun, Is.True);
            Assert.That(agent.ReachesControlPlane, Is.False);
            Assert.That(agent.IsHeartbeating, Is.False);
        });

        _machines.Set(First, MachineCondition.Running);
        await _nodes.ObserveOnceAsync(CancellationToken.None);
        Assert.That(agent.IsHeartbeating, Is.True);
    }

    [Test]
    public async Task Only_changes_of_a_machine_are_applied_so_a_node_switched_by_the_fleets_physics_stays_switched()
    {
        var agent = _cluster.Nodes[Second];
        agent.PowerOff();

        await _nodes.ObserveOnceAsync(CancellationToken.None);

        Assert.That(agent.IsPoweredOn, Is.False, "its machine is still running, as it was: nothing to apply");
    }

    [Test]
    public async Task A_failed_read_changes_nothing_and_a_machine_the_cloud_no_longer_lists_is_stopped()
    {
        _machines.Set(First, MachineCondition.Stopped);
        _machines.NextReadFails = new HttpRequestException("EC2 unreachable");

        Assert.That(await _nodes.ObserveOnceAsync(CancellationToken.None), Is.False);
        Assert.That(_cluster.Nodes[First].IsPoweredOn, Is.True);

        _machines.Set(First, MachineCondition.Running);
        _machines.Forget(Second);
        Assert.That(await _nodes.ObserveOnceAsync(CancellationToken.None), Is.True);
        Assert.That(_cluster.Nodes[First].IsPoweredOn, Is.True);
        Assert.That(_cluster.Nodes[Second].IsPoweredOn, Is.False);
    }
}
