using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.StopConditions;
using ChaosHarness.Kube;
using ChaosHarness.Reporting;
using NUnit.Framework.Interfaces;

namespace ChaosHarness.Testing;

/// <summary>
/// The base of an experiment written as an NUnit test: each test gets its <see cref="Experiment"/> (fleet, journal,
/// timeline, clock, watches) with cancellation tied to NUnit's timeout, and every fault is reverted when the test
/// ends — passed, failed, timed out or cancelled. Expectations fail the test with their message; an unhealthy
/// steady state makes it inconclusive. The report gets its parameters and labels as it goes, and when it ends the
/// timeline (table, JSON, text), the journal entries and the charts — and, when it did not pass, the YAML of the
/// objects it is about and their recent events (docs/reporting.md).
/// </summary>
public abstract class ChaosExperiment
{
    private CancellationTokenSource? _cancellation;
    private Experiment? _experiment;
    private ExperimentDescription? _description;
    private FailureEvidence? _evidence;

    protected Experiment Experiment => _experiment ?? throw new InvalidOperationException("The experiment starts in [SetUp].");

    protected Fleet Fleet => Experiment.Fleet;

    protected TimeProvider Clock => Experiment.Clock;

    /// <summary>Adds to the experiment: stop conditions, dry run, options. The default uses Kubernetes.</summary>
    protected virtual ExperimentBuilder Configure(ExperimentBuilder builder) => builder;

    [SetUp]
    public async Task StartExperimentAsync()
    {
        using (Report.Before("start the experiment: fleet, journal, Kubernetes access"))
        {
            var fleet = await ChaosRun.FleetAsync(TestContext.CurrentContext.CancellationToken).ConfigureAwait(false);
            RunEnvironment.RegisterSecrets(fleet);
            _cancellation = new CancellationTokenSource();
            var builder = new ExperimentBuilder(fleet, TestContext.CurrentContext.Test.FullName)
                .WithOutput(TestContext.Progress)
                .WithJournalDirectory(Path.Combine(ChaosRun.ReportsDirectory(), "journal"))
                .WithDryRun(ChaosRun.DryRun)
                .UseKubernetes();
            _experiment = await Configure(builder).StartAsync(_cancellation.Token).ConfigureAwait(false);
            ChaosRun.Track(_experiment);
            await RunEnvironment.DescribeOnceAsync(_experiment, TestContext.CurrentContext.CancellationToken).ConfigureAwait(false);
        }

        _description = ExperimentDescription.Begin(_experiment, GetType().Name);
    }

    [TearDown]
    public async Task EndExperimentAsync()
    {
        if (_experiment is not { } experiment)
        {
            return;
        }

        FailureEvidence? evidence = null;
        try
        {
            using var tearDown = Report.After("end the experiment: revert every fault still in place, close the journal");
            if (TestContext.CurrentContext.Result.Outcome.Status is TestStatus.Failed or TestStatus.Inconclusive or TestStatus.Warning)
            {
                // The objects as they were at the failure (or now); then the faults go (reverting comes first), then the events are read.
                evidence = _evidence ?? FailureEvidence.Snapshot(experiment);
                await RevertBeforeReadingEventsAsync(experiment).ConfigureAwait(false);
                await evidence.ReadEventsAsync(experiment, CancellationToken.None).ConfigureAwait(false);
            }

            await experiment.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            ChaosRun.Untrack(experiment);
            try
            {
                ExperimentAttachments.Attach(experiment);
                evidence?.Attach();
            }
            finally
            {
                _cancellation?.Dispose();
                _experiment = null;
                _description = null;
                _evidence = null;
            }
        }
    }

    /// <summary>Checks the steady state; if it does not hold, the test is inconclusive and nothing is injected.</summary>
    protected Task SteadyStateAsync(SteadyStateHypothesis hypothesis, TimeSpan? within = null)
    {
        Description.Hypothesis(hypothesis, within);
        return StepAsync($"steady state: {hypothesis.Name}", async () =>
        {
            try
            {
                return await Experiment.VerifySteadyStateAsync(hypothesis, within).ConfigureAwait(false);
            }
            catch (ExperimentInconclusiveException e)
            {
                _evidence ??= FailureEvidence.Snapshot(Experiment);
                Assert.Inconclusive(e.Message);
                throw;
            }
        });
    }

    /// <summary>Injects the fault; its revert (by <see cref="RevertAsync"/>, <c>await using</c> or the end of the test) is a step of the report too.</summary>
    protected async Task<IInjectedFault> InjectAsync(IFault fault)
    {
        Description.Fault(fault);
        var injected = await StepAsync($"inject {fault.Name} on {fault.Target}", () => Experiment.InjectAsync(fault)).ConfigureAwait(false);
        return new ReportedFault(injected, StepAsync);
    }

    /// <summary>Waits for the expectation; fails the test with its message (name, what was seen, the timeline) if it is not met.</summary>
    protected Task<ExpectationResult> ExpectAsync(Expectation expectation)
    {
        Description.Expectation(expectation);
        return StepAsync($"expect {expectation.Name}", async () =>
        {
            Report.Parameter("deadline", ExperimentDescription.FleetTime(expectation.Deadline));
            try
            {
                var result = await Experiment.ExpectAsync(expectation).ConfigureAwait(false);
                TestContext.Progress.WriteLine($"✓ {result.Name}: {result.Seen} ({result.Took.TotalSeconds:0.#} fleet s)");
                return result;
            }
            catch (Exception e) when (e is ExpectationFailedException or ExperimentStoppedException { FromOutside: false })
            {
                // The objects as they are now: the experiment's own 'await using' may revert its faults before [TearDown].
                _evidence ??= FailureEvidence.Snapshot(Experiment);
                Assert.Fail(e.Message);
                throw;
            }
        });
    }

    /// <summary>Reverts a fault now (it would be reverted at the end of the test anyway).</summary>
    protected Task RevertAsync(IInjectedFault fault)
        => fault is ReportedFault reported
            ? reported.RevertAsync().AsTask()
            : StepAsync($"revert {fault.Name}", async () =>
            {
                await fault.RevertAsync().ConfigureAwait(false);
                return true;
            });

    /// <summary>
    /// Runs one step of the experiment as a report step, with NUnit's cancellation (timeout) flowing into the experiment
    /// and harness or infrastructure failures named as such.
    /// </summary>
    protected async Task<T> StepAsync<T>(string name, Func<Task<T>> step)
    {
        using var registration = TestContext.CurrentContext.CancellationToken.Register(() => _cancellation?.Cancel());
        return await Report.StepAsync(name, async _ =>
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception e) when (HarnessFailures.Classify(e) is { } classified)
            {
                throw classified;
            }
        }).ConfigureAwait(false);
    }

    private ExperimentDescription Description => _description ?? throw new InvalidOperationException("The experiment starts in [SetUp].");

    private static async Task RevertBeforeReadingEventsAsync(Experiment experiment)
    {
        try
        {
            await experiment.RevertAllAsync().ConfigureAwait(false);
        }
        catch (AggregateException)
        {
            // Disposing the experiment tries every revert again and reports what still fails.
        }
    }
}
