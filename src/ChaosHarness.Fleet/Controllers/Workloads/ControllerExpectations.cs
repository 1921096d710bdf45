namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>
/// What a controller has asked for and not yet seen in its informers (client-go's UIDTrackingControllerExpectations): until
/// its creations and deletions are observed, or five minutes pass, it does not act on a stale cache again.
/// </summary>
internal sealed class ControllerExpectations(TimeProvider clock)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Expectation> _expectations = new(StringComparer.Ordinal);

    public bool Satisfied(string controller)
    {
        lock (_gate)
        {
            if (!_expectations.TryGetValue(controller, out var e)) return true;
            return (e.Creations <= 0 && e.Deletions.Count == 0) || clock.GetUtcNow() - e.SetAt > Timeout;
        }
    }

    public void ExpectCreations(string controller, int count) => Set(controller, count, []);

    public void ExpectDeletions(string controller, IEnumerable<string> podKeys) => Set(controller, 0, [.. podKeys]);

    public void CreationObserved(string controller)
    {
        lock (_gate)
        {
            if (_expectations.TryGetValue(controller, out var e)) e.Creations--;
        }
    }

    /// <summary>A creation that failed or was skipped will never be observed.</summary>
    public void CreationsSkipped(string controller, int count)
    {
        lock (_gate)
        {
            if (_expectations.TryGetValue(controller, out var e)) e.Creations -= count;
        }
    }

    public void DeletionObserved(string controller, string podKey)
    {
        lock (_gate)
        {
            if (_expectations.TryGetValue(controller, out var e)) e.Deletions.Remove(podKey);
        }
    }

    public void Forget(string controller)
    {
        lock (_gate) _expectations.Remove(controller);
    }

    private void Set(string controller, int creations, HashSet<string> deletions)
    {
        lock (_gate) _expectations[controller] = new Expectation { Creations = creations, Deletions = deletions, SetAt = clock.GetUtcNow() };
    }

    private sealed class Expectation
    {
        public int Creations { get; set; }
        public required HashSet<string> Deletions { get; init; }
        public DateTimeOffset SetAt { get; init; }
    }
}
