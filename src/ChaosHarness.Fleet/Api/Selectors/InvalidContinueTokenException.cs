namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// A <c>?continue=</c> token this server did not issue or cannot read (400 BadRequest); the message reads
/// <c>continue key is not valid: …</c> as the real API server's does.
/// </summary>
public sealed class InvalidContinueTokenException(string message) : Exception(message);
