using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.StopConditions;
using ChaosHarness.Kube;
using ChaosHarness.Reporting;

namespace ChaosHarness.Testing;

/// <summary>
/// The base of an experiment written as an NUnit test: each test gets its <see cref="Experiment"/> (fleet, journal,
/// timeline, clock, watches) with cancellation tied to NUnit's timeout, and every fault is reverted when the test
/// ends — passed, failed, timed out or cancelled. Expectations fail the test with their message; an unhealthy
/// steady state makes it inconclusive; the timeline is attached to the result.
/// </summary>
public abstract class ChaosExperiment
{
    private CancellationTokenSource? _cancellation;
    private Experiment? _experiment;

    protected Experiment Experiment => _experiment ?? throw new InvalidOperationException("The experiment starts in [SetUp].");

    protected Fleet Fleet => Experiment.Fleet;

    protected TimeProvider Clock => Experiment.Clock;

    /// <summary>Adds to the experiment: stop conditions, dry run, options. The default uses Kubernetes.</summary>
    protected virtual ExperimentBuilder Configure(ExperimentBuilder builder) => builder;

    [SetUp]
    public async Task StartExperimentAsync()
    {
        var fleet = await ChaosRun.FleetAsync(TestContext.CurrentContext.CancellationToken).ConfigureAwait(false);
        _cancellation = new CancellationTokenSource();
        var builder = new ExperimentBuilder(fleet, TestContext.CurrentContext.Test.FullName)
            .WithOutput(TestContext.Progress)
            .WithJournalDirectory(Path.Combine(ChaosRun.ReportsDirectory(), "journal"))
            .WithDryRun(ChaosRun.DryRun)
            .UseKubernetes();
        _experiment = await Configure(builder).StartAsync(_cancellation.Token).ConfigureAwait(false);
        ChaosRun.Track(_experiment);
    }

    [TearDown]
    public async Task EndExperimentAsync()
    {
        if (_experiment is null)
        {
            return;
        }

        try
        {
            await _experiment.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            ChaosRun.Untrack(_experiment);
            AttachTimeline(_experiment);
            _cancellation?.Dispose();
            _experiment = null;
        }
    }

    /// <summary>Checks the steady state; if it does not hold, the test is inconclusive and nothing is injected.</summary>
    protected Task SteadyStateAsync(SteadyStateHypothesis hypothesis, TimeSpan? within = null)
        => StepAsync($"steady state: {hypothesis.Name}", async () =>
        {
            try
            {
                return await Experiment.VerifySteadyStateAsync(hypothesis, within).ConfigureAwait(false);
            }
            catch (ExperimentInconclusiveException e)
            {
                Assert.Inconclusive(e.Message);
                throw;
            }
        });

    protected Task<IInjectedFault> InjectAsync(IFault fault)
        => StepAsync($"inject {fault.Name} on {fault.Target}", () => Experiment.InjectAsync(fault));

    /// <summary>Waits for the expectation; fails the test with its message (name, what was seen, the timeline) if it is not met.</summary>
    protected Task<ExpectationResult> ExpectAsync(Expectation expectation)
        => StepAsync($"expect {expectation.Name}", async () =>
        {
            try
            {
                var result = await Experiment.ExpectAsync(expectation).ConfigureAwait(false);
                TestContext.Progress.WriteLine($"✓ {result.Name}: {result.Seen} ({result.Took.TotalSeconds:0.#} fleet s)");
                return result;
            }
            catch (Exception e) when (e is ExpectationFailedException or ExperimentStoppedException)
            {
                Assert.Fail(e.Message);
                throw;
            }
        });

    /// <summary>Reverts a fault now (it would be reverted at the end of the test anyway).</summary>
    protected Task RevertAsync(IInjectedFault fault)
        => StepAsync($"revert {fault.Name}", async () =>
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

    private static void AttachTimeline(Experiment experiment)
    {
        if (experiment.Services.Find<Kube.Access.KubernetesFleet>() is { } kubernetes)
        {
            var rates = kubernetes.Ledger.Rates(experiment.Timeline.Origin, experiment.Clock.GetUtcNow());
            TestContext.Progress.WriteLine($"API requests per fleet minute: {rates}");
            Report.AttachText("API requests per fleet minute", rates);
        }

        var directory = Path.Combine(ChaosRun.ReportsDirectory(), "timelines");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{Sanitize(experiment.Name)}-{experiment.Run}.txt");
        foreach (var chart in ExperimentCharts.For(experiment))
        {
            Report.AttachPng(chart.Title, Reporting.Charts.ChartRenderer.RenderPng(chart));
        }

        var text = $"{experiment.Name}{Environment.NewLine}run {experiment.Run} on {experiment.Fleet}{Environment.NewLine}{experiment.Timeline.Format()}";
        File.WriteAllText(file, text);
        TestContext.AddTestAttachment(file, "timeline (fleet time)");
        Report.AttachText("timeline (fleet time)", text);
    }

    private static string Sanitize(string name)
        => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').Take(120).ToArray());
}
