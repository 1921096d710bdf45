using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults;

/// <summary>What a fault may use while it plans: the fleet, the run it belongs to, the clock, and provider services.</summary>
public sealed record FaultContext(Fleet Fleet, RunId Run, string FaultId, TimeProvider Clock, ExperimentServices Services);
