using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Aws;

/// <summary>
/// The Auto Scaling group behind an EC2-backed cluster's nodes, one per cluster, as a control loop of the cluster: every
/// health check interval it finds the nodes without a pending or running instance, terminates their stopped instances
/// (an unhealthy instance is replaced, not restarted) and launches a replacement into the node's zone. All of it through
/// <see cref="Ec2NodeGroupOptions.Endpoint"/>: with a throttle there denying RunInstances, a zone stays down for want of
/// replacement capacity — AWS FIS's AZ availability scenario. A replacement takes over its node's name (the fleet's
/// topology is fixed); the Node keeps the provider id it registered with.
/// </summary>
public sealed class Ec2NodeGroup(Ec2BackedInfrastructure machines, Ec2NodeGroupOptions? options = null) : IClusterController
{
    private readonly Ec2NodeGroupOptions _options = options ?? new Ec2NodeGroupOptions();

    public string Name => "ec2-node-group";

    /// <summary>Replacements launched so far, by node name, oldest first: what the group did.</summary>
    public IReadOnlyList<(string Node, string InstanceId)> Replacements
    {
        get { lock (_replacements) return [.. _replacements]; }
    }

    /// <summary>Health checks that could not replace every unhealthy machine, with why, oldest first.</summary>
    public IReadOnlyList<Exception> Failures
    {
        get { lock (_replacements) return [.. _failures]; }
    }

    private readonly List<(string Node, string InstanceId)> _replacements = [];
    private readonly List<Exception> _failures = [];

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        if (!machines.Backs(cluster.Topology)) return;
        var estate = machines.Estates.GetValueOrDefault(cluster.Name)
                     ?? throw new InvalidOperationException($"Cluster {cluster.Name} has no EC2 machines: the fleet's machine backend must be the node group's.");
        await using var access = new Ec2Access(cluster.Clock, _options.Access);
        var ec2 = access.For(new AwsConnection(estate.Ec2.Connection.Region, _options.Endpoint ?? machines.Endpoint));
        try
        {
            while (true)
            {
                await Task.Delay(_options.HealthCheckInterval, cluster.Clock, cancellationToken).ConfigureAwait(false);
                try
                {
                    await ReplaceUnhealthyAsync(ec2, estate, cluster, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    lock (_replacements) _failures.Add(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReplaceUnhealthyAsync(Ec2Gateway ec2, Ec2ClusterEstate estate, SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var byNode = (await ec2.OfClusterAsync(estate, cancellationToken).ConfigureAwait(false))
            .Where(i => Ec2NodeInstances.NodeOf(i) is not null)
            .ToLookup(i => Ec2NodeInstances.NodeOf(i)!, StringComparer.Ordinal);
        var unhealthy = cluster.Topology.Nodes().Where(n => !byNode[n.NodeName].Any(Ec2NodeInstances.IsUp)).ToList();
        if (unhealthy.Count == 0) return;

        var stopped = unhealthy.SelectMany(n => byNode[n.NodeName]).Where(i => !Ec2NodeInstances.IsGone(i)).Select(i => i.InstanceId).ToList();
        if (stopped.Count > 0)
        {
            await ec2.CallAsync("TerminateInstances", (c, ct) => c.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = stopped }, ct), cancellationToken).ConfigureAwait(false);
        }

        // One launch per node: a launch that fails (no capacity, throttled) leaves the rest to be tried, and itself to the next check.
        var failures = new List<Exception>();
        foreach (var (zone, node) in unhealthy)
        {
            try
            {
                var launched = await ec2.LaunchAsync(estate, zone, node, InstanceTypeOf(byNode[node]), cancellationToken).ConfigureAwait(false);
                lock (_replacements) _replacements.Add((node, launched.InstanceId));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0) throw new AggregateException($"The node group of {cluster.Name} could not replace {failures.Count} of {unhealthy.Count} machine(s).", failures);
    }

    private static string InstanceTypeOf(IEnumerable<Instance> previous)
        => previous.Select(i => i.InstanceType?.Value).FirstOrDefault(t => t is not null) ?? InstanceType.T3Medium.Value;
}
