namespace ChaosHarness.Reporting.Allure;

/// <summary>A set-up or tear-down that ran for the tests of a container; shaped like a step.</summary>
public sealed class FixtureResult : ExecutableItem;
