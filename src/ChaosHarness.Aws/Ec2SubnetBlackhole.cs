using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Cloud;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Aws;

/// <summary>
/// Cuts a subnet off: a new network ACL with explicit deny-all entries, tagged with the run and what the subnet had
/// before, swapped in for the subnet's ACL. Undone by swapping the original ACL back (through the subnet's current
/// association: its id changes on every replace) and deleting the chaos ACL, found by its tags.
/// </summary>
public sealed class Ec2SubnetBlackhole(Ec2Access access) : IUndoHandler
{
    private const int DenyAllRule = 100;
    private const int DenyAllIpv6Rule = 101;

    public string Kind => AwsUndoKinds.SubnetBlackhole;

    public static UndoRecord Record(string cluster, AwsConnection connection, string zone, string vpcId, SubnetAclAssociation original)
    {
        var data = new JsonObject
        {
            ["zone"] = zone,
            ["vpcId"] = vpcId,
            ["subnetId"] = original.SubnetId,
            ["originalAclId"] = original.AclId,
            ["originalAssociationId"] = original.AssociationId,
        };
        connection.WriteTo(data);
        return new UndoRecord(AwsUndoKinds.SubnetBlackhole, cluster, $"subnet {original.SubnetId} in {zone} (network ACL {original.AclId})", data);
    }

    public static async ValueTask ApplyAsync(Ec2Gateway ec2, UndoRecord planned, bool ipv6, RunId run, string faultId, CancellationToken cancellationToken)
    {
        var subnetId = planned.RequireString("subnetId");
        var originalAclId = planned.RequireString("originalAclId");
        var current = await ec2.AclAssociationAsync(subnetId, cancellationToken).ConfigureAwait(false);
        if (current.AclId != originalAclId)
        {
            throw new CloudFaultException($"Subnet {subnetId}'s network ACL changed since the fault was planned (was {originalAclId}, is {current.AclId}): someone else is changing it; refusing to swap it.");
        }

        var created = await ec2.CallAsync(
            "CreateNetworkAcl",
            (c, ct) => c.CreateNetworkAclAsync(
                new CreateNetworkAclRequest
                {
                    VpcId = planned.RequireString("vpcId"),
                    TagSpecifications =
                    [
                        new TagSpecification
                        {
                            ResourceType = ResourceType.NetworkAcl,
                            Tags =
                            [
                                new Tag("Name", $"chaos-blackhole-{subnetId}"),
                                new Tag(Ec2ChaosTags.Run, run.Value),
                                new Tag(Ec2ChaosTags.Fault, faultId),
                                new Tag(Ec2ChaosTags.Cluster, planned.Cluster),
                                new Tag(Ec2ChaosTags.Subnet, subnetId),
                                new Tag(Ec2ChaosTags.Zone, planned.RequireString("zone")),
                                new Tag(Ec2ChaosTags.OriginalAcl, originalAclId),
                                new Tag(Ec2ChaosTags.OriginalAssociation, current.AssociationId),
                            ],
                        },
                    ],
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        var chaosAclId = created.NetworkAcl.NetworkAclId;
        foreach (var egress in new[] { false, true })
        {
            await DenyAsync(ec2, chaosAclId, DenyAllRule, egress, "0.0.0.0/0", null, cancellationToken).ConfigureAwait(false);
            if (ipv6)
            {
                await DenyAsync(ec2, chaosAclId, DenyAllIpv6Rule, egress, null, "::/0", cancellationToken).ConfigureAwait(false);
            }
        }

        await ec2.CallAsync(
            "ReplaceNetworkAclAssociation",
            (c, ct) => c.ReplaceNetworkAclAssociationAsync(new ReplaceNetworkAclAssociationRequest { AssociationId = current.AssociationId, NetworkAclId = chaosAclId }, ct),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var ec2 = access.For(AwsConnection.ReadFrom(undo));
        var subnetId = undo.RequireString("subnetId");
        var originalAclId = undo.RequireString("originalAclId");
        var current = await ec2.AclAssociationAsync(subnetId, cancellationToken).ConfigureAwait(false);
        if (current.ChaosRun == run.Value && current.Acl.Tags.TagValue(Ec2ChaosTags.Subnet) == subnetId)
        {
            await ec2.CallAsync(
                "ReplaceNetworkAclAssociation",
                (c, ct) => c.ReplaceNetworkAclAssociationAsync(new ReplaceNetworkAclAssociationRequest { AssociationId = current.AssociationId, NetworkAclId = originalAclId }, ct),
                cancellationToken).ConfigureAwait(false);
        }

        var chaosAcls = await ec2.NetworkAclsAsync(
            [new Filter($"tag:{Ec2ChaosTags.Run}", [run.Value]), new Filter($"tag:{Ec2ChaosTags.Subnet}", [subnetId])],
            cancellationToken).ConfigureAwait(false);
        foreach (var acl in chaosAcls)
        {
            var associated = (acl.Associations ?? []).Select(a => a.SubnetId).ToList();
            if (associated.Count > 0)
            {
                throw new InvalidOperationException($"Chaos network ACL {acl.NetworkAclId} of run {run} is still associated with {string.Join(", ", associated)}; it was left in place.");
            }

            await ec2.CallAsync("DeleteNetworkAcl", (c, ct) => c.DeleteNetworkAclAsync(new DeleteNetworkAclRequest { NetworkAclId = acl.NetworkAclId }, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<CreateNetworkAclEntryResponse> DenyAsync(Ec2Gateway ec2, string aclId, int rule, bool egress, string? cidr, string? ipv6Cidr, CancellationToken cancellationToken)
        => ec2.CallAsync(
            "CreateNetworkAclEntry",
            (c, ct) => c.CreateNetworkAclEntryAsync(
                new CreateNetworkAclEntryRequest
                {
                    NetworkAclId = aclId,
                    RuleNumber = rule,
                    Protocol = "-1",
                    RuleAction = RuleAction.Deny,
                    Egress = egress,
                    CidrBlock = cidr,
                    Ipv6CidrBlock = ipv6Cidr,
                },
                ct),
            cancellationToken);
}
