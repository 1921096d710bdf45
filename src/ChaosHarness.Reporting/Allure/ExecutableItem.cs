namespace ChaosHarness.Reporting.Allure;

/// <summary>What a test result, a step and a fixture have in common in the results format.</summary>
public abstract class ExecutableItem
{
    public string Name { get; set; } = "";

    public Status? Status { get; set; }

    public StatusDetails? StatusDetails { get; set; }
    public Stage Stage { get; set; } = Stage.Scheduled;
    public string? Description { get; set; }
    public string? DescriptionHtml { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long? Start { get; set; }

    /// <summary>Epoch milliseconds.</summary>
    public long? Stop { get; set; }

    public List<StepResult> Steps { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];
    public List<Parameter> Parameters { get; set; } = [];
}
