namespace ChaosHarness.Reporting.Allure;

public enum Severity
{
    Blocker,
    Critical,
    Normal,
    Minor,
    Trivial,
}
