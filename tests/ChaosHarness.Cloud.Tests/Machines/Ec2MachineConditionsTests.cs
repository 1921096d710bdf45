using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Fleet.Aws;
using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Cloud.Tests.Machines;

/// <summary>How what EC2 reports becomes the condition of each node's machine.</summary>
public sealed class Ec2MachineConditionsTests
{
    [Test]
    public void A_stopped_instance_is_a_stopped_machine_and_a_running_one_in_a_subnet_that_allows_nothing_is_cut_off()
    {
        Instance[] instances = [Node("n-a", "i-1", InstanceStateName.Running, "subnet-a"), Node("n-b", "i-2", InstanceStateName.Stopping, "subnet-b"), Node("n-c", "i-3", InstanceStateName.Running, "subnet-c")];
        NetworkAcl[] acls = [Acl("acl-default", allows: true, "subnet-a", "subnet-b"), Acl("acl-chaos", allows: false, "subnet-c")];

        var conditions = Ec2MachineConditions.From(instances, acls);

        Assert.That(conditions, Is.EquivalentTo(new Dictionary<string, MachineCondition>
        {
            ["n-a"] = MachineCondition.Running,
            ["n-b"] = MachineCondition.Stopped,
            ["n-c"] = MachineCondition.CutOff,
        }));
    }

    [Test]
    public void An_acl_that_allows_inbound_but_no_outbound_traffic_cuts_the_subnet_off_too()
    {
        var oneWay = Acl("acl-one-way", allows: true, "subnet-a");
        oneWay.Entries.RemoveAll(e => e.Egress == true);

        var conditions = Ec2MachineConditions.From([Node("n-a", "i-1", InstanceStateName.Running, "subnet-a")], [oneWay]);

        Assert.That(conditions["n-a"], Is.EqualTo(MachineCondition.CutOff));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_node_whose_instance_was_replaced_follows_the_live_one_whatever_the_order(bool terminatedFirst)
    {
        var terminated = Node("n-a", "i-old", InstanceStateName.Terminated, "subnet-a");
        var replacement = Node("n-a", "i-new", InstanceStateName.Pending, "subnet-a");

        var conditions = Ec2MachineConditions.From(terminatedFirst ? [terminated, replacement] : [replacement, terminated], [Acl("acl-default", allows: true, "subnet-a")]);

        Assert.That(conditions["n-a"], Is.EqualTo(MachineCondition.Running));
    }

    [Test]
    public void An_instance_without_a_node_tag_is_no_nodes_machine()
    {
        var stranger = Node("n-a", "i-1", InstanceStateName.Running, "subnet-a");
        stranger.Tags.Clear();

        Assert.That(Ec2MachineConditions.From([stranger], []), Is.Empty);
    }

    private static Instance Node(string node, string id, InstanceStateName state, string subnet) => new()
    {
        InstanceId = id,
        SubnetId = subnet,
        State = new InstanceState { Name = state },
        Tags = [new Tag(Ec2MachineTags.Node, node)],
    };

    private static NetworkAcl Acl(string id, bool allows, params string[] subnets) => new()
    {
        NetworkAclId = id,
        Entries =
        [
            new NetworkAclEntry { RuleNumber = 100, Egress = false, RuleAction = allows ? RuleAction.Allow : RuleAction.Deny, CidrBlock = "0.0.0.0/0", Protocol = "-1" },
            new NetworkAclEntry { RuleNumber = 100, Egress = true, RuleAction = allows ? RuleAction.Allow : RuleAction.Deny, CidrBlock = "0.0.0.0/0", Protocol = "-1" },
        ],
        Associations = [.. subnets.Select(s => new NetworkAclAssociation { SubnetId = s, NetworkAclAssociationId = $"aclassoc-{s}", NetworkAclId = id })],
    };
}
