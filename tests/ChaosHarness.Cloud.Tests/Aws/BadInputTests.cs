using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>Every refusal is clear and leaves the estate and the journal as they were; a failure midway reverts what was done.</summary>
public sealed class BadInputTests : MotoTestBase
{
    // The cluster has no instance in the last zone.
    protected override int[] InstancesPerZone => [2, 2, 0];

    [TestCase(AwsZoneOutageMechanism.StopInstances)]
    [TestCase(AwsZoneOutageMechanism.BlackholeSubnets)]
    public async Task A_zone_that_is_not_in_the_region_is_refused(AwsZoneOutageMechanism mechanism)
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint, zones: ["us-east-1a", "us-west-2a"]);
        await using var _ = run;
        using var __ = ec2;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, "us-west-2a", mechanism), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("zone 'us-west-2a' is not in region us-east-1").And.Contain("nothing was changed"));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_zone_without_running_instances_of_the_cluster_is_refused()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[2], AwsZoneOutageMechanism.StopInstances), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain($"no running instance of cluster '{Ec2World.ClusterName}'").And.Contain(Ec2World.Zones[2]));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_subnet_someone_else_already_swapped_to_a_deny_all_acl_is_refused()
    {
        var subnet = World.SubnetByZone[Ec2World.Zones[0]];
        var theirs = (await World.Client.CreateNetworkAclAsync(new CreateNetworkAclRequest { VpcId = World.VpcId })).NetworkAcl.NetworkAclId;
        await World.Client.CreateNetworkAclEntryAsync(new CreateNetworkAclEntryRequest { NetworkAclId = theirs, RuleNumber = 10, Protocol = "-1", RuleAction = RuleAction.Deny, Egress = false, CidrBlock = "0.0.0.0/0" });
        var association = (await World.AclOfSubnetAsync(subnet)).Associations!.Single(a => a.SubnetId == subnet).NetworkAclAssociationId;
        await World.Client.ReplaceNetworkAclAssociationAsync(new ReplaceNetworkAclAssociationRequest { AssociationId = association, NetworkAclId = theirs });
        var before = await World.SnapshotAsync();
        var (run, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = run;
        using var __ = ec2;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain($"subnet {subnet} is already cut off by network ACL {theirs}").And.Contain("someone else"));
        Assert.That((await World.SnapshotAsync()).SameAs(before), Is.True);
        Assert.That(await run.JournalKindsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_subnet_another_run_holds_is_refused_and_left_to_that_run()
    {
        var (first, ec2) = await StartRunAsync(Moto.Endpoint);
        await using var _ = first;
        using var __ = ec2;
        var held = await first.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);
        var during = await World.SnapshotAsync();
        var (second, ec2b) = await StartRunAsync(Moto.Endpoint);
        await using var ___ = second;
        using var ____ = ec2b;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(
            async () => await second.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain($"by run {first.Run}"));
        Assert.That((await World.SnapshotAsync()).SameAs(during), Is.True);
        await held.RevertAsync();
        await AssertUnchangedAsync();
    }

    [Test]
    public async Task Missing_credentials_fail_clearly_before_anything_is_sent()
    {
        var (run, ec2) = await StartRunAsync(Moto.Endpoint, options: new Ec2AccessOptions(), profile: "no-such-profile");
        await using var _ = run;
        using var __ = ec2;

        var refused = await Assert.ThrowsAsync<CloudCredentialsException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.StopInstances), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("AWS profile 'no-such-profile'").And.Contain("nothing was sent"));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_fully_throttled_api_fails_clearly_and_nothing_is_done()
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2) { InjectionRate = 1, Seed = 1 });
        var (run, ec2) = await StartRunAsync(throttle.Endpoint, options: TestCredentials(new CloudRetryOptions { MaxAttempts = 4, JitterSeed = 3 }));
        await using var _ = run;
        using var __ = ec2;

        var failed = await Assert.ThrowsAsync<CloudApiThrottledException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.StopInstances), CancellationToken.None));

        Assert.That(failed!.Message, Does.Contain("throttled EC2 DescribeAvailabilityZones").And.Contain("RequestLimitExceeded").And.Contain("all 4 attempt(s)"));
        Assert.That(throttle.ThrottledCount, Is.EqualTo(4));
        Assert.That(throttle.ForwardedCount, Is.Zero);
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_failure_midway_reverts_the_subnets_already_cut_off_and_deletes_the_half_made_acl()
    {
        var entries = 0;
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2)
        {
            InjectionRate = 1,
            // The first subnet's two deny entries go through; from the second subnet's on, EC2 throttles entry creation for good.
            Matches = call => call.Action == "CreateNetworkAclEntry" && Interlocked.Increment(ref entries) > 2,
        });
        var (run, ec2) = await StartRunAsync(throttle.Endpoint, AwsTestFleet.WholeRegion, options: TestCredentials(new CloudRetryOptions { MaxAttempts = 3, JitterSeed = 3 }));
        await using var _ = run;
        using var __ = ec2;

        var failed = await Assert.ThrowsAsync<FaultInjectionException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Region(Ec2World.ClusterName, AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None));

        Assert.That(failed!.Message, Does.Contain("failed after 1 of 3 change(s)").And.Contain("Everything applied was reverted"));
        Assert.That(failed.InnerException, Is.InstanceOf<CloudApiThrottledException>());
        Assert.That(failed.RevertFailures, Is.Empty);
        await AssertUnchangedAsync();
        Assert.That(await run.JournalKindsAsync(), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Reverted }));
    }

    private async Task AssertNothingDoneAsync(HarnessRun run)
    {
        await AssertUnchangedAsync();
        Assert.That(await run.JournalKindsAsync(), Is.Empty, "nothing was journaled: nothing was about to be changed");
    }
}
