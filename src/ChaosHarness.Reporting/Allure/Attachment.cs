namespace ChaosHarness.Reporting.Allure;

/// <param name="Source">The attachment's file name inside the results folder: <c>{uuid}-attachment.{ext}</c>.</param>
public sealed record Attachment(string Name, string Source, string Type);
