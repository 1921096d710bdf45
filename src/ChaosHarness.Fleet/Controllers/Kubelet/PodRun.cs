namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>A pod as one kubelet runs it in one boot of its node: its sandbox (IP, start time) and containers.</summary>
internal sealed class PodRun
{
    public PodRun(string uid, int boot, DateTimeOffset startTime, string podIp, IReadOnlyList<ContainerRun> containers)
    {
        Uid = uid;
        Boot = boot;
        StartTime = startTime;
        PodIp = podIp;
        Containers = containers;
    }

    public string Uid { get; }
    public int Boot { get; }
    public DateTimeOffset StartTime { get; }
    public string PodIp { get; }
    public IReadOnlyList<ContainerRun> Containers { get; }

    /// <summary>When the kubelet began stopping the containers, after the pod was marked for deletion.</summary>
    public DateTimeOffset? StoppingSince { get; set; }

    /// <summary>Container events already recorded, so each is recorded once: "{container}/{what}/{restart}".</summary>
    public HashSet<string> RecordedEvents { get; } = [];
}
