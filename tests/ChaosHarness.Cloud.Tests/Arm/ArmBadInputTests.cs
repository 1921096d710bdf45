using Azure.Core.Pipeline;
using Azure.Identity;
using ChaosHarness.Azure;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Arm;

/// <summary>Every refusal is clear and leaves the scale sets and the journal as they were; a failure midway reverts what was done.</summary>
public sealed class ArmBadInputTests : ArmTestBase
{
    [Test]
    public async Task A_zone_the_clusters_scale_sets_do_not_span_is_refused()
    {
        var (run, _) = await StartRunAsync(Arm.Endpoint, zones: [.. Zones, "eastus-4"]);
        await using var __ = run;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-4"), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("zone 'eastus-4' (Azure zone 4) is not a zone of cluster 'prod-eus''s scale sets (zones: 1, 2, 3)"));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_zone_without_running_instances_of_the_cluster_is_refused()
    {
        Arm.SetPowerState("aks-system-vmss", "2", "PowerState/stopped");
        Arm.SetPowerState("aks-user-vmss", "4", "PowerState/stopped");
        Arm.SetPowerState("aks-user-vmss", "5", "PowerState/stopped");
        Rebaseline();
        var (run, _) = await StartRunAsync(Arm.Endpoint);
        await using var __ = run;

        var refused = await Assert.ThrowsAsync<CloudFaultException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-3"), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("no running instance of cluster 'prod-eus''s scale sets in eastus-3"));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_credential_that_yields_no_token_fails_clearly_before_anything_is_sent()
    {
        // EnvironmentCredential finds no AZURE_TENANT_ID/AZURE_CLIENT_ID/… here: the first link of DefaultAzureCredential's chain.
        var options = TestOptions() with { Credential = new EnvironmentCredential() };
        var (run, _) = await StartRunAsync(Arm.Endpoint, options);
        await using var __ = run;

        var refused = await Assert.ThrowsAsync<CloudCredentialsException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("No Azure token").And.Contain("Nothing was sent"));
        Assert.That(Arm.Requests, Is.Empty);
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_fully_throttled_arm_fails_clearly_and_nothing_is_done()
    {
        await using var throttle = await StartThrottleAsync(1, null);
        var (run, _) = await StartRunAsync(throttle.Endpoint, TestOptions(new CloudRetryOptions { MaxAttempts = 3, JitterSeed = 2 }));
        await using var __ = run;

        var failed = await Assert.ThrowsAsync<CloudApiThrottledException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None));

        Assert.That(failed!.Message, Does.Contain("throttled ARM list virtualMachineScaleSets").And.Contain("TooManyRequests").And.Contain("all 3 attempt(s)"));
        Assert.That(throttle.ThrottledCount, Is.EqualTo(3));
        await AssertNothingDoneAsync(run);
    }

    [Test]
    public async Task A_zone_outage_rides_out_a_throttled_arm_through_retry_after_and_reverts_exactly()
    {
        await using var throttle = await StartThrottleAsync(0.4, null);
        var (run, _) = await StartRunAsync(throttle.Endpoint, TestOptions(new CloudRetryOptions { MaxAttempts = 12, JitterSeed = 2 }));
        await using var __ = run;
        var started = run.Fleet.Clock.GetUtcNow();

        var fault = await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None);
        var off = Arm.PowerStates().Count(s => s.EndsWith("stopped", StringComparison.Ordinal));
        await fault.RevertAsync();

        Assert.That(off, Is.EqualTo(3));
        Assert.That(throttle.Calls.Where(c => c.Throttled).Select(c => c.Call.Action), Does.Contain("virtualMachines").And.Some.Matches<string>(a => Guid.TryParse(a, out _)),
            "throttled calls include listings and long-running operation polls");
        Assert.That(run.Fleet.Clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(throttle.ThrottledCount * 2)), "each throttled call waited the Retry-After of 2 s (fleet time)");
        AssertUnchanged();
        AssertNoUnexpectedCalls();
    }

    [Test]
    public async Task A_failure_midway_starts_again_the_instances_already_powered_off()
    {
        var powerOffs = 0;
        await using var throttle = await StartThrottleAsync(1, call => call.Action.Equals("poweroff", StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref powerOffs) > 1);
        var (run, _) = await StartRunAsync(throttle.Endpoint, TestOptions(new CloudRetryOptions { MaxAttempts = 2, JitterSeed = 2 }));
        await using var __ = run;

        var failed = await Assert.ThrowsAsync<FaultInjectionException>(async () => await run.Injector.InjectAsync(AzureZoneOutage.Zone(ClusterName, "eastus-1"), CancellationToken.None));

        Assert.That(failed!.Message, Does.Contain("failed after 1 of 2 change(s)").And.Contain("Everything applied was reverted"));
        Assert.That(Arm.Requests.Count(r => r.Contains("/start", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(2), "both planned changes were undone (starting never-stopped instances is harmless)");
        AssertUnchanged();
        Assert.That(await run.JournalKindsAsync(), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Reverted }));
    }

    private Task<CloudApiThrottle> StartThrottleAsync(double rate, Func<CloudApiCall, bool>? matches)
        => CloudApiThrottle.StartAsync(new CloudApiThrottleOptions(Arm.Endpoint, CloudApiDialect.Arm)
        {
            InjectionRate = rate,
            Seed = 9,
            Matches = matches,
            ArmRetryAfter = TimeSpan.FromSeconds(2),
            ServerCertificate = TestCertificate.Loopback,
            UpstreamHandler = TestCertificate.TrustingHandler(),
        });

    private async Task AssertNothingDoneAsync(HarnessRun run)
    {
        AssertUnchanged();
        Assert.That(Arm.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)), Is.Empty);
        Assert.That(await run.JournalKindsAsync(), Is.Empty);
    }
}
