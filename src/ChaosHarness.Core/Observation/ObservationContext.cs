using ChaosHarness.Core.Timelines;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Observation;

/// <summary>What expectations, steady-state checks and stop conditions evaluate: the watched fleet and the traffic.</summary>
public sealed record ObservationContext(ObservedState State, TrafficRecord? Traffic, Timeline Timeline, TimeProvider Clock)
{
    public TrafficRecord RequireTraffic(string who)
        => Traffic ?? throw new InvalidOperationException($"{who} needs a traffic probe: start one (StartTrafficProbe) before expecting it.");
}
