using System.Diagnostics;
using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.Traffic;
using ChaosHarness.Fleet.Aws;
using ChaosHarness.Kube;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>
/// The AWS zone outage, through the real SDK against moto, on an embedded fleet whose nodes are moto's instances: the
/// harness reads an ordinary fleet file (provider aws, account endpoint), the outage stops the zone's instances or
/// blackholes its subnets, the fleet's kubelets on them fall silent, the node lifecycle controller marks them NotReady,
/// traffic leaves the zone; revert restores the instances and subnets, and the nodes and traffic come back.
/// </summary>
[Category("Aws")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class AwsBackedFleetTests
{
    private const double Speed = 60;
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "chaos-cloud-tests", $"aws-fleet-{Guid.NewGuid():n}");
    private MotoServer _moto = null!;
    private AwsBackedFleet _fleet = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var started = Stopwatch.StartNew();
        _moto = await MotoServer.StartAsync(TimeSpan.FromSeconds(30));
        TestContext.Progress.WriteLine($"moto listening after {started.ElapsedMilliseconds} ms");
        started.Restart();
        _fleet = await AwsBackedFleet.StartAsync(_moto.Endpoint, Speed);
        TestContext.Progress.WriteLine($"aws-backed embedded fleet started (instances provisioned) after {started.ElapsedMilliseconds} ms");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_fleet is not null) await _fleet.DisposeAsync();
        if (_moto is not null) await _moto.DisposeAsync();
        if (Directory.Exists(_journal)) Directory.Delete(_journal, recursive: true);
    }

    [Test]
    public async Task Each_node_is_a_tagged_instance_in_its_zones_subnet_and_carries_its_aws_provider_id()
    {
        await using var experiment = await StartExperimentAsync();
        foreach (var zone in AwsBackedFleet.Zones)
        {
            await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(5)));
        }

        using var ec2 = Ec2World.Connect(_moto.Endpoint);
        var instances = ((await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations ?? []).SelectMany(r => r.Instances ?? []).ToDictionary(i => i.InstanceId);
        var subnets = ((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest())).Subnets ?? []).ToDictionary(s => s.SubnetId);
        var nodes = experiment.State.All(ResourceKind.Node, AwsBackedFleet.Cluster);

        Assert.That(nodes, Has.Count.EqualTo(AwsBackedFleet.Zones.Length * AwsBackedFleet.NodesPerZone));
        Assert.That(instances, Has.Count.EqualTo(nodes.Count), "one instance per node, nothing more");
        foreach (var node in nodes)
        {
            var zone = node.Label("topology.kubernetes.io/zone")!;
            var providerId = node.Body.Str("spec.providerID")!;
            Assert.That(providerId, Does.Match($"^aws:///{zone}/i-[0-9a-f]+$"), node.Ref.Name);
            var instance = instances[providerId.Split('/')[^1]];
            Assert.Multiple(() =>
            {
                Assert.That(instance.Tags.TagValue(Ec2MachineTags.Node), Is.EqualTo(node.Ref.Name));
                Assert.That(instance.Tags.TagValue(Ec2MachineTags.ClusterKey(AwsBackedFleet.Cluster)), Is.EqualTo("owned"));
                Assert.That(subnets[instance.SubnetId].AvailabilityZone, Is.EqualTo(zone));
                Assert.That(subnets[instance.SubnetId].VpcId, Is.EqualTo(_fleet.Machines.Estates[AwsBackedFleet.Cluster].VpcId));
            });
        }
    }

    [TestCase(AwsZoneOutageMechanism.StopInstances, "us-east-1b")]
    [TestCase(AwsZoneOutageMechanism.BlackholeSubnets, "us-east-1c")]
    public async Task An_AWS_zone_outage_takes_the_zones_nodes_NotReady_and_its_traffic_away_and_revert_brings_both_back(AwsZoneOutageMechanism mechanism, string zone)
    {
        await using var experiment = await StartExperimentAsync();
        experiment.StartTrafficProbe(options: new TrafficProbeOptions { RequestsPerSecond = 2, Timeout = TimeSpan.FromMinutes(1) });
        await experiment.VerifySteadyStateAsync(
            new SteadyStateHypothesisBuilder("aws-backed cluster healthy").NodesReady(AwsBackedFleet.Cluster).TrafficSucceeds(0.95, TimeSpan.FromSeconds(30)).Build(),
            within: TimeSpan.FromMinutes(10));
        var window = TimeSpan.FromSeconds(30);
        await experiment.ExpectAsync(new ZoneServesTraffic(zone, 0.1, TimeSpan.FromMinutes(5), window));

        var fault = await experiment.InjectAsync(AwsZoneOutage.Zone(AwsBackedFleet.Cluster, zone, mechanism));
        var injectedAt = fault.InjectedAt;

        var notReady = await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: false, TimeSpan.FromMinutes(3)));
        var failover = await experiment.ExpectAsync(Expect.FailsOver(ServedBy.Zone(zone), within: TimeSpan.FromMinutes(2), maxShare: 0, successObjective: 0.95, window: window));
        var others = experiment.State.All(ResourceKind.Node, AwsBackedFleet.Cluster).Where(n => n.Label("topology.kubernetes.io/zone") != zone).ToList();
        Assert.That(others.Select(n => n.Body.Condition("Ready")?.Str("status")), Is.All.EqualTo("True"), "the other zones' nodes stay Ready");
        var lastServed = experiment.Traffic!.Since(injectedAt).Samples.Where(s => s.Zone == zone).Select(s => s.At).DefaultIfEmpty(injectedAt).Max();
        TestContext.Progress.WriteLine(
            $"{mechanism}: zone {zone} nodes NotReady {(notReady.DecidedAt - injectedAt).TotalSeconds:0.#} fleet s after the EC2 calls returned; " +
            $"last request served by the zone {(lastServed - injectedAt).TotalSeconds:0.#} fleet s after; failover seen at {(failover.DecidedAt - injectedAt).TotalSeconds:0.#} fleet s");

        await fault.RevertAsync();
        var revertedAt = fault.RevertedAt!.Value;

        var ready = await experiment.ExpectAsync(new ZoneNodesReadiness(AwsBackedFleet.Cluster, zone, ready: true, TimeSpan.FromMinutes(3)));
        var back = await experiment.ExpectAsync(new ZoneServesTraffic(zone, 0.1, TimeSpan.FromMinutes(5), window));
        TestContext.Progress.WriteLine(
            $"{mechanism}: zone {zone} nodes Ready {(ready.DecidedAt - revertedAt).TotalSeconds:0.#} fleet s after revert; traffic back after {(back.DecidedAt - revertedAt).TotalSeconds:0.#} fleet s");
        await AssertEstateRestoredAsync();
    }

    private Task<Experiment> StartExperimentAsync() => StartExperimentAsync(TestContext.CurrentContext.Test.Name);

    private async Task<Experiment> StartExperimentAsync(string name)
        => await new ExperimentBuilder(await _fleet.LoadAsync(), name)
            .WithJournalDirectory(_journal)
            .UseKubernetes()
            .UseAws(new Ec2AccessOptions { Credentials = Ec2MachineOptions.EmulatorCredentials, PollInterval = TimeSpan.FromSeconds(1) })
            .StartAsync();

    /// <summary>Every instance running and every subnet back on its VPC's default ACL, no chaos ACL left.</summary>
    private async Task AssertEstateRestoredAsync()
    {
        using var ec2 = Ec2World.Connect(_moto.Endpoint);
        var instances = ((await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations ?? []).SelectMany(r => r.Instances ?? []).ToList();
        var acls = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest())).NetworkAcls ?? [];
        Assert.Multiple(() =>
        {
            Assert.That(instances.Select(i => i.State.Name.Value), Is.All.EqualTo("running"));
            Assert.That(instances.SelectMany(i => i.Tags ?? []).Select(t => t.Key), Has.None.StartsWith("chaos-harness/"));
            Assert.That(acls.Where(a => a.Tags.TagValue(Ec2ChaosTags.Run) is not null), Is.Empty, "no chaos network ACL left");
        });
    }
}
