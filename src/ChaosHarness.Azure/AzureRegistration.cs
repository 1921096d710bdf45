using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;

namespace ChaosHarness.Azure;

public static class AzureRegistration
{
    /// <summary>Lends the ARM access to Azure faults, and makes zone and region outages of Azure clusters power off scale set instances.</summary>
    public static ExperimentServices UseAzure(this ExperimentServices services, ArmAccess arm)
    {
        OutageMechanisms.For(services).Add(new AzureZoneLoss());
        return services.Add(arm);
    }

    /// <summary>Registers the undo handlers of every Azure undo kind: needed by experiments and by <c>chaos revert</c>.</summary>
    public static UndoHandlers AddAzure(this UndoHandlers handlers, ArmAccess arm) => handlers.Add(new VmssInstancePowerOff(arm));
}
