using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments;

/// <summary>Starts the embedded fleet inside the test process when the run names no fleet.</summary>
internal sealed class InProcessFleetLauncher : IEmbeddedFleetLauncher
{
    public async Task<IAsyncDisposable> StartAsync(string stateDirectory, CancellationToken cancellationToken)
        => await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = stateDirectory }, cancellationToken).ConfigureAwait(false);
}
