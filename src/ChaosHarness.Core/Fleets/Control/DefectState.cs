namespace ChaosHarness.Core.Fleets.Control;

/// <summary>One seeded defect: its name, what it breaks, and whether it is on.</summary>
public sealed record DefectState(string Name, string Description, bool On);
