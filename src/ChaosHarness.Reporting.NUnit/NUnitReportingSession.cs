using System.Collections.Concurrent;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Lifecycle;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ChaosHarness.Reporting.NUnit;

/// <summary>The tests and fixture containers of this test assembly's run, keyed by NUnit's test ids.</summary>
internal sealed class NUnitReportingSession
{
    private readonly ConcurrentDictionary<string, RunningTest> _runningTests = new();
    private readonly ConcurrentDictionary<string, RunningContainer> _fixtureContainers = new();
    private readonly ConcurrentDictionary<string, RunningContainer> _testContainers = new();
    private readonly ConcurrentDictionary<string, byte> _reported = new();
    private readonly TestResultFactory _results;

    public NUnitReportingSession(AllureLifecycle lifecycle)
    {
        Lifecycle = lifecycle;
        _results = new TestResultFactory(lifecycle.Secrets);
        lifecycle.AmbientItem = AmbientTest;
        lifecycle.AmbientContainer = AmbientContainer;
        lifecycle.Writer.WriteCategories(HarnessCategories.All);
    }

    public AllureLifecycle Lifecycle { get; }

    public void TestStarting(ITest test)
    {
        if (NUnitTestCases.Describe(test) is not { } description)
        {
            return;
        }

        var running = Lifecycle.StartTest(_results.Create(description));
        _runningTests[test.Id] = running;
        _reported[test.Id] = 0;
        if (NUnitTestCases.Fixture(test) is { } fixture)
        {
            Lifecycle.AddChild(FixtureContainer(fixture.Id, fixture.FullName), running);
        }
    }

    public void TestFinished(ITest test)
    {
        if (!_runningTests.TryRemove(test.Id, out var running))
        {
            return;
        }

        var result = TestContext.CurrentContext.Result;
        Lifecycle.StopTest(running, NUnitOutcome.ToStatus(result.Outcome), NUnitOutcome.Details(result.Message, result.StackTrace));
        if (_testContainers.TryRemove(test.Id, out var container))
        {
            Lifecycle.StopContainer(container);
        }
    }

    public void FixtureFinished(ITest fixture)
    {
        if (_fixtureContainers.TryGetValue(fixture.Id, out var container))
        {
            Lifecycle.StopContainer(container);
        }
    }

    /// <summary>
    /// Reports every test of the run that never reached the hooks: ignored tests (NUnit runs no hooks for them) and
    /// tests whose fixture's one-time set-up failed. Their outcomes are in NUnit's result tree by the time the
    /// assembly's actions run.
    /// </summary>
    public void AssemblyFinished(ITestResult assemblyResult)
    {
        foreach (var result in Leaves(assemblyResult))
        {
            if (_reported.ContainsKey(result.Test.Id) || NUnitTestCases.Describe(result.Test) is not { } description)
            {
                continue;
            }

            var notRun = _results.Create(description);
            Lifecycle.WriteNotRun(notRun, NUnitOutcome.ToStatus(result.ResultState), NUnitOutcome.Details(result.Message, result.StackTrace));
            _reported[result.Test.Id] = 0;
        }

        foreach (var container in _fixtureContainers.Values.Where(c => !c.IsStopped))
        {
            Lifecycle.StopContainer(container);
        }
    }

    private RunningContainer FixtureContainer(string fixtureId, string name) =>
        _fixtureContainers.GetOrAdd(fixtureId, _ => Lifecycle.StartContainer(name));

    private RunningTest? AmbientTest() =>
        TestContext.CurrentContext.Test.ID is { } id && _runningTests.TryGetValue(id, out var test) ? test : null;

    /// <summary>In a one-time set-up or tear-down, the fixture class's container; in a set-up or tear-down, one for that test alone.</summary>
    private RunningContainer? AmbientContainer()
    {
        var current = TestContext.CurrentContext.Test;
        if (current.ID is not { } id)
        {
            return null;
        }

        if (_runningTests.TryGetValue(id, out var test))
        {
            return _testContainers.GetOrAdd(id, _ =>
            {
                var container = Lifecycle.StartContainer(current.FullName);
                Lifecycle.AddChild(container, test);
                return container;
            });
        }

        return current.IsSuite && current.Type is not null ? FixtureContainer(id, current.FullName) : null;
    }

    private static IEnumerable<ITestResult> Leaves(ITestResult result) =>
        result.HasChildren ? result.Children.SelectMany(Leaves) : result.Test.IsSuite ? [] : [result];
}
