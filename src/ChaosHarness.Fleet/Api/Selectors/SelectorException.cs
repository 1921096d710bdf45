namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// A label or field selector the API server refuses (400 BadRequest), worded as the real one words it, e.g.
/// <c>unable to parse requirement: …</c> or <c>field label not supported: spec.foo</c>.
/// </summary>
public sealed class SelectorException(string message) : Exception(message);
