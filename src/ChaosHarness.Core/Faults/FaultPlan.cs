using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Core.Faults;

/// <summary>Everything a fault would do, known before it does any of it.</summary>
public sealed record FaultPlan(string Intent, IReadOnlyList<FaultChange> Changes, BlastRadiusImpact Impact);
