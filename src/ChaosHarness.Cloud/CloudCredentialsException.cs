namespace ChaosHarness.Cloud;

/// <summary>No usable credentials for a cloud account were found; nothing was sent.</summary>
public sealed class CloudCredentialsException(string message, Exception? inner = null) : Exception(message, inner);
