namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>How a container run ended: exit code, when it ran, which container it was.</summary>
internal sealed record ContainerExit(int ExitCode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string ContainerId)
{
    public string Reason => ExitCode == 0 ? "Completed" : "Error";
}
