namespace ChaosHarness.Cloud;

/// <summary>A cloud fault was refused before it changed anything: its target does not exist, is empty, or is not ours to touch.</summary>
public sealed class CloudFaultException(string message, Exception? inner = null) : Exception(message, inner);
