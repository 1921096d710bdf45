namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The headers the traffic endpoint answers with. Region and cluster name where the load balancer sent the request (also
/// when it failed there); zone, version, pod-template hash and pod only when a pod answered. The version is the image tag
/// of the pod's app container (<c>v1</c>, <c>v2-errors30</c>), which is what a person reads on a dashboard; the hash, what
/// an analysis queries by, is in its own header. Latency is in milliseconds of fleet time.
/// </summary>
public static class TrafficHeaders
{
    public const string Region = "X-Served-Region";
    public const string Cluster = "X-Served-Cluster";
    public const string Zone = "X-Served-Zone";
    public const string Version = "X-Served-Version";
    public const string PodTemplateHash = "X-Served-Pod-Template-Hash";
    public const string Pod = "X-Served-Pod";
    public const string LatencyMilliseconds = "X-Served-Latency-Ms";
}
