namespace ChaosHarness.Kube.Watching;

public sealed record WatcherOptions
{
    /// <summary>Asks the server to end each watch after this long (fleet time); the watcher then resumes from its resource version.</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait before reconnecting a dropped watch; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often to look again for a kind the cluster does not serve (e.g. no Argo Rollouts installed).</summary>
    public TimeSpan MissingKindRetry { get; init; } = TimeSpan.FromSeconds(60);
}
