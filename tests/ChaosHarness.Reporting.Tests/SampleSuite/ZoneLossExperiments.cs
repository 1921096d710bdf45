using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Annotations;

namespace ChaosHarness.Reporting.SampleSuite;

[TestFixture]
[Category("Sample")]
[Author("sre-oncall")]
[Epic("Progressive rollouts")]
[Feature("Zone loss")]
public sealed class ZoneLossExperiments
{
    public const string Token = "tok-SAMPLE-5ecr3t-9f8e7d";

    [OneTimeSetUp]
    public void StartFleet()
    {
        using var fixture = Report.Before("start embedded fleet");
    }

    [OneTimeTearDown]
    public void StopFleet()
    {
        using var fixture = Report.After("stop embedded fleet");
    }

    [Test]
    [Story("halts")]
    [Severity(Severity.Critical)]
    [Link("runbook", "https://runbooks.example/zone-loss")]
    [Description("The rollout stops advancing while a zone is down.")]
    public async Task RolloutHaltsWhenZoneIsLost()
    {
        using (Report.Step("steady state"))
        {
            Report.Parameter("nodes ready", "6/6");
        }

        using (Report.Step("inject zone outage"))
        {
            await Task.Yield();
            using (Report.Step("stop the zone's nodes"))
            {
                await Task.Yield();
                Report.AttachText("nodes", "node-a\nnode-b");
            }
        }
    }

    [Test]
    public void ExpectationFails()
    {
        using (Report.Step("expect the rollout halts"))
        {
            Assert.Fail("Expectation failed: rollout halts within 2m: saw step 3 -> 4");
        }
    }

    [Test]
    public void InfrastructureBreaks()
    {
        using (Report.Step("drive the rollout"))
        {
            throw new InvalidOperationException("Infrastructure error: API server unreachable");
        }
    }

    [Test]
    public void SteadyStateNotMet() => Assert.Inconclusive("Steady state not met: 2 nodes NotReady");

    [Test]
    public void IgnoredWhileRunning() => Assert.Ignore("no second region today");

    [Test]
    [Ignore("zone loss emulation is not ready")]
    public void IgnoredByAttribute()
    {
    }

    [Test]
    public void Warns() => Assert.Warn("error budget at 90%");

    [TestCase("eu-west-1", 3)]
    [TestCase("us-east-1", 5)]
    public void FailsOverPerRegion(string region, int zones)
    {
        using var step = Report.Step($"fail over {region}");
        Assert.That(zones, Is.GreaterThan(0));
    }

    [TestCase(Token)]
    public void LogsInWithToken([Secret] string token)
    {
        Report.AttachText("client log", $"GET /api with bearer {token}");
        Assert.Fail($"Expectation failed: login with {token} was refused");
    }
}
