namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>The chain of items started in the current async flow, innermost first.</summary>
internal sealed record ReportScope(ReportItem Item, ReportScope? Outer);
