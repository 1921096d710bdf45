using System.Runtime.InteropServices;

namespace ChaosHarness.Cli;

/// <summary>Ctrl-C (SIGINT), SIGTERM and SIGQUIT, as one cancellation: the process then stops what it runs and exits on its own.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal(CancellationToken alsoOn)
    {
        _requested = CancellationTokenSource.CreateLinkedTokenSource(alsoOn);
        _registrations =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(signal =>
                PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _requested.Cancel();
                })),
        ];
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _requested.Dispose();
    }
}
