using System.Collections.Concurrent;
using NUnit.Framework.Interfaces;

namespace ChaosHarness.Testing.Running;

/// <summary>Turns NUnit's events of one run into verdicts and progress, and signals when the run is over.</summary>
internal sealed class SuiteListener(IProgress<SuiteProgress>? progress) : ITestListener
{
    private readonly ConcurrentDictionary<string, string> _fullNames = new();
    private readonly List<ExperimentVerdict> _verdicts = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public IReadOnlyList<ExperimentVerdict> Verdicts
    {
        get
        {
            lock (_verdicts)
            {
                return [.. _verdicts];
            }
        }
    }

    public void TestStarted(ITest test)
    {
        if (!test.IsSuite)
        {
            _fullNames[test.Id] = test.FullName;
            progress?.Report(new SuiteProgress.Started(test.FullName, test.Name));
        }
    }

    public void TestFinished(ITestResult result)
    {
        if (result.Test.Parent is null)
        {
            _done.TrySetResult();
            return;
        }

        if (result.Test.IsSuite)
        {
            return;
        }

        var verdict = new ExperimentVerdict(
            result.FullName,
            result.Name,
            OutcomeOf(result.ResultState),
            string.IsNullOrWhiteSpace(result.Message) ? null : result.Message,
            TimeSpan.FromSeconds(result.Duration),
            SelectionFilter.Categories(result.Test));
        lock (_verdicts)
        {
            _verdicts.Add(verdict);
        }

        progress?.Report(new SuiteProgress.Finished(verdict));
    }

    public void TestOutput(TestOutput output)
    {
        if (progress is not null && output.TestId is { } id && _fullNames.TryGetValue(id, out var fullName))
        {
            foreach (var line in output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                progress.Report(new SuiteProgress.Output(fullName, line.TrimEnd('\r')));
            }
        }
    }

    public void SendMessage(TestMessage message)
    {
    }

    public void Fail(Exception exception) => _done.TrySetException(exception);

    private static ExperimentOutcome OutcomeOf(ResultState state) => state.Status switch
    {
        TestStatus.Passed or TestStatus.Warning => ExperimentOutcome.Passed,
        TestStatus.Inconclusive => ExperimentOutcome.Inconclusive,
        TestStatus.Skipped => ExperimentOutcome.Skipped,
        _ when state.Label is "Error" or "Cancelled" || state.Site is FailureSite.SetUp or FailureSite.TearDown or FailureSite.Parent
            => ExperimentOutcome.Error,
        _ => ExperimentOutcome.Failed,
    };
}
