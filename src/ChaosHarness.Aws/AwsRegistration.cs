using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;

namespace ChaosHarness.Aws;

public static class AwsRegistration
{
    /// <summary>Lends the EC2 access to AWS faults, and makes zone and region outages of AWS clusters use <paramref name="zoneOutage"/>.</summary>
    public static ExperimentServices UseAws(this ExperimentServices services, Ec2Access ec2, AwsZoneOutageMechanism zoneOutage = AwsZoneOutageMechanism.StopInstances)
    {
        OutageMechanisms.For(services).Add(new AwsZoneLoss(zoneOutage));
        return services.Add(ec2);
    }

    /// <summary>Registers the undo handlers of every AWS undo kind: needed by experiments and by <c>chaos revert</c>.</summary>
    public static UndoHandlers AddAws(this UndoHandlers handlers, Ec2Access ec2)
        => handlers.Add(new Ec2InstanceStop(ec2)).Add(new Ec2SubnetBlackhole(ec2));
}
