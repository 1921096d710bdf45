using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Fleet.Physics;

/// <summary>
/// Region loss as an API server in that region shows it to the outside: requests reach it (the connection is accepted)
/// but nothing answers until the region is back. Awaiting <see cref="WaitUntilReachableAsync"/> is that hang.
/// </summary>
public static class RegionReachability
{
    /// <summary>Completes at once for a reachable region, else when the region comes back (or on cancellation).</summary>
    public static Task WaitUntilReachableAsync(this FleetInfrastructure infrastructure, string region, CancellationToken cancellationToken) =>
        infrastructure.IsDark(region) ? WaitForReturnAsync(infrastructure, region, cancellationToken) : Task.CompletedTask;

    private static async Task WaitForReturnAsync(FleetInfrastructure infrastructure, string region, CancellationToken cancellationToken)
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged()
        {
            if (!infrastructure.IsDark(region)) back.TrySetResult();
        }

        infrastructure.Changed += OnChanged;
        try
        {
            OnChanged();
            await back.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            infrastructure.Changed -= OnChanged;
        }
    }
}
