using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Observation;
using ChaosHarness.Fleet.Aws;
using ChaosHarness.Kube;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>
/// The node group (an Auto Scaling group over the fleet's EC2 machines) replaces stopped instances, through a throttle:
/// with its launches throttled, a zone whose instances were stopped stays down — "zone down and no replacement
/// capacity", as AWS FIS stages it — and comes back as soon as the group can launch again.
/// </summary>
[Category("Aws")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class NodeGroupReplacementTests
{
    private const string Throttle = "ec2-node-group";
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "chaos-cloud-tests", $"node-group-{Guid.NewGuid():n}");
    private MotoServer _moto = null!;
    private CloudApiThrottle _throttle = null!;
    private Ec2NodeGroup _group = null!;
    private AwsBackedFleet _fleet = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _moto = await MotoServer.StartAsync(TimeSpan.FromSeconds(30));
        _throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(_moto.Endpoint, CloudApiDialect.Ec2)
        {
            InjectionRate = 0,
            Matches = call => call.Action == "RunInstances",
            Seed = 3,
        });
        _fleet = await AwsBackedFleet.StartAsync(_moto.Endpoint, speed: 60, machines => _group = new Ec2NodeGroup(machines, new Ec2NodeGroupOptions { Endpoint = _throttle.Endpoint }));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_fleet is not null) await _fleet.DisposeAsync();
        if (_throttle is not null) await _throttle.DisposeAsync();
        if (_moto is not null) await _moto.DisposeAsync();
        if (Directory.Exists(_journal)) Directory.Delete(_journal, recursive: true);
    }

    [Test]
    public async Task The_node_group_replaces_a_zones_stopped_instances_and_its_nodes_come_back_while_the_outage_holds()
    {
        const string zone = "us-east-1a";
        await using var experiment = await StartExperimentAsync(new CloudApiThrottles().Add(Throttle, _throttle));
        await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(5)));
        var before = await ZoneInstancesAsync(zone);

        var outage = await experiment.InjectAsync(AwsZoneOutage.Zone(AwsBackedFleet.Cluster, zone, AwsZoneOutageMechanism.StopInstances));
        await FleetClockWait.UntilAsync(_fleet.Embedded.Clock, () => ReplacedNodes(zone).Count == AwsBackedFleet.NodesPerZone, TimeSpan.FromMinutes(5), $"both nodes of {zone} replaced");
        await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(3)));

        var after = await ZoneInstancesAsync(zone);
        Assert.Multiple(() =>
        {
            Assert.That(before.Select(i => after[i.Key]), Is.All.EqualTo("terminated"), "the stopped instances were terminated, not restarted");
            Assert.That(after.Where(i => i.Value == "running").Select(i => i.Key), Is.EquivalentTo(ReplacedInstances(zone)));
        });

        // The instances the outage stopped are gone: its revert has nothing to start, and must say so by doing nothing.
        await outage.RevertAsync();
        Assert.That((await ZoneInstancesAsync(zone)).Where(i => i.Value != "terminated").Select(i => i.Value), Is.All.EqualTo("running"));
    }

    [Test]
    public async Task With_its_launches_throttled_the_group_cannot_replace_a_stopped_zone_which_stays_down_until_throttling_ends()
    {
        const string zone = "us-east-1c";
        var throttles = new CloudApiThrottles().Add(Throttle, _throttle);
        await using var experiment = await StartExperimentAsync(throttles);
        await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(5)));
        var failuresBefore = _group.Failures.Count;

        var noCapacity = await experiment.InjectAsync(new CloudApiThrottling(AwsBackedFleet.Cluster, Throttle, 1));
        var outage = await experiment.InjectAsync(AwsZoneOutage.Zone(AwsBackedFleet.Cluster, zone, AwsZoneOutageMechanism.StopInstances));
        await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: false, TimeSpan.FromMinutes(3)));
        await FleetClockWait.UntilAsync(_fleet.Embedded.Clock, () => _group.Failures.Count >= failuresBefore + 2, TimeSpan.FromMinutes(5), "two health checks that could not launch");

        var zoneNodes = experiment.State.All(ResourceKind.Node, AwsBackedFleet.Cluster).Where(n => n.Label("topology.kubernetes.io/zone") == zone).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(zoneNodes.Select(n => n.Body.Condition("Ready")?.Str("status")), Has.None.EqualTo("True"), "no replacement capacity: the zone stays down");
            Assert.That(ReplacedNodes(zone), Is.Empty);
            Assert.That(_throttle.Calls.Where(c => c.Throttled).Select(c => c.Call.Action).Distinct(), Is.EqualTo(new[] { "RunInstances" }));
            Assert.That(_group.Failures[^1].ToString(), Does.Contain("RequestLimitExceeded"));
        });

        await noCapacity.RevertAsync();
        await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(4)));
        Assert.That(ReplacedNodes(zone), Has.Count.EqualTo(AwsBackedFleet.NodesPerZone), "the group launched once it could");
        await outage.RevertAsync();
    }

    private async Task<Experiment> StartExperimentAsync(CloudApiThrottles throttles)
    {
        var builder = new ExperimentBuilder(await _fleet.LoadAsync(), TestContext.CurrentContext.Test.Name)
            .WithJournalDirectory(_journal)
            .UseKubernetes()
            .UseAws(new Ec2AccessOptions { Credentials = Ec2MachineOptions.EmulatorCredentials, PollInterval = TimeSpan.FromSeconds(1) })
            .WithUndoHandler(throttles);
        builder.Services.Add(throttles);
        return await builder.StartAsync();
    }

    private List<string> ReplacedNodes(string zone)
        => [.. _group.Replacements.Where(r => ZoneNodeNames(zone).Contains(r.Node)).Select(r => r.Node).Distinct()];

    private List<string> ReplacedInstances(string zone)
        => [.. _group.Replacements.Where(r => ZoneNodeNames(zone).Contains(r.Node)).Select(r => r.InstanceId)];

    private HashSet<string> ZoneNodeNames(string zone)
        => [.. _fleet.Embedded[AwsBackedFleet.Cluster].Topology.Nodes().Where(n => n.Zone == zone).Select(n => n.NodeName)];

    /// <summary>The zone's instances of the cluster (by subnet) and their states.</summary>
    private async Task<Dictionary<string, string>> ZoneInstancesAsync(string zone)
    {
        using var ec2 = Ec2World.Connect(_moto.Endpoint);
        var subnet = _fleet.Machines.Estates[AwsBackedFleet.Cluster].SubnetByZone[zone];
        var reservations = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("subnet-id", [subnet])] })).Reservations ?? [];
        return reservations.SelectMany(r => r.Instances ?? []).ToDictionary(i => i.InstanceId, i => i.State.Name.Value);
    }
}
