namespace ChaosHarness.Reporting.Generation;

public sealed class ReportGenerationException(string message) : Exception(message);
