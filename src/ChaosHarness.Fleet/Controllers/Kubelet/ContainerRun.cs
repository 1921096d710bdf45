namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// One container as a simulated runtime runs it: created, running, ready, exited, backing off before a restart. Advanced
/// in steps to a given fleet instant by <see cref="AdvanceTo"/>; <see cref="NextChange"/> says when it next changes by itself.
/// </summary>
internal sealed class ContainerRun
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly Func<string> _newContainerId;

    public ContainerRun(string name, string image, ContainerScript script, int restartCount, DateTimeOffset creatingSince, Func<string> newContainerId)
    {
        Name = name;
        Image = image;
        Script = script;
        RestartCount = restartCount;
        CreatingSince = creatingSince;
        _newContainerId = newContainerId;
    }

    public string Name { get; }
    public string Image { get; }
    public ContainerScript Script { get; }
    public ContainerPhase Phase { get; private set; } = ContainerPhase.Creating;
    public int RestartCount { get; private set; }
    public DateTimeOffset CreatingSince { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public string? ContainerId { get; private set; }
    public bool HasEverRun { get; private set; }
    public ContainerExit? LastExit { get; private set; }
    public DateTimeOffset? BackoffUntil { get; private set; }

    public DateTimeOffset? ReadyAt => StartedAt is { } started && Script.ReadyAfter is { } after ? started + after : null;

    public bool IsReady(DateTimeOffset now) => Phase == ContainerPhase.Running && ReadyAt is { } at && at <= now;

    /// <summary>Whether this container is started again after it exits, under the pod's restart policy.</summary>
    public bool Restarts(string restartPolicy, int exitCode) =>
        restartPolicy == "Always" || (restartPolicy == "OnFailure" && exitCode != 0);

    public void AdvanceTo(DateTimeOffset now, string restartPolicy)
    {
        while (NextChange(restartPolicy) is { } at && at <= now)
        {
            switch (Phase)
            {
                case ContainerPhase.Creating:
                case ContainerPhase.BackingOff:
                    Phase = ContainerPhase.Running;
                    StartedAt = at;
                    ContainerId = _newContainerId();
                    HasEverRun = true;
                    BackoffUntil = null;
                    break;
                case ContainerPhase.Running:
                    var exit = new ContainerExit(Script.ExitCode, StartedAt!.Value, at, ContainerId!);
                    LastExit = exit;
                    StartedAt = null;
                    if (Restarts(restartPolicy, exit.ExitCode))
                    {
                        RestartCount++;
                        Phase = ContainerPhase.BackingOff;
                        var backoff = InitialBackoff * Math.Pow(2, Math.Min(RestartCount - 1, 10));
                        BackoffUntil = at + (backoff < MaxBackoff ? backoff : MaxBackoff);
                    }
                    else
                    {
                        Phase = ContainerPhase.Exited;
                    }

                    break;
            }
        }
    }

    /// <summary>When the container next changes by itself: starts, becomes ready, exits or ends its back-off.</summary>
    public DateTimeOffset? NextChange(string restartPolicy) => Phase switch
    {
        ContainerPhase.Creating => CreatingSince + Script.StartDelay,
        ContainerPhase.BackingOff => BackoffUntil,
        ContainerPhase.Running when Script.ExitAfter is { } exitAfter => StartedAt!.Value + exitAfter,
        _ => null,
    };

    /// <summary>The next instant the container's reported state changes (including becoming ready), for the kubelet to look again.</summary>
    public DateTimeOffset? NextReportChange(DateTimeOffset now, string restartPolicy)
    {
        var next = NextChange(restartPolicy);
        if (Phase == ContainerPhase.Running && ReadyAt is { } ready && ready > now && (next is null || ready < next)) next = ready;
        return next;
    }
}
