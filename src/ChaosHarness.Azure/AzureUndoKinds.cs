namespace ChaosHarness.Azure;

/// <summary>The undo record kinds Azure faults journal; each has its handler.</summary>
public static class AzureUndoKinds
{
    /// <summary>Scale set instances the fault powered off: start exactly those.</summary>
    public const string PoweredOffInstances = "azure/vmss-powered-off-instances";
}
