using System.Diagnostics;
using System.Reflection;
using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ChaosHarness.Testing.Running;

/// <summary>
/// Runs an assembly of experiments in this process with NUnit's own runner — what <c>chaos gameday</c> and the
/// defect-twin tests use, so neither needs <c>dotnet test</c>. One run at a time per runner.
/// </summary>
public sealed class ExperimentSuiteRunner(Assembly suite)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Assembly Suite { get; } = suite;

    /// <summary>The experiments a selection names, without running them.</summary>
    public IReadOnlyList<ExperimentCase> Discover(SuiteSelection selection)
    {
        var runner = Load(new SuiteRunOptions { Selection = selection });
        var filter = new SelectionFilter(selection);
        var cases = new List<ExperimentCase>();
        Collect(runner.ExploreTests(filter), filter, cases);
        return cases;
    }

    public async Task<SuiteOutcome> RunAsync(SuiteRunOptions options, IProgress<SuiteProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var runner = Load(options);
            var listener = new SuiteListener(progress);
            var started = Stopwatch.GetTimestamp();
            await using (cancellationToken.Register(runner.StopRun).ConfigureAwait(false))
            {
                try
                {
                    runner.RunAsync(listener, new SelectionFilter(options.Selection));
                }
                catch (Exception e)
                {
                    listener.Fail(e);
                }

                await listener.Done.ConfigureAwait(false);
            }

            return new SuiteOutcome(listener.Verdicts, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            _gate.Release();
        }
    }

    private NUnitTestAssemblyRunner Load(SuiteRunOptions options)
    {
        var parameters = new Dictionary<string, string>(options.Parameters);
        if (options.Fleet is not null)
        {
            parameters[ChaosRun.FleetParameter] = Path.GetFullPath(options.Fleet);
        }

        if (options.DryRun)
        {
            parameters[ChaosRun.DryRunParameter] = "true";
        }

        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        var settings = new Dictionary<string, object>
        {
            [FrameworkPackageSettings.TestParametersDictionary] = parameters,
            [FrameworkPackageSettings.NumberOfTestWorkers] = 1,
            [FrameworkPackageSettings.SynchronousEvents] = true,
        };
        var loaded = runner.Load(Suite, settings);
        if (loaded.RunState == RunState.NotRunnable)
        {
            throw new InvalidOperationException($"The suite {Suite.GetName().Name} cannot be run: {loaded.Properties.Get(PropertyNames.SkipReason)}");
        }

        return runner;
    }

    private static void Collect(ITest test, ITestFilter filter, List<ExperimentCase> cases)
    {
        if (!test.IsSuite)
        {
            if (filter.Pass(test) && test.RunState is not RunState.Explicit)
            {
                cases.Add(new ExperimentCase(test.FullName, test.Name, SelectionFilter.Categories(test)));
            }

            return;
        }

        foreach (var child in test.Tests)
        {
            Collect(child, filter, cases);
        }
    }
}
