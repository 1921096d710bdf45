using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;
using ChaosHarness.Reporting.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Reporting.Tests;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset NightStart = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private string _directory = "";
    private FakeTimeProvider _clock = null!;
    private AllureLifecycle _lifecycle = null!;

    [SetUp]
    public void CreateLifecycle()
    {
        _directory = Directory.CreateTempSubdirectory("allure-lifecycle-").FullName;
        _clock = new FakeTimeProvider(NightStart);
        _lifecycle = new AllureLifecycle(new AllureResultsWriter(_directory), _clock);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void StepsNestAndTakeTheirTimesFromTheTimeProvider()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "halts" });
        using (_lifecycle.Step("inject zone outage"))
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            using (_lifecycle.Step("cordon nodes"))
            {
                _clock.Advance(TimeSpan.FromSeconds(3));
            }
        }

        _lifecycle.StopTest(test, Status.Passed);

        var result = AllureResultsFolder.ReadResults(_directory).Single();
        var inject = result.Steps.Single();
        var start = NightStart.ToUnixTimeMilliseconds();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((inject.Name, inject.Start, inject.Stop, inject.Status), Is.EqualTo(("inject zone outage", start, start + 5000, Status.Passed)));
            Assert.That(inject.Steps.Single().Start, Is.EqualTo(start + 2000));
            Assert.That((result.Start, result.Stop, result.Stage), Is.EqualTo((start, start + 5000, Stage.Finished)));
        }
    }

    [Test]
    public async Task AStepStartedInAnAwaitedMethodNestsUnderTheStepThatAwaitedIt()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "fails over" });
        using (_lifecycle.Step("expect traffic fails over"))
        {
            await ProbeAsync("eu-west-1");
        }

        using (_lifecycle.Step("revert"))
        {
        }

        _lifecycle.StopTest(test, Status.Passed);

        var steps = AllureResultsFolder.ReadResults(_directory).Single().Steps;
        Assert.That(steps.Select(s => (s.Name, s.Steps.Select(c => c.Name).ToList())), Is.EqualTo(new[]
        {
            ("expect traffic fails over", new List<string> { "probe eu-west-1" }),
            ("revert", new List<string>()),
        }));
    }

    [Test]
    public async Task ParallelBranchesEachNestUnderTheirOwnParent()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "probes" });
        using (_lifecycle.Step("probe all regions"))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => ProbeAsync($"region {i}"))));
        }

        _lifecycle.StopTest(test, Status.Passed);

        var probe = AllureResultsFolder.ReadResults(_directory).Single().Steps.Single();
        Assert.That(probe.Steps.Select(s => s.Name), Is.EquivalentTo(Enumerable.Range(0, 8).Select(i => $"probe region {i}")));
    }

    [Test]
    public void AStepTakesItsStatusFromTheExceptionLeavingIt()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "statuses" });
        Assert.Throws<AssertionException>(() =>
        {
            using var step = _lifecycle.Step("a failed assertion");
            Assert.Fail("saw step 4");
        });
        Assert.Throws<TimeoutException>(() =>
        {
            using var step = _lifecycle.Step("a harness error");
            throw new TimeoutException("Infrastructure error: watch timed out");
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var step = _lifecycle.Step("an expectation");
            throw new InvalidOperationException("Expectation failed: rollout halts");
        });
        using (_lifecycle.Step("an exception handled inside"))
        {
            try
            {
                throw new InvalidOperationException("retried");
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            throw new InvalidOperationException("outer");
        }
        catch (InvalidOperationException)
        {
            using var step = _lifecycle.Step("a revert inside a catch block");
        }

        _lifecycle.StopTest(test, Status.Failed);

        var steps = AllureResultsFolder.ReadResults(_directory).Single().Steps;
        Assert.That(steps.Select(s => (s.Name, s.Status, s.StatusDetails?.Message)), Is.EqualTo(new (string, Status?, string?)[]
        {
            ("a failed assertion", Status.Failed, "saw step 4"),
            ("a harness error", Status.Broken, "Infrastructure error: watch timed out"),
            ("an expectation", Status.Failed, "Expectation failed: rollout halts"),
            ("an exception handled inside", Status.Passed, null),
            ("a revert inside a catch block", Status.Passed, null),
        }));
    }

    [Test]
    public async Task AnAsyncStepTakesItsStatusFromTheAwaitedFailure()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "async" });
        await Assert.ThrowsAsync<TimeoutException>(() => _lifecycle.StepAsync("wait for the rollout to halt", async ct =>
        {
            await Task.Yield();
            throw new TimeoutException("no halt within 2m");
        }));
        await _lifecycle.StepAsync("revert", async ct => await Task.Yield());
        _lifecycle.StopTest(test, Status.Broken);

        var steps = AllureResultsFolder.ReadResults(_directory).Single().Steps;
        Assert.That(steps.Select(s => (s.Name, s.Status)), Is.EqualTo(new (string, Status?)[] { ("wait for the rollout to halt", Status.Broken), ("revert", Status.Passed) }));
    }

    [Test]
    public void AStepStillRunningWhenItsTestStopsIsMarkedInterrupted()
    {
        var test = _lifecycle.StartTest(new TestResult { Name = "abandoned" });
        _lifecycle.StartStep("watch rollout", parent: test);
        _lifecycle.StopTest(test, Status.Broken);

        var step = AllureResultsFolder.ReadResults(_directory).Single().Steps.Single();
        Assert.That((step.Stage, step.Status), Is.EqualTo((Stage.Interrupted, (Status?)Status.Broken)));
    }

    [Test]
    public void WithNoTestRunningAStepRecordsNothingAndDoesNotThrow()
    {
        using (var step = _lifecycle.Step("outside any test"))
        {
            Assert.That(step.Running, Is.Null);
        }

        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void AContainerIsRewrittenWhenATearDownEndsAfterItStopped()
    {
        var container = _lifecycle.StartContainer("ZoneLossExperiments");
        using (_lifecycle.Before("start embedded fleet", container))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var test = _lifecycle.StartTest(new TestResult { Name = "halts" });
        _lifecycle.AddChild(container, test);
        _lifecycle.StopTest(test, Status.Passed);
        _lifecycle.StopContainer(container);
        Assert.That(AllureResultsFolder.ReadContainers(_directory).Single().Afters, Is.Empty);

        Assert.Throws<InvalidOperationException>(() =>
        {
            using var after = _lifecycle.After("stop embedded fleet", container);
            throw new InvalidOperationException("Infrastructure error: fleet did not stop");
        });

        var written = AllureResultsFolder.ReadContainers(_directory).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written.Children, Is.EqualTo(new[] { test.Uuid }));
            Assert.That(written.Befores.Single().Status, Is.EqualTo(Status.Passed));
            Assert.That(written.Afters.Single().Status, Is.EqualTo(Status.Broken));
        }
    }

    [Test]
    public void AContainerWithoutFixturesIsNotWritten()
    {
        var container = _lifecycle.StartContainer("empty");
        var test = _lifecycle.StartTest(new TestResult { Name = "halts" });
        _lifecycle.AddChild(container, test);
        _lifecycle.StopTest(test, Status.Passed);
        _lifecycle.StopContainer(container);

        Assert.That(Directory.GetFiles(_directory, "*-container.json"), Is.Empty);
    }

    private async Task ProbeAsync(string region)
    {
        await Task.Yield();
        using var step = _lifecycle.Step($"probe {region}");
        await Task.Yield();
    }
}
