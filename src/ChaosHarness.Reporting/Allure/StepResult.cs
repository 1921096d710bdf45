namespace ChaosHarness.Reporting.Allure;

public sealed class StepResult : ExecutableItem;
