using Amazon.EC2.Model;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Aws;

/// <summary>
/// Rebuilds, from the tags faults leave in EC2, the undo records of everything runs left in place: the way back when
/// a crashed run's journal is lost with its machine. The records go through the same undo handlers as journaled ones.
/// </summary>
public static class Ec2ChaosLeftovers
{
    /// <param name="only">Only this run's leftovers; null: every run's.</param>
    public static async Task<IReadOnlyList<(RunId Run, UndoRecord Undo)>> FindAsync(Ec2Gateway ec2, RunId? only, CancellationToken cancellationToken)
    {
        var leftovers = new List<(RunId, UndoRecord)>();
        var stoppedFilter = only is { } run ? new Filter($"tag:{Ec2ChaosTags.StoppedByRun}", [run.Value]) : new Filter("tag-key", [Ec2ChaosTags.StoppedByRun]);
        var stopped = await ec2.InstancesAsync([stoppedFilter], cancellationToken).ConfigureAwait(false);
        foreach (var group in stopped.GroupBy(i => (Run: i.Tags.TagValue(Ec2ChaosTags.StoppedByRun)!, Cluster: i.Tags.TagValue(Ec2ChaosTags.Cluster) ?? "?", Zone: i.Placement?.AvailabilityZone ?? "?")))
        {
            var ids = group.Select(i => i.InstanceId).Order(StringComparer.Ordinal).ToList();
            leftovers.Add((new RunId(group.Key.Run), Ec2InstanceStop.Record(group.Key.Cluster, ec2.Connection, group.Key.Zone, ids)));
        }

        var aclFilter = only is { } r ? new Filter($"tag:{Ec2ChaosTags.Run}", [r.Value]) : new Filter("tag-key", [Ec2ChaosTags.Run]);
        foreach (var acl in await ec2.NetworkAclsAsync([aclFilter], cancellationToken).ConfigureAwait(false))
        {
            var tags = acl.Tags;
            var original = new SubnetAclAssociation(
                tags.TagValue(Ec2ChaosTags.Subnet) ?? throw new InvalidOperationException($"Chaos network ACL {acl.NetworkAclId} lacks its {Ec2ChaosTags.Subnet} tag."),
                new NetworkAcl { NetworkAclId = tags.TagValue(Ec2ChaosTags.OriginalAcl) ?? throw new InvalidOperationException($"Chaos network ACL {acl.NetworkAclId} lacks its {Ec2ChaosTags.OriginalAcl} tag.") },
                tags.TagValue(Ec2ChaosTags.OriginalAssociation) ?? "?");
            leftovers.Add((
                new RunId(tags.TagValue(Ec2ChaosTags.Run)!),
                Ec2SubnetBlackhole.Record(tags.TagValue(Ec2ChaosTags.Cluster) ?? "?", ec2.Connection, tags.TagValue(Ec2ChaosTags.Zone) ?? "?", acl.VpcId, original)));
        }

        return leftovers;
    }
}
