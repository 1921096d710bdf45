namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>The state of a moto estate that faults touch, comparable as a whole.</summary>
public sealed record Ec2Snapshot(IReadOnlyList<string> Instances, IReadOnlyList<string> SubnetAcls, IReadOnlyList<string> AclIds)
{
    public override string ToString()
        => $"instances:\n  {string.Join("\n  ", Instances)}\nsubnet ACLs:\n  {string.Join("\n  ", SubnetAcls)}\nACLs: {string.Join(", ", AclIds)}";

    public bool SameAs(Ec2Snapshot other)
        => Instances.SequenceEqual(other.Instances) && SubnetAcls.SequenceEqual(other.SubnetAcls) && AclIds.SequenceEqual(other.AclIds);
}
