namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// Background traffic, so that metrics exist without anyone probing: every fleet second, as many requests as the rate asks
/// for over the fleet time that passed are pushed through the same load balancer the HTTP endpoint uses (without HTTP).
/// Its own seeded stream keeps its choices independent of the endpoint's.
/// </summary>
public sealed class LoadGenerator(GlobalLoadBalancer loadBalancer, TimeProvider clock, SeededStream stream, double requestsPerSecond)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private double _requestsPerSecond = requestsPerSecond;
    private long _sent;
    private long _failed;

    /// <summary>Requests per second of fleet time; changeable while running, 0 pauses.</summary>
    public double RequestsPerSecond
    {
        get => Volatile.Read(ref _requestsPerSecond);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _requestsPerSecond, value);
        }
    }

    public long Sent => Interlocked.Read(ref _sent);
    public long Failed => Interlocked.Read(ref _failed);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = clock.GetUtcNow();
        var owed = 0.0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Tick, clock, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                owed += RequestsPerSecond * (now - last).TotalSeconds;
                last = now;
                var count = (int)owed;
                owed -= count;
                Send(count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends <paramref name="count"/> requests at once.</summary>
    public void Send(int count)
    {
        var failed = 0;
        for (var i = 0; i < count; i++)
        {
            var dice = stream.Next();
            if (!loadBalancer.Route(ref dice).Succeeded) failed++;
        }

        Interlocked.Add(ref _sent, count);
        Interlocked.Add(ref _failed, failed);
    }
}
