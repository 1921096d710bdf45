namespace ChaosHarness.Fleet.Client;

/// <summary>
/// A controller's queue of keys to reconcile, as client-go's rate-limited work queue: a key is queued once however often it is
/// added, is never worked on by two workers at once (an add while it is processed runs it again afterwards), can be added after
/// a delay on the fleet clock, and backs off exponentially while its reconcile keeps failing.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    private static readonly TimeSpan BaseBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1000);

    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, DateTimeOffset> _waitingUntil = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> _waiting = new();
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly ITimer _timer;
    private DateTimeOffset? _timerDue;

    public WorkQueue(TimeProvider clock)
    {
        _clock = clock;
        _timer = clock.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised when a reconcile throws; the key is retried with backoff.</summary>
    public event Action<TKey, Exception>? Failed;

    public int Length
    {
        get { lock (_gate) return _ready.Count; }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key)) return;
            if (_processing.Contains(key)) return;
            _ready.Enqueue(key);
        }

        _available.Release();
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> of fleet time has passed (or earlier, if asked earlier).</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        var due = _clock.GetUtcNow() + delay;
        lock (_gate)
        {
            if (_waitingUntil.TryGetValue(key, out var already) && already <= due) return;
            _waitingUntil[key] = due;
            _waiting.Enqueue(key, due);
            ArmTimer();
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff: 5 ms, doubling per consecutive failure, at most 1000 s.</summary>
    public void AddRateLimited(TKey key)
    {
        int failures;
        lock (_gate)
        {
            _failures.TryGetValue(key, out failures);
            _failures[key] = failures + 1;
        }

        var backoff = BaseBackoff * Math.Pow(2, Math.Min(failures, 30));
        AddAfter(key, backoff < MaxBackoff ? backoff : MaxBackoff);
    }

    /// <summary>Clears the failure count of <paramref name="key"/>, after a reconcile succeeded.</summary>
    public void Forget(TKey key)
    {
        lock (_gate) _failures.Remove(key);
    }

    /// <summary>Runs <paramref name="workers"/> workers that reconcile keys until cancelled.</summary>
    public Task RunAsync(int workers, Func<TKey, CancellationToken, Task> reconcile, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(reconcile, cancellationToken), CancellationToken.None)));

    private async Task WorkAsync(Func<TKey, CancellationToken, Task> reconcile, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            TKey key;
            lock (_gate)
            {
                if (!_ready.TryDequeue(out key!)) continue;
                _dirty.Remove(key);
                _processing.Add(key);
            }

            try
            {
                await reconcile(key, cancellationToken).ConfigureAwait(false);
                Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Failed?.Invoke(key, e);
                AddRateLimited(key);
            }
            finally
            {
                Done(key);
            }
        }
    }

    private void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key)) return;
            _ready.Enqueue(key);
        }

        _available.Release();
    }

    private void PromoteDue()
    {
        var due = new List<TKey>();
        lock (_gate)
        {
            _timerDue = null;
            var now = _clock.GetUtcNow();
            while (_waiting.TryPeek(out var key, out var at) && at <= now)
            {
                _waiting.Dequeue();
                if (_waitingUntil.TryGetValue(key, out var wanted) && wanted == at)
                {
                    _waitingUntil.Remove(key);
                    due.Add(key);
                }
            }

            ArmTimer();
        }

        foreach (var key in due) Add(key);
    }

    private void ArmTimer()
    {
        if (!_waiting.TryPeek(out _, out var next)) return;
        if (_timerDue is { } armed && armed <= next) return;
        _timerDue = next;
        var delay = next - _clock.GetUtcNow();
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _available.Dispose();
    }
}
