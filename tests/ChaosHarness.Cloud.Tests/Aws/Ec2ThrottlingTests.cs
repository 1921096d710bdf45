using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using ChaosHarness.Aws;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>The throttle in front of moto answers as EC2 does, and the harness rides out a share of it.</summary>
public sealed class Ec2ThrottlingTests : MotoTestBase
{
    [TestCase(Ec2ThrottleCode.RequestLimitExceeded, 503)]
    [TestCase(Ec2ThrottleCode.Throttling, 400)]
    public async Task The_sdk_reads_the_throttles_answer_as_ec2s_own_throttling_error(Ec2ThrottleCode code, int status)
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2) { InjectionRate = 1, Ec2ErrorCode = code });
        using var client = new AmazonEC2Client(
            new BasicAWSCredentials("testing", "testing"),
            new AmazonEC2Config { ServiceURL = throttle.Endpoint.ToString(), AuthenticationRegion = Ec2World.Region, MaxErrorRetry = 0 });

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(async () => await client.DescribeInstancesAsync(new DescribeInstancesRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(code.ToString()));
            Assert.That((int)error.StatusCode, Is.EqualTo(status));
            Assert.That(error.RequestId, Is.Not.Empty);
            Assert.That(throttle.Calls.Single().Call.Action, Is.EqualTo("DescribeInstances"));
        });
    }

    [Test]
    public async Task The_sdks_standard_retry_mode_also_retries_the_throttles_answer()
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2) { InjectionRate = 1 });
        using var client = new AmazonEC2Client(
            new BasicAWSCredentials("testing", "testing"),
            new AmazonEC2Config { ServiceURL = throttle.Endpoint.ToString(), AuthenticationRegion = Ec2World.Region, RetryMode = RequestRetryMode.Standard, MaxErrorRetry = 2 });

        await Assert.ThrowsAsync<AmazonEC2Exception>(async () => await client.DescribeVpcsAsync(new DescribeVpcsRequest()));

        Assert.That(throttle.ThrottledCount, Is.EqualTo(3));
    }

    [Test]
    public async Task A_zone_outage_rides_out_a_throttled_api_and_reverts_exactly()
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2) { InjectionRate = 0.5, Seed = 42 });
        var (run, ec2) = await StartRunAsync(throttle.Endpoint, options: TestCredentials(new CloudRetryOptions { MaxAttempts = 10, JitterSeed = 5 }));
        await using var _ = run;
        using var __ = ec2;

        var fault = await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);
        var cutOff = await World.AclOfSubnetAsync(World.SubnetByZone[Ec2World.Zones[0]]);
        await fault.RevertAsync();

        Assert.That(cutOff.Tags?.Any(t => t.Key == Ec2ChaosTags.Run), Is.True);
        Assert.That(throttle.ThrottledCount, Is.GreaterThan(0), "the throttle did throttle");
        Assert.That(throttle.ForwardedCount, Is.GreaterThan(0));
        await AssertUnchangedAsync();
    }

    [Test]
    public async Task Only_matching_calls_are_throttled()
    {
        await using var throttle = await CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Moto.Endpoint, CloudApiDialect.Ec2)
        {
            InjectionRate = 1,
            Matches = call => call.Action == "StopInstances",
        });
        var (run, ec2) = await StartRunAsync(throttle.Endpoint, options: TestCredentials(new CloudRetryOptions { MaxAttempts = 2, JitterSeed = 5 }));
        await using var _ = run;
        using var __ = ec2;

        await Assert.ThrowsAsync<Core.Faults.FaultInjectionException>(
            async () => await run.Injector.InjectAsync(AwsZoneOutage.Zone(Ec2World.ClusterName, Ec2World.Zones[0], AwsZoneOutageMechanism.StopInstances), CancellationToken.None));

        Assert.That(throttle.Calls.Where(c => c.Throttled).Select(c => c.Call.Action).Distinct(), Is.EqualTo(new[] { "StopInstances" }));
        Assert.That(throttle.Calls.Where(c => !c.Throttled).Select(c => c.Call.Action), Does.Contain("DescribeInstances").And.Contain("CreateTags").And.Contain("DeleteTags"));
        await AssertUnchangedAsync();
    }
}
