namespace ChaosHarness.Testing;

/// <summary>Starts an embedded fleet that writes its fleet.json into a state folder; disposing the handle stops it.</summary>
public interface IEmbeddedFleetLauncher
{
    Task<IAsyncDisposable> StartAsync(string stateDirectory, CancellationToken cancellationToken);
}
