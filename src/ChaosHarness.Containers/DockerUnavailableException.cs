namespace ChaosHarness.Containers;

/// <summary>There is no Docker engine to run container regions on.</summary>
public sealed class DockerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
