using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Tests.Expectations;

/// <summary>Traffic expectations judge only windows whose every request has its answer: a dark region's requests answer late.</summary>
public class InFlightTrafficTests : ExpectationTestBase
{
    private TrafficSample Ok(DateTimeOffset at, string region) => new(at, true, 200, TimeSpan.FromMilliseconds(20), region, region + "a", null, "v1", null);

    [Test]
    public async Task FailsOver_does_not_pass_on_a_window_whose_slow_requests_have_not_answered_yet()
    {
        var stuckAt = Clock.GetUtcNow();
        Traffic.Begin(stuckAt);
        var running = Start(Expect.FailsOver(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(40), window: TimeSpan.FromSeconds(10)));
        for (var second = 0; second < 30; second++)
        {
            for (var i = 0; i < 5; i++)
            {
                Traffic.Add(Ok(Clock.GetUtcNow() - TimeSpan.FromMilliseconds(100 + 200 * i), "us-east"));
            }

            await Elapse(TimeSpan.FromSeconds(1), running);
            Assert.That(running.IsCompleted, Is.False, $"passed at {second + 1}s while a request sent at 0s had no answer");
        }

        Traffic.Add(new TrafficSample(stuckAt, false, 504, TimeSpan.FromSeconds(30), "eu-west", null, null, null, "HTTP 504"));
        await Elapse(TimeSpan.FromSeconds(2), running);

        var result = await Settle(running);
        Assert.That(result.Seen, Does.Contain("region eu-west served 0.0% of successful requests, success 100.0%"));
    }
}
