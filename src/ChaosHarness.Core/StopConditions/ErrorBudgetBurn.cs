using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.StopConditions;

/// <summary>
/// The error budget burns too fast: over the last <paramref name="window"/>, failed requests exceed
/// <paramref name="budget"/> × <paramref name="maxBurnRate"/> of all requests.
/// </summary>
public sealed class ErrorBudgetBurn(double budget, double maxBurnRate, TimeSpan window, int minSamples = 10) : StopCondition
{
    public override string Name => $"error budget {budget.Percent(2)} burning faster than {maxBurnRate:0.#}× over {window.TotalSeconds:0.#}s";

    public override string? Tripped(ObservationContext context, DateTimeOffset now)
    {
        if (context.Traffic is null)
        {
            return null;
        }

        var w = context.Traffic.Last(window, now);
        if (w.Total < minSamples)
        {
            return null;
        }

        var failed = (double)w.Failed / w.Total;
        var burnRate = budget > 0 ? failed / budget : double.PositiveInfinity;
        return burnRate > maxBurnRate
            ? $"{Name}: {w.Failed} of {w.Total} requests failed in the last {window.TotalSeconds:0.#}s ({failed.Percent(1)}, burn rate {burnRate:0.#}×)"
            : null;
    }
}
