using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Tests.Expectations;

public class RejoinsTests : ExpectationTestBase
{
    private void Serve(params string[] regions)
    {
        var now = Clock.GetUtcNow();
        for (var i = 0; i < regions.Length; i++)
        {
            Traffic.Add(new TrafficSample(now - TimeSpan.FromMilliseconds((regions.Length - 1 - i) * 1000.0 / regions.Length), true, 200, TimeSpan.FromMilliseconds(20), regions[i], regions[i] + "a", null, "v1", null));
        }
    }

    [Test]
    public async Task Passes_once_the_region_serves_its_share_again()
    {
        var running = Start(Expect.Rejoins(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(60), minShare: 0.2, window: TimeSpan.FromSeconds(10)));
        for (var second = 0; second < 10; second++)
        {
            Serve("us-east", "us-east", "ap-southeast", "ap-southeast");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        for (var second = 0; second < 20 && !running.IsCompleted; second++)
        {
            Serve("eu-west", "us-east", "ap-southeast", "eu-west");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        var result = await Settle(running);
        Assert.That(result.Seen, Does.Contain("region eu-west served"));
        Assert.That(result.Took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(11)));
    }

    [Test]
    public async Task Fails_when_the_region_never_gets_traffic_back_naming_what_it_saw()
    {
        var running = Start(Expect.Rejoins(ServedBy.Region("eu-west"), within: TimeSpan.FromSeconds(20), minShare: 0.2));
        for (var second = 0; second < 22 && !running.IsCompleted; second++)
        {
            Serve("us-east", "us-east", "ap-southeast", "ap-southeast");
            await Elapse(TimeSpan.FromSeconds(1), running);
        }

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: Rejoins(region eu-west, within 20s, share ≥ 20%"));
        Assert.That(e.Result.Seen, Does.Contain("region eu-west served 0.0% of successful requests"));
    }
}
