namespace ChaosHarness.Reporting.Allure;

/// <param name="Type">"link", "issue" or "tms"; the report shows each kind with its own icon.</param>
public sealed record Link(string Name, string Url, string Type = "link");
