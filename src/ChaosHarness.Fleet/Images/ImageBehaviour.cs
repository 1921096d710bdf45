namespace ChaosHarness.Fleet.Images;

/// <summary>
/// How containers of one image version behave: their lifecycle under the kubelet (crashing, readiness) and how they answer
/// requests (error share, latency). Latency is <see cref="Latency"/> plus an exponentially distributed jitter of mean
/// <see cref="LatencyJitter"/>, drawn per request from seeded randomness.
/// </summary>
public sealed record ImageBehaviour
{
    public static readonly TimeSpan DefaultLatency = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan DefaultLatencyJitter = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan DefaultCrashAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultSlowStart = TimeSpan.FromMinutes(3);

    public ImageBehaviourKind Kind { get; init; } = ImageBehaviourKind.Healthy;

    /// <summary>The share of requests (0–1) answered with 500 by a ready container.</summary>
    public double ErrorRate { get; init; }

    /// <summary>From start to exiting with code 1, for <see cref="ImageBehaviourKind.CrashLoop"/>.</summary>
    public TimeSpan CrashAfter { get; init; } = DefaultCrashAfter;

    /// <summary>From start to passing readiness at the earliest, for <see cref="ImageBehaviourKind.SlowStart"/>.</summary>
    public TimeSpan WarmUp { get; init; } = DefaultSlowStart;

    public TimeSpan Latency { get; init; } = DefaultLatency;
    public TimeSpan LatencyJitter { get; init; } = DefaultLatencyJitter;

    /// <summary>A controller of this version acts on what it watches; false for <see cref="ImageBehaviourKind.NotReconciling"/>.</summary>
    public bool Reconciles => Kind != ImageBehaviourKind.NotReconciling;

    /// <summary>
    /// The version works when a request reaches it: false for versions that crash or never pass readiness, whose containers
    /// (should a defect count them ready) answer 503.
    /// </summary>
    public bool Serves => Kind is not (ImageBehaviourKind.CrashLoop or ImageBehaviourKind.NeverReady);

    public static ImageBehaviour Healthy { get; } = new();
    public static ImageBehaviour CrashLoop { get; } = new() { Kind = ImageBehaviourKind.CrashLoop };
    public static ImageBehaviour NeverReady { get; } = new() { Kind = ImageBehaviourKind.NeverReady };
    public static ImageBehaviour SlowStart { get; } = new() { Kind = ImageBehaviourKind.SlowStart };
    public static ImageBehaviour NotReconciling { get; } = new() { Kind = ImageBehaviourKind.NotReconciling };

    /// <summary>Ready, answering <paramref name="percent"/> % of requests with 500.</summary>
    public static ImageBehaviour FailingRequests(double percent) =>
        percent is < 0 or > 100
            ? throw new ArgumentOutOfRangeException(nameof(percent), percent, "An error share is a percentage from 0 to 100.")
            : new ImageBehaviour { Kind = ImageBehaviourKind.FailsRequests, ErrorRate = percent / 100 };

    /// <summary>The same behaviour answering with another latency.</summary>
    public ImageBehaviour WithLatency(TimeSpan latency, TimeSpan jitter) => this with { Latency = latency, LatencyJitter = jitter };

    public override string ToString() => Kind switch
    {
        ImageBehaviourKind.FailsRequests => $"fails {ErrorRate * 100:0.#}% of requests",
        ImageBehaviourKind.CrashLoop => $"crash-loops (exits {CrashAfter.TotalSeconds:0.#}s after start)",
        ImageBehaviourKind.SlowStart => $"slow to start (ready after {WarmUp.TotalSeconds:0}s)",
        ImageBehaviourKind.NeverReady => "never ready",
        ImageBehaviourKind.NotReconciling => "ready but not reconciling",
        _ => "healthy",
    };
}
