namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>A provider that could not take a measurement: the measurement is an Error with this message.</summary>
public sealed class MeasurementException(string message) : Exception(message);
