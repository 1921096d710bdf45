namespace ChaosHarness.Testing.Running;

/// <summary>One experiment a selection would run.</summary>
public sealed record ExperimentCase(string FullName, string Name, IReadOnlyList<string> Categories);
