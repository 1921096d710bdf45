namespace ChaosHarness.Reporting.Generation;

/// <param name="IndexHtml">The report's entry page; serve its folder over HTTP, it does not load from file://.</param>
/// <param name="SingleFileHtml">The one-file report, when asked for; this one opens from file://.</param>
/// <param name="CarriedHistory">Whether a previous report's history was carried in.</param>
public sealed record GeneratedReport(string IndexHtml, string? SingleFileHtml, string? JUnitXml, int ResultCount, bool CarriedHistory);
