namespace ChaosHarness.Core.Guardrails;

/// <summary>An action was refused by a guardrail before anything was sent to the fleet.</summary>
public sealed class GuardrailViolationException(string message) : Exception(message);
