namespace ChaosHarness.Core.Observation;

/// <summary>
/// Wakes waiters whenever something they evaluate may have changed. Waiters read <see cref="Version"/>, evaluate,
/// then wait for a version past the one they saw, so no change slips between evaluating and waiting.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _version++;
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    /// <summary>Completes once the version is past <paramref name="seen"/>.</summary>
    public Task WaitPastAsync(long seen, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_version > seen)
            {
                return Task.CompletedTask;
            }

            next = _next.Task;
        }

        return next.WaitAsync(cancellationToken);
    }
}
