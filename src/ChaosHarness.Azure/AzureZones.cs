namespace ChaosHarness.Azure;

/// <summary>Fleet zone names (Kubernetes' <c>topology.kubernetes.io/zone</c>, e.g. <c>westeurope-2</c>) against Azure's zone numbers (<c>2</c>).</summary>
public static class AzureZones
{
    public static string ToAzureZone(string zone)
    {
        var dash = zone.LastIndexOf('-');
        return dash >= 0 && dash < zone.Length - 1 ? zone[(dash + 1)..] : zone;
    }
}
