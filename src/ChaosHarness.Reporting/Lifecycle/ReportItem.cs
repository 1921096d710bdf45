using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>A test, step or fixture that has started and may still be running; steps and attachments hang off it.</summary>
public abstract class ReportItem
{
    private protected ReportItem(ExecutableItem item, Lock gate)
    {
        Item = item;
        Gate = gate;
    }

    public string Name => Item.Name;

    /// <summary>Whether it has stopped; nothing more can be added to it.</summary>
    public bool IsStopped { get; internal set; }

    internal ExecutableItem Item { get; }

    /// <summary>One lock per result or container file: everything written into the same file takes it.</summary>
    internal Lock Gate { get; }

    /// <summary>The test this item belongs to, if it belongs to one (fixtures belong to containers).</summary>
    public abstract RunningTest? Test { get; }
}
