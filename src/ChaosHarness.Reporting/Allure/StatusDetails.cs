namespace ChaosHarness.Reporting.Allure;

public sealed class StatusDetails
{
    public string? Message { get; set; }
    public string? Trace { get; set; }
    public bool Known { get; set; }
    public bool Muted { get; set; }
    public bool Flaky { get; set; }

    public static StatusDetails FromMessage(string message) => new() { Message = message };
}
