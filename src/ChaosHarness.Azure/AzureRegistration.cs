using ChaosHarness.Core.Faults;

namespace ChaosHarness.Azure;

public static class AzureRegistration
{
    /// <summary>Lends the ARM access to Azure faults.</summary>
    public static ExperimentServices UseAzure(this ExperimentServices services, ArmAccess arm) => services.Add(arm);

    /// <summary>Registers the undo handlers of every Azure undo kind: needed by experiments and by <c>chaos revert</c>.</summary>
    public static UndoHandlers AddAzure(this UndoHandlers handlers, ArmAccess arm) => handlers.Add(new VmssInstancePowerOff(arm));
}
