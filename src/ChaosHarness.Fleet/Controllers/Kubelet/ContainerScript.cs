namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// How one container behaves from the moment the kubelet starts creating it, in fleet time.
/// </summary>
/// <param name="StartDelay">From creation (image pull, sandbox) to running.</param>
/// <param name="ReadyAfter">From running to passing readiness; null: never ready.</param>
/// <param name="ExitAfter">From running to exiting with <paramref name="ExitCode"/>; null: runs until stopped.</param>
/// <param name="StopDelay">From the kubelet asking it to stop (SIGTERM) to having stopped, capped by the grace period.</param>
public sealed record ContainerScript(
    TimeSpan StartDelay,
    TimeSpan? ReadyAfter,
    TimeSpan? ExitAfter = null,
    int ExitCode = 1,
    TimeSpan? StopDelay = null)
{
    public static readonly TimeSpan DefaultStartDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultStopDelay = TimeSpan.FromSeconds(1);

    public TimeSpan EffectiveStopDelay => StopDelay ?? DefaultStopDelay;
}
