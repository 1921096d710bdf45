namespace ChaosHarness.Fleet.Images;

/// <summary>What a version of an image does when it runs, in the words a release engineer uses for a bad version.</summary>
public enum ImageBehaviourKind
{
    /// <summary>Starts, passes readiness, answers requests.</summary>
    Healthy,

    /// <summary>Exits with code 1 shortly after each start: CrashLoopBackOff, restarts backing off 10 s doubling to 5 min.</summary>
    CrashLoop,

    /// <summary>Runs, but its readiness probe never passes.</summary>
    NeverReady,

    /// <summary>Ready, but answers a share of requests with 500.</summary>
    FailsRequests,

    /// <summary>Passes readiness only after a long warm-up.</summary>
    SlowStart,

    /// <summary>A controller that runs and is ready but never reconciles anything.</summary>
    NotReconciling,
}
