namespace ChaosHarness.Fleet.Traffic;

/// <summary>Why a request ended as it did; the traffic endpoint answers with the reason as its body.</summary>
public static class TrafficReasons
{
    public const string Served = "served";
    public const string AppError = "the app failed the request";
    public const string AppBroken = "the pod is not working (crashing or failing readiness)";
    public const string NoHealthyRegion = "no healthy region behind the load balancer";
    public const string RegionUnreachable = "the region did not answer before the backend timeout";
    public const string NoIngress = "no ready ingress controller in the cluster";
    public const string IngressBroken = "the ingress controller pod is not working";
    public const string IngressError = "the ingress controller failed the request";
    public const string NoRoute = "the ingress has no route for the app (default backend)";
    public const string NoEndpoints = "the app has no ready endpoints";
}
