using System.Globalization;
using System.Text.RegularExpressions;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Reporting;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Testing;

/// <summary>
/// Describes a running experiment in the report as it goes: parameters (fleet, run, hypothesis, faults, deadlines,
/// error budget) and the Behaviors tab's labels — epic: the fault family; feature: the experiment; story: each
/// expectation's kind. Labels an experiment sets itself ([Epic], [Feature], [Story], [Severity]) win.
/// </summary>
internal sealed partial class ExperimentDescription
{
    private readonly bool _annotatedEpic;
    private readonly bool _annotatedFeature;
    private readonly bool _annotatedStory;

    private ExperimentDescription(bool annotatedEpic, bool annotatedFeature, bool annotatedStory)
    {
        _annotatedEpic = annotatedEpic;
        _annotatedFeature = annotatedFeature;
        _annotatedStory = annotatedStory;
    }

    /// <summary>Call once the experiment started, inside its test.</summary>
    public static ExperimentDescription Begin(Experiment experiment, string experimentClass)
    {
        var description = new ExperimentDescription(Report.HasLabel(LabelNames.Epic), Report.HasLabel(LabelNames.Feature), Report.HasLabel(LabelNames.Story));
        if (!description._annotatedFeature)
        {
            Report.LabelOnce(LabelNames.Feature, Sentence(experimentClass));
        }

        Report.DefaultLabel(LabelNames.Severity, "normal");
        Report.TestParameter("fleet", experiment.Fleet.ToString());
        Report.TestParameter("run", experiment.Run.Value);
        if (experiment.Options.DryRun)
        {
            Report.TestParameter("dry run", "yes: nothing was changed");
        }

        return description;
    }

    public void Hypothesis(SteadyStateHypothesis hypothesis, TimeSpan? within)
    {
        Report.TestParameter("hypothesis", $"{hypothesis.Name}: {string.Join("; ", hypothesis.Checks.Select(c => c.Name))}");
        Report.TestParameter("steady state within", FleetTime(within ?? TimeSpan.Zero));
    }

    public void Fault(IFault fault)
    {
        if (!_annotatedEpic)
        {
            Report.LabelOnce(LabelNames.Epic, FaultFamily.Of(fault));
        }

        Report.TestParameter("fault", $"{fault.Name} on {fault.Target}");
    }

    public void Expectation(Expectation expectation)
    {
        var kind = Words(expectation.GetType().Name);
        if (!_annotatedStory)
        {
            Report.LabelOnce(LabelNames.Story, kind);
        }

        if (expectation is HoldsErrorBudget budget)
        {
            Report.TestParameter("error budget", $"{(budget.Budget * 100).ToString("0.##", CultureInfo.InvariantCulture)} % of requests{(budget.Over > TimeSpan.Zero ? $" over {FleetTime(budget.Over)}" : "")}");
        }
        else
        {
            Report.TestParameter($"deadline: {kind}", FleetTime(expectation.Deadline));
        }
    }

    public static string FleetTime(TimeSpan span) =>
        (span.TotalSeconds % 1 == 0 ? span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) : span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)) + " s fleet time";

    /// <summary>"HoldsErrorBudget" → "holds error budget"; "Zone_loss_during_rollout" → "zone loss during rollout".</summary>
    public static string Words(string identifier) =>
        Spaces().Replace(CamelCase().Replace(identifier.Replace('_', ' '), " $1"), " ").Trim().ToLowerInvariant();

    /// <summary>"ZoneLossDuringRollout" → "Zone loss during rollout".</summary>
    public static string Sentence(string identifier) => Words(identifier) is [var first, .. var rest] ? char.ToUpperInvariant(first) + rest : "";

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelCase();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
