using ChaosHarness.Core.Faults;

namespace ChaosHarness.Testing;

/// <summary>
/// The fault families of the design (zone loss, region loss, API throttling, failed controller upgrade), told from a
/// fault's name and target: every fault names what it takes out ("zone outage of …", "AWS region outage …",
/// "API throttling of …", "failed upgrade of …"). The report files experiments under them (its epics).
/// </summary>
public static class FaultFamily
{
    public const string ZoneLoss = "Zone loss";
    public const string RegionLoss = "Region loss";
    public const string ApiThrottling = "API throttling";
    public const string FailedControllerUpgrade = "Failed controller upgrade";
    public const string Other = "Other faults";

    public static string Of(IFault fault)
    {
        var name = fault.Name;
        if (name.Contains("throttl", StringComparison.OrdinalIgnoreCase))
        {
            return ApiThrottling;
        }

        if (name.Contains("upgrade", StringComparison.OrdinalIgnoreCase))
        {
            return FailedControllerUpgrade;
        }

        if (name.Contains("region", StringComparison.OrdinalIgnoreCase) || fault.Target is { Region: not null, Zones: null or [] })
        {
            return RegionLoss;
        }

        if (name.Contains("zone", StringComparison.OrdinalIgnoreCase) || fault.Target.Zones is [_, ..])
        {
            return ZoneLoss;
        }

        return Other;
    }
}
