namespace ChaosHarness.Fleet.Api;

/// <summary>One entry of a Status's <c>details.causes</c>, such as a field that failed validation.</summary>
public sealed record StatusCause(string Reason, string Message, string? Field = null);
