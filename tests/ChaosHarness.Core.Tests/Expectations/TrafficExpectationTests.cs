using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Tests.Expectations;

public class TrafficExpectationTests : ExpectationTestBase
{
    /// <summary>Records <paramref name="count"/> requests over the last second, the first <paramref name="failed"/> failing.</summary>
    private void Serve(int count, string region, int failed = 0)
    {
        var now = Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var ok = i >= failed;
            Traffic.Add(new TrafficSample(now - TimeSpan.FromMilliseconds((count - 1 - i) * 1000.0 / count), ok, ok ? 200 : 503, TimeSpan.FromMilliseconds(20), ok ? region : null, ok ? region + "a" : null, null, "v1", ok ? null : "HTTP 503"));
        }
    }

    [Test]
    public async Task FailsOver_passes_once_the_lost_region_serves_no_more_traffic_with_success_above_objective()
    {
        var running = Start(Expect.FailsOver(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(60), maxShare: 0.01, successObjective: 0.95, window: TimeSpan.FromSeconds(10)));
        for (var second = 0; second < 10; second++)
        {
            Serve(5, "eu-west");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        for (var second = 0; second < 12 && !running.IsCompleted; second++)
        {
            Serve(5, "us-east");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        var result = await Settle(running);
        Assert.That(result.Seen, Does.Contain("region eu-west served 0.0% of successful requests"));
        Assert.That(result.Took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(15)));
    }

    [Test]
    public async Task FailsOver_fails_when_traffic_stays_in_the_lost_region()
    {
        var running = Start(Expect.FailsOver(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(20), window: TimeSpan.FromSeconds(10)));
        for (var second = 0; second < 22 && !running.IsCompleted; second++)
        {
            Serve(5, "eu-west");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: FailsOver(from region eu-west, within 20s"));
        Assert.That(e.Result.Seen, Does.Contain("region eu-west served 100.0% of successful requests"));
    }

    [Test]
    public async Task FailsOver_is_not_met_while_success_is_below_the_objective()
    {
        var running = Start(Expect.FailsOver(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(15), successObjective: 0.99, window: TimeSpan.FromSeconds(5)));
        for (var second = 0; second < 16 && !running.IsCompleted; second++)
        {
            Serve(10, "us-east", failed: 2);
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Match(@"success 8\d\.\d%"));
    }

    [Test]
    public async Task HoldsErrorBudget_passes_within_budget_and_fails_over_it()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        Serve(100, "eu-west", failed: 1);
        var within = await Settle(Start(Expect.HoldsErrorBudget(0.02)));
        Assert.That(within.Seen, Is.EqualTo("1 of 100 requests failed (1.00%); budget 2.00% — 1× HTTP 503"));

        Serve(100, "eu-west", failed: 10);
        var e = await Fails(Start(Expect.HoldsErrorBudget(0.02)));
        Assert.That(e.Message, Does.StartWith("Expectation failed: HoldsErrorBudget(≤ 2.00% failed) after 0 fleet seconds: 11 of 200"));
        Assert.That(e.Result.Seen, Is.EqualTo("11 of 200 requests failed (5.50%); budget 2.00% — 11× HTTP 503"));
    }

    [Test]
    public async Task HoldsErrorBudget_over_a_span_waits_for_its_end()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        var running = Start(Expect.HoldsErrorBudget(0.5, over: TimeSpan.FromSeconds(10)));
        Serve(10, "eu-west", failed: 9);
        await Elapse(TimeSpan.FromSeconds(5), running);
        Assert.That(running.IsCompleted, Is.False);

        Serve(30, "eu-west");
        await Elapse(TimeSpan.FromSeconds(6), running);

        var result = await Settle(running);
        Assert.That(result.Seen, Does.StartWith("9 of 40 requests failed"));
    }

    [Test]
    public async Task HoldsErrorBudget_with_no_traffic_at_all_fails()
    {
        var e = await Fails(Start(Expect.HoldsErrorBudget(0.01)));

        Assert.That(e.Result.Seen, Does.Contain("no request was recorded"));
    }
}
