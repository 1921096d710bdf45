using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

/// <summary>Over the last <paramref name="window"/>, at least <paramref name="objective"/> of probe requests succeeded.</summary>
public sealed class TrafficSucceeds(double objective, TimeSpan window, int minSamples = 5) : ISteadyStateCheck
{
    public string Name => $"traffic success ≥ {objective.Percent(1)}";

    public IReadOnlyList<ResourceKind> Reads { get; } = [];

    public SteadyStateFinding Evaluate(ObservationContext context, DateTimeOffset now)
    {
        var w = context.RequireTraffic(Name).Last(window, now);
        if (w.Total < minSamples)
        {
            return new SteadyStateFinding(Name, false, $"only {w.Total} request(s) in the last {window.TotalSeconds:0.#}s");
        }

        return new SteadyStateFinding(Name, w.SuccessRatio >= objective, w.ToString());
    }
}
