namespace ChaosHarness.Kube.Access;

/// <summary>A mutating request was about to be sent during a dry run; it was stopped before leaving the process.</summary>
public sealed class DryRunViolationException(string cluster, string method, string path)
    : Exception($"Dry run: refused to send {method} {path} to cluster '{cluster}'. A dry run changes nothing.");
