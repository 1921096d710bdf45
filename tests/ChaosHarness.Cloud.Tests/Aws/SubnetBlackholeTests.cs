using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Aws;

public sealed class SubnetBlackholeTests : MotoTestBase
{
    [Test]
    public async Task A_blackhole_swaps_the_zones_subnet_to_a_tagged_deny_all_acl_and_revert_restores_the_original_and_deletes_it()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;
        var zone = Ec2World.Zones[1];
        var subnet = World.SubnetByZone[zone];
        var original = await World.AclOfSubnetAsync(subnet);

        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, zone, AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);

        var chaos = await World.AclOfSubnetAsync(subnet);
        var tags = (chaos.Tags ?? []).ToDictionary(t => t.Key, t => t.Value);
        var entries = (chaos.Entries ?? []).Select(e => $"{(e.Egress == true ? "out" : "in")} {e.RuleNumber} {e.RuleAction.Value} {e.Protocol} {e.CidrBlock}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(chaos.NetworkAclId, Is.Not.EqualTo(original.NetworkAclId));
            Assert.That(tags[Ec2ChaosTags.Run], Is.EqualTo(run.Run.Value));
            Assert.That(tags[Ec2ChaosTags.OriginalAcl], Is.EqualTo(original.NetworkAclId));
            Assert.That(tags[Ec2ChaosTags.OriginalAssociation], Is.EqualTo(original.Associations!.Single(a => a.SubnetId == subnet).NetworkAclAssociationId));
            Assert.That(entries, Does.Contain("in 100 deny -1 0.0.0.0/0").And.Contain("out 100 deny -1 0.0.0.0/0"));
            Assert.That((chaos.Entries ?? []).Where(e => e.RuleAction.Value == "allow"), Is.Empty);
        });
        foreach (var otherZone in Ec2World.Zones.Where(z => z != zone))
        {
            Assert.That((await World.AclOfSubnetAsync(World.SubnetByZone[otherZone])).NetworkAclId, Is.EqualTo(original.NetworkAclId), $"{otherZone} is untouched");
        }

        await fault.DisposeAsync();

        await AssertUnchangedAsync();
        Assert.That(await run.JournalKindsAsync(), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Injected, JournalEntryKind.Reverted }));
    }

    [Test]
    public async Task A_region_blackhole_cuts_off_every_subnet_of_the_clusters_vpc_but_no_other_vpc()
    {
        var otherVpc = (await World.Client.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.9.0.0/16" })).Vpc.VpcId;
        var otherSubnet = (await World.Client.CreateSubnetAsync(new CreateSubnetRequest { VpcId = otherVpc, CidrBlock = "10.9.0.0/24", AvailabilityZone = Ec2World.Zones[0] })).Subnet.SubnetId;
        var before = await World.SnapshotAsync();
        var otherAcl = (await World.AclOfSubnetAsync(otherSubnet)).NetworkAclId;
        var (run, ec2) = await StartRunAsync(Moto.Endpoint, AwsTestFleet.WholeRegion);
        await using var _ = run;
        using var __ = ec2;

        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Region(Ec2World.ClusterName, AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);

        foreach (var subnet in World.SubnetByZone.Values)
        {
            var acl = await World.AclOfSubnetAsync(subnet);
            Assert.That(acl.Tags?.FirstOrDefault(t => t.Key == Ec2ChaosTags.Run)?.Value, Is.EqualTo(run.Run.Value), $"{subnet} is cut off");
        }

        Assert.That((await World.AclOfSubnetAsync(otherSubnet)).NetworkAclId, Is.EqualTo(otherAcl));

        await fault.RevertAsync();

        var after = await World.SnapshotAsync();
        Assert.That(after.SameAs(before), Is.True, $"before:\n{before}\nafter:\n{after}");
    }

    [Test]
    public async Task The_undo_is_idempotent_and_restores_through_the_current_association_whose_id_changed()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;
        await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[2], AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);
        var undo = (await run.EntriesAsync()).Single(e => e.Kind == JournalEntryKind.Intent).Undo!;

        using var other = new Ec2Access(run.Fleet.Clock, TestCredentials());
        var handlers = new UndoHandlers().AddAws(other);
        var failures = (await handlers.UndoAllAsync(undo, run.Run, CancellationToken.None)).Concat(await handlers.UndoAllAsync(undo, run.Run, CancellationToken.None));

        Assert.That(failures, Is.Empty);
        await AssertUnchangedAsync();
    }
}
