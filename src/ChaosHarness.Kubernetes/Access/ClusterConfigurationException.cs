namespace ChaosHarness.Kube.Access;

/// <summary>A cluster's kubeconfig context cannot be used (missing file, unknown context, unusable credentials).</summary>
public sealed class ClusterConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
