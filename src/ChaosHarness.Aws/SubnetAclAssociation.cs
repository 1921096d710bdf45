using Amazon.EC2.Model;

namespace ChaosHarness.Aws;

/// <summary>A subnet's current network ACL and the id of the association that binds them.</summary>
public sealed record SubnetAclAssociation(string SubnetId, NetworkAcl Acl, string AssociationId)
{
    public string AclId => Acl.NetworkAclId;

    public string? ChaosRun => Acl.Tags.TagValue(Ec2ChaosTags.Run);

    /// <summary>True when the ACL lets nothing in or nothing out: the subnet is already cut off.</summary>
    public bool DeniesAll(bool egress)
        => !(Acl.Entries ?? []).Any(e => (e.Egress ?? false) == egress && e.RuleAction?.Value == "allow");
}
