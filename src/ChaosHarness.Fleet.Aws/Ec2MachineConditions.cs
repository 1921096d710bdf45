using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Fleet.Aws;

/// <summary>
/// Reads, from what EC2 reports, the condition of each node's machine: an instance that is not pending or running is
/// stopped; a running one whose subnet's network ACL allows nothing in or nothing out is cut off.
/// </summary>
public static class Ec2MachineConditions
{
    public static IReadOnlyDictionary<string, MachineCondition> From(IEnumerable<Instance> instances, IEnumerable<NetworkAcl> acls)
    {
        var cutOffSubnets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var acl in acls)
        {
            foreach (var association in acl.Associations ?? [])
            {
                var current = new SubnetAclAssociation(association.SubnetId, acl, association.NetworkAclAssociationId);
                if (current.DeniesAll(egress: false) || current.DeniesAll(egress: true)) cutOffSubnets.Add(association.SubnetId);
            }
        }

        var conditions = new Dictionary<string, MachineCondition>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (Ec2NodeInstances.NodeOf(instance) is not { } node) continue;
            var condition = !Ec2NodeInstances.IsUp(instance) ? MachineCondition.Stopped
                : cutOffSubnets.Contains(instance.SubnetId ?? "") ? MachineCondition.CutOff
                : MachineCondition.Running;

            // A node whose instance was replaced has two: the one that is up wins.
            if (!conditions.TryGetValue(node, out var seen) || seen == MachineCondition.Stopped) conditions[node] = condition;
        }

        return conditions;
    }
}
