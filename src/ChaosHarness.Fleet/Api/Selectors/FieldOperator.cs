namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>Field selectors only test equality: <c>=</c> or <c>==</c>, and <c>!=</c>.</summary>
public enum FieldOperator { Equals, NotEquals }
